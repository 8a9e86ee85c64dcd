"""A network's public competence map under /kompetenzen/<network>/."""

from django.urls import path

from nahwerk.showcase import views

app_name = "showcase"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.showcase_map, name="map"),
    path("<slug:slug>/karte.geojson", views.map_data, name="map_data"),
    path("<slug:slug>/export.geojson", views.export_geojson, name="export_geojson"),
    path("<slug:slug>/export.csv", views.export_csv, name="export_csv"),
    path("<slug:slug>/einbetten/", views.embed, name="embed"),
    path("<slug:slug>/einbetten.js", views.embed_script, name="embed_script"),
    path("<slug:slug>/farben.css", views.colours_css, name="colours"),
    path("<slug:slug>/einstellungen/", views.embed_settings, name="settings"),
]
