"""The partner search page."""

from django.urls import path

from nahwerk.matching import views

app_name = "matching"

urlpatterns = [
    path("", views.search, name="search"),
]
