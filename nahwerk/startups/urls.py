"""URLs of start-ups and investors, under /gruendungen/."""

from __future__ import annotations

from django.urls import path

from nahwerk.startups import views

app_name = "startups"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("startups/<slug:slug>/", views.startup_detail, name="startup"),
    path("startups/<slug:slug>/bearbeiten/", views.startup_edit, name="startup_edit"),
    path("startups/<slug:slug>/investoren/", views.startup_matches, name="startup_matches"),
    path("fonds/neu/", views.fund_edit, name="fund_create"),
    path("fonds/<int:pk>/", views.fund_detail, name="fund"),
    path("fonds/<int:pk>/bearbeiten/", views.fund_edit, name="fund_edit"),
    path("fonds/<int:pk>/startups/", views.fund_matches, name="fund_matches"),
    path("fonds/<int:pk>/loeschen/", views.fund_delete, name="fund_delete"),
    path("mentoring/", views.mentoring, name="mentoring"),
    path("mentoring/<int:pk>/bearbeiten/", views.mentor_edit, name="mentor_edit"),
    path("mentoring/<int:pk>/zurueckziehen/", views.mentor_withdraw, name="mentor_withdraw"),
    path("netzwerke/<slug:slug>/pipeline/", views.pipeline, name="pipeline"),
]
