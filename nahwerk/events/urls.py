"""Events, registration, B2B matchmaking and agendas."""

from django.urls import path

from nahwerk.events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("neu/", views.event_create, name="create"),
    path("netzwerk/<slug:slug>.ics", views.network_calendar, name="network_calendar"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/bearbeiten/", views.event_edit, name="edit"),
    path("<slug:slug>/anmelden/", views.register, name="register"),
    path("<slug:slug>/abmelden/", views.cancel, name="cancel"),
    path("<slug:slug>/teilnehmende/", views.participants, name="participants"),
    path("<slug:slug>/zeitplan/einrichten/", views.schedule_setup, name="schedule_setup"),
    path("<slug:slug>/zeitplan/", views.schedule, name="schedule"),
    path("<slug:slug>/zeitplan/abbrechen/", views.schedule_cancel, name="schedule_cancel"),
    path("<slug:slug>/zeitplan/<int:pk>/", views.schedule_run, name="schedule_run"),
    path("<slug:slug>/profil/", views.event_profile, name="profile"),
    path("<slug:slug>/treffen/", views.matchmaking, name="matchmaking"),
    path("<slug:slug>/anfragen/", views.meeting_requests, name="requests"),
    path("<slug:slug>/verfuegbarkeit/", views.availability, name="availability"),
    path("<slug:slug>/agenda/", views.agenda, name="agenda"),
    path("<slug:slug>/agenda.ics", views.agenda_ics, name="agenda_ics"),
    path("<slug:slug>/agenda.pdf", views.agenda_pdf, name="agenda_pdf"),
]
