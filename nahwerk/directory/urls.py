"""Pages of the directory: the list of organisations, an organisation's page, its editing."""

from django.urls import path

from nahwerk.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("<slug:slug>/", views.organisation_detail, name="organisation"),
    path("<slug:slug>/bearbeiten/", views.organisation_edit, name="edit"),
]
