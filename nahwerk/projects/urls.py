"""Platform projects, the manager's overview and the networks' fields of action."""

from django.urls import path

from nahwerk.projects import views

app_name = "projects"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("meine/", views.my_projects, name="mine"),
    path("neu/", views.project_create, name="create"),
    path("neu/aus-konsortium/", views.create_from_consortium, name="create_from_consortium"),
    path("neu/aus-bedarf/<int:need_pk>/", views.create_from_need, name="create_from_need"),
    path("benachrichtigungen/", views.notifications, name="notifications"),
    path("handlungsfelder/<slug:slug>/", views.fields_of_action, name="fields"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/bearbeiten/", views.project_edit, name="edit"),
]
