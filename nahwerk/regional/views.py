"""Pages of the regional statistics: profiles of network regions and districts, white spots,
and the cooperation network."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from nahwerk.accounts.permissions import managed_network_ids
from nahwerk.networks.models import Network
from nahwerk.queryparams import InvalidParameter, parse_whole_number
from nahwerk.reference.models import District
from nahwerk.regional import cooperation, services
from nahwerk.regional.choices import ATTRIBUTION, SECTOR_SHORT_LABELS, Sector

YEAR_PARAMETER = "jahr"


def _year(request: HttpRequest) -> int | None:
    """The year asked for (``?jahr=2019``), None for the latest; 400 for a year not imported."""
    raw = request.GET.get(YEAR_PARAMETER)
    if raw is None or raw == "":
        return None
    year = parse_whole_number(YEAR_PARAMETER, raw, minimum=1900, maximum=2100)
    years = services.available_years()
    if year not in years:
        raise InvalidParameter(
            YEAR_PARAMETER,
            raw,
            _("there are figures for the years %(years)s.")
            % {"years": ", ".join(str(y) for y in years) or "\u2013"},
        )
    return year


def manages(user: Any, network: Network) -> bool:
    """Member-level figures and white spots: the network's managers and site administrators."""
    return network.pk in managed_network_ids(user)


def chart_rows(profile: services.RegionProfile) -> list[tuple[str, float | None]]:
    """The leaf sectors' short labels and location quotients, in the table's order."""
    return [
        (str(SECTOR_SHORT_LABELS.get(Sector(row.sector), row.label)), row.stats.lq)
        for row in profile.chart_rows
    ]


def _profile_context(request: HttpRequest, profile: services.RegionProfile) -> dict[str, Any]:
    rows = chart_rows(profile)
    return {
        "profile": profile,
        "chart_rows": rows,
        # for Chart.js (regional/lq-chart.js), via json_script
        "chart_data": {
            "labels": [label for label, _lq in rows],
            "datasets": [{"label": profile.region.name, "data": [lq for _label, lq in rows]}],
            "reference": 1.0,
        },
        "attribution": ATTRIBUTION,
        "year_parameter": YEAR_PARAMETER,
    }


def index(request: HttpRequest) -> HttpResponse:
    ags = request.GET.get("kreis", "").strip()
    if ags:
        district = District.objects.filter(ags=ags).only("ags").first()
        if district is None:
            raise InvalidParameter("kreis", ags, _("expected the 5-digit key of a district."))
        return redirect("regional:district", ags=district.ags)
    context = {
        "networks": services.networks_with_regions(),
        "districts": District.objects.defer("boundary").order_by("name"),
        "years": services.available_years(),
        "attribution": ATTRIBUTION,
    }
    return render(request, "regional/index.html", context)


def network_profile(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_object_or_404(Network, slug=slug)
    profile = services.region_profile(services.network_region(network), _year(request))
    context = _profile_context(request, profile)
    context["network"] = network
    context["is_manager"] = manages(request.user, network)
    if context["is_manager"]:
        context["divisions"] = services.members_by_division(network)
        context["projects"] = services.projects_by_district(profile.region)
    return render(request, "regional/network_profile.html", context)


def district_profile(request: HttpRequest, ags: str) -> HttpResponse:
    district = get_object_or_404(District.objects.defer("boundary"), ags=ags)
    profile = services.region_profile(services.district_region(district), _year(request))
    context = _profile_context(request, profile)
    context["district"] = district
    context["networks"] = district.networks.order_by("name")
    return render(request, "regional/district_profile.html", context)


@login_required
def white_spots(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_object_or_404(Network, slug=slug)
    if not manages(request.user, network):
        raise PermissionDenied(_("Only the network's managers see its white spots."))
    report = services.white_spot_report(network, request.user, _year(request))
    context = {
        "network": network,
        "report": report,
        "profile": report.profile,
        "attribution": ATTRIBUTION,
        "year_parameter": YEAR_PARAMETER,
        "sector_labels": {row.sector: row.label for row in report.profile.rows},
    }
    return render(request, "regional/white_spots.html", context)


FIRST_YEAR_PARAMETER, LAST_YEAR_PARAMETER = "von", "bis"


def _manager_or_403(request: HttpRequest, network: Network) -> None:
    if not manages(request.user, network):
        raise PermissionDenied(_("Only the network's managers see its cooperation network."))


def _cooperation_page(
    request: HttpRequest, network: Network, *, error: str = "", status: int = 200
) -> HttpResponse:
    period = cooperation.parse_period(request.GET, FIRST_YEAR_PARAMETER, LAST_YEAR_PARAMETER)
    try:
        report = cooperation.cooperation_report(network, request.user, period)
    except cooperation.AnalysisPending as pending:
        context = {"network": network, "period": period, "ties": pending.ties}
        return render(request, "regional/cooperation_pending.html", context, status=status)
    context = {
        "network": network,
        "report": report,
        "period": period,
        "graph": report.graph_data(),
        "first_parameter": FIRST_YEAR_PARAMETER,
        "last_parameter": LAST_YEAR_PARAMETER,
        "query": request.GET.urlencode(),
        "error": error,
        "kind_labels": cooperation.TIE_KIND_LABELS,
    }
    return render(request, "regional/cooperation.html", context, status=status)


@login_required
def cooperation_network(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_object_or_404(Network, slug=slug)
    _manager_or_403(request, network)
    return _cooperation_page(request, network)


@login_required
@require_POST
def send_introduction(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_object_or_404(Network, slug=slug)
    _manager_or_403(request, network)
    ids = []
    for name in ("a", "b"):
        raw = request.POST.get(name, "")
        try:
            ids.append(parse_whole_number(name, raw))
        except InvalidParameter as problem:
            return _cooperation_page(request, network, error=problem.message, status=400)
    try:
        introduction = cooperation.send_introduction(
            network=network,
            user=request.user,
            first=ids[0],
            second=ids[1],
            reason=request.POST.get("reason", ""),
        )
    except cooperation.IntroductionError as problem:
        return _cooperation_page(request, network, error=str(problem), status=400)
    messages.success(
        request,
        ngettext(
            "Introduction of %(a)s and %(b)s sent to %(count)d contact person.",
            "Introduction of %(a)s and %(b)s sent to %(count)d contact people.",
            introduction.recipients,
        )
        % {
            "a": introduction.organisation_a.name,
            "b": introduction.organisation_b.name,
            "count": introduction.recipients,
        },
    )
    url = reverse("regional:cooperation", kwargs={"slug": network.slug})
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url)
