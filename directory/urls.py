"""Pages of the directory: an organisation's public page and its profile editing."""

from django.urls import path

from directory import views

app_name = "directory"

urlpatterns = [
    path("<slug:slug>/", views.organisation_detail, name="organisation"),
    path("<slug:slug>/bearbeiten/", views.organisation_edit, name="edit"),
]
