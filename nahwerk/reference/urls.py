"""The map ground, drawn by every map when no tile server is configured."""

from django.urls import path

from nahwerk.reference import views

app_name = "reference"

urlpatterns = [
    path("karte/grund.json", views.ground, name="ground"),
]
