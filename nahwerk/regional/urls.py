"""Regional statistics under /regionen/."""

from django.urls import path

from nahwerk.regional import comparison_views, views

app_name = "regional"

urlpatterns = [
    path("", views.index, name="index"),
    path("vergleich/", comparison_views.compare, name="comparison"),
    path("netzwerke/<slug:slug>/", views.network_profile, name="network"),
    path("netzwerke/<slug:slug>/weisse-flecken/", views.white_spots, name="white_spots"),
    path(
        "netzwerke/<slug:slug>/kooperationen/",
        views.cooperation_network,
        name="cooperation",
    ),
    path(
        "netzwerke/<slug:slug>/kooperationen/vorstellen/",
        views.send_introduction,
        name="introduce",
    ),
    path("kreise/<str:ags>/", views.district_profile, name="district"),
]
