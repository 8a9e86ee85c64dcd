"""Start page and network pages."""

from django.urls import path

from nahwerk.networks import association_views, views

app_name = "networks"

urlpatterns = [
    path("", views.home, name="home"),
    path("netzwerke/<slug:slug>/", views.network_detail, name="detail"),
    path("netzwerke/<slug:slug>/karte.geojson", views.network_geojson, name="geojson"),
    path(
        "netzwerke/<slug:slug>/mitgliedschaft/",
        association_views.membership,
        name="membership",
    ),
    path("netzwerke/<slug:slug>/verein/", association_views.association_page, name="association"),
    path("netzwerke/<slug:slug>/verein/beitraege/", association_views.dues_page, name="dues"),
    path(
        "netzwerke/<slug:slug>/verein/mitgliederliste.pdf",
        association_views.member_list,
        {"fmt": "pdf"},
        name="member_list_pdf",
    ),
    path(
        "netzwerke/<slug:slug>/verein/mitgliederliste.xlsx",
        association_views.member_list,
        {"fmt": "xlsx"},
        name="member_list_xlsx",
    ),
    path("karte/netzwerke.geojson", views.overview_geojson, name="overview_geojson"),
    path("karte/kreise/<str:ags>.geojson", views.district_geojson, name="district_geojson"),
]
