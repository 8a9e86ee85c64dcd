"""The talent exchange under /talente/."""

from django.urls import path

from nahwerk.talent import views

app_name = "talent"

urlpatterns = [
    path("", views.board, name="board"),
    path("neu/", views.posting_form, name="create"),
    path("eingang/", views.inbox, name="inbox"),
    path("bewerbungen/<int:pk>/", views.application_detail, name="application"),
    path("bewerbungen/<int:pk>/anlage.pdf", views.attachment, name="attachment"),
    path("bewerbungen/<int:pk>/daten.json", views.applicant_export, name="applicant_export"),
    path("<slug:slug>/", views.posting_detail, name="posting"),
    path("<slug:slug>/bearbeiten/", views.posting_form, name="edit"),
    path("<slug:slug>/beenden/", views.close, name="close"),
    path("<slug:slug>/bewerben/", views.apply, name="apply"),
    path("<slug:slug>/bewerben/gesendet/", views.applied, name="applied"),
]
