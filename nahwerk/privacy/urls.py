"""Privacy pages under /datenschutz/."""

from django.urls import path

from nahwerk.privacy import views

app_name = "privacy"

PERSON = {"kind": "person"}
ACCOUNT = {"kind": "account"}

urlpatterns = [
    path("meine-daten/", views.my_data, name="my_data"),
    path("meine-daten/export/", views.my_data_export, name="my_data_export"),
    path("meine-daten/loeschen/", views.erase_my_data, name="erase_my_data"),
    path(
        "meine-daten/einwilligungen/<int:pk>/widerrufen/",
        views.withdraw_consent,
        name="withdraw_consent",
    ),
    path("anfragen/", views.requests_list, name="requests"),
    path("anfragen/personen/<int:pk>/", views.request_detail, PERSON, name="person_request"),
    path("anfragen/personen/<int:pk>/export/", views.request_export, PERSON, name="person_export"),
    path("anfragen/konten/<int:pk>/", views.request_detail, ACCOUNT, name="account_request"),
    path("anfragen/konten/<int:pk>/export/", views.request_export, ACCOUNT, name="account_export"),
    path("protokoll/", views.audit_log, name="audit_log"),
    path("verarbeitung/", views.processing, name="processing"),
    path("verarbeitung/<slug:slug>/", views.processing, name="network_processing"),
]
