"""The personal start page, mounted at /uebersicht/."""

from django.urls import path

from nahwerk.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.start, name="start"),
]
