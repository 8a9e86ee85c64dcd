"""Start page and network pages."""

from django.urls import path

from nahwerk.networks import views

app_name = "networks"

urlpatterns = [
    path("", views.home, name="home"),
    path("netzwerke/<slug:slug>/", views.network_detail, name="detail"),
    path("netzwerke/<slug:slug>/karte.geojson", views.network_geojson, name="geojson"),
    path("karte/netzwerke.geojson", views.overview_geojson, name="overview_geojson"),
    path("karte/kreise/<str:ags>.geojson", views.district_geojson, name="district_geojson"),
]
