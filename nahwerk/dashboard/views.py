"""The personal start page ("Meine Übersicht"); the queries live in dashboard.services."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nahwerk.dashboard import services


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """Where a user lands after login: what waits for them, per role."""
    page = services.build_start_page(user=request.user)
    return render(request, "dashboard/start.html", {"page": page})
