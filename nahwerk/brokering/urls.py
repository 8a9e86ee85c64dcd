"""Needs, the brokering inbox and the manager overview."""

from django.urls import path

from nahwerk.brokering import views

app_name = "brokering"

urlpatterns = [
    path("", views.need_list, name="list"),
    path("neu/", views.need_create, name="create"),
    path("eingang/", views.inbox, name="inbox"),
    path("uebersicht/", views.overview, name="overview"),
    path("benachrichtigungen/", views.notifications, name="notifications"),
    path("<int:pk>/", views.need_detail, name="need"),
    path("<int:pk>/bearbeiten/", views.need_edit, name="edit"),
]
