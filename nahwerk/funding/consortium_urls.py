"""The consortium builder page (mounted at /foerderung/konsortium/)."""

from django.urls import path

from nahwerk.funding import consortium_views

app_name = "consortium"

urlpatterns = [
    path("", consortium_views.builder, name="builder"),
]
