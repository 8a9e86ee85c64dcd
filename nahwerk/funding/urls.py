"""Pages of the funding catalogue (``/foerderung/``)."""

from django.urls import path

from nahwerk.funding import views

app_name = "funding"

urlpatterns = [
    path("", views.call_search, name="search"),
    path("aufrufe/<int:pk>/", views.call_detail, name="call"),
    path("aufrufe/<int:pk>/folgen/", views.call_follow, name="follow"),
    path("aufrufe/<int:pk>/senden/", views.call_send, name="send"),
    path("fristen/", views.followed, name="followed"),
    path("fristen.ics", views.deadlines_ics, name="deadlines_ics"),
    path("fuer/<slug:slug>/", views.organisation_calls, name="organisation_calls"),
    path("programme/", views.programme_list, name="programmes"),
    path("programme/neu/", views.programme_edit, name="programme_new"),
    path("programme/<int:pk>/", views.programme_detail, name="programme"),
    path("programme/<int:pk>/bearbeiten/", views.programme_edit, name="programme_edit"),
    path("programme/<int:programme_pk>/aufrufe/neu/", views.call_edit, name="call_new"),
    path(
        "programme/<int:programme_pk>/aufrufe/<int:pk>/bearbeiten/",
        views.call_edit,
        name="call_edit",
    ),
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_preview, name="import_preview"),
]
