"""Public pages of the directory."""

from django.urls import path

from directory import views

app_name = "directory"

urlpatterns = [
    path("<slug:slug>/", views.organisation_detail, name="organisation"),
]
