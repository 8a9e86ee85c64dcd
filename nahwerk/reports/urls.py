"""A network's key figures under /regionen/netzwerke/<network>/kennzahlen/."""

from django.urls import path

from nahwerk.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("bericht.pdf", views.report_pdf, name="report_pdf"),
    path("bericht.xlsx", views.report_xlsx, name="report_xlsx"),
    path("abonnieren/", views.subscribe, name="subscribe"),
    path("abonnements/<int:pk>/beenden/", views.unsubscribe, name="unsubscribe"),
]
