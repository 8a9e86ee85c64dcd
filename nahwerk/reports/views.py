"""The key figures dashboard of a network, its report downloads and subscriptions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nahwerk.accounts.permissions import managed_network_ids
from nahwerk.networks.models import Network
from nahwerk.reports import report as reports
from nahwerk.reports.forms import FROM_PARAMETER, TO_PARAMETER, SubscriptionForm, period_from
from nahwerk.reports.keyfigures import Period, key_figures
from nahwerk.reports.models import ReportSubscription
from nahwerk.startups.services import pipeline_figures


def _managed_network(request: HttpRequest, slug: str) -> Network:
    network = get_object_or_404(Network, slug=slug)
    if network.pk not in managed_network_ids(request.user):
        raise PermissionDenied(_("Only the network's managers see its key figures."))
    return network


def _period(request: HttpRequest) -> Period:
    return period_from(request.GET, timezone.localdate())


def chart_data(figures: Any) -> dict[str, Any]:
    """What keyfigures.js draws; the same numbers stand in the tables beside the charts."""
    s = figures.series
    return {
        "labels": s.labels,
        "charts": {
            "members": [
                {"label": _("Members"), "data": s.members},
            ],
            "joined": [
                {"label": _("Joined"), "data": s.joined},
                {"label": _("Left"), "data": s.left},
            ],
            "needs": [
                {"label": _("Needs posted"), "data": s.needs_posted},
                {"label": _("Needs answered"), "data": s.needs_answered},
            ],
            "events": [
                {"label": _("Events held"), "data": s.events_held},
                {"label": _("Participants"), "data": s.participants},
                {"label": _("B2B meetings held"), "data": s.meetings_held},
            ],
        },
    }


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    network = _managed_network(request, slug)
    period = _period(request)
    figures = key_figures(network, period)
    query = f"{FROM_PARAMETER}={period.start:%Y-%m-%d}&{TO_PARAMETER}={period.end:%Y-%m-%d}"
    context = {
        "network": network,
        "figures": figures,
        "period": period,
        "chart_data": chart_data(figures),
        "query": query,
        "from_parameter": FROM_PARAMETER,
        "to_parameter": TO_PARAMETER,
        "subscriptions": ReportSubscription.objects.filter(network=network),
        "form": SubscriptionForm(initial={"language": request.LANGUAGE_CODE[:2]}),
        "startup_figures": pipeline_figures(network, period.start, period.end),
    }
    return render(request, "reports/keyfigures.html", context)


def _download(request: HttpRequest, slug: str, extension: str) -> HttpResponse:
    network = _managed_network(request, slug)
    report = reports.build_report(network, _period(request))
    if extension == "pdf":
        body, mime = reports.render_pdf(report), reports.PDF_MIME
    else:
        body, mime = reports.render_xlsx(report), reports.XLSX_MIME
    response = HttpResponse(body, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{report.filename(extension)}"'
    return response


@login_required
def report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    return _download(request, slug, "pdf")


@login_required
def report_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    return _download(request, slug, "xlsx")


@login_required
@require_POST
def subscribe(request: HttpRequest, slug: str) -> HttpResponse:
    network = _managed_network(request, slug)
    form = SubscriptionForm(request.POST)
    if form.is_valid():
        subscription = form.save(commit=False)
        subscription.network = network
        subscription.created_by = request.user
        subscription.save()
        messages.success(request, _("The report will be sent by mail."))
        return redirect("reports:dashboard", slug=network.slug)
    context = {
        "network": network,
        "form": form,
        "subscriptions": ReportSubscription.objects.filter(network=network),
    }
    return render(request, "reports/subscriptions.html", context, status=400)


@login_required
@require_POST
def unsubscribe(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = _managed_network(request, slug)
    get_object_or_404(ReportSubscription, network=network, pk=pk).delete()
    messages.success(request, _("The subscription was ended."))
    return redirect("reports:dashboard", slug=network.slug)
