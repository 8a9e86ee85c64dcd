"""The comparison page: two to four networks or districts side by side (/regionen/vergleich/)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nahwerk.reference.models import District
from nahwerk.regional import comparison
from nahwerk.regional.choices import ATTRIBUTION
from nahwerk.regional.views import YEAR_PARAMETER, _year

NETWORK_PARAMETER = "netzwerk"
DISTRICT_PARAMETER = "kreis"


def compare(request: HttpRequest) -> HttpResponse:
    slugs = request.GET.getlist(NETWORK_PARAMETER)
    keys = request.GET.getlist(DISTRICT_PARAMETER)
    chosen = [s for s in slugs if s.strip()] + [k for k in keys if k.strip()]
    context = {
        "networks": comparison.networks_for_choice(),
        "districts": District.objects.defer("boundary").order_by("name"),
        "chosen_networks": set(slugs),
        "district_slots": ([k for k in keys if k.strip()] + [""] * comparison.MAX_SUBJECTS)[
            : comparison.MAX_SUBJECTS
        ],
        "attribution": ATTRIBUTION,
        "year_parameter": YEAR_PARAMETER,
        "network_parameter": NETWORK_PARAMETER,
        "district_parameter": DISTRICT_PARAMETER,
        "minimum": comparison.MIN_SUBJECTS,
        "maximum": comparison.MAX_SUBJECTS,
    }
    if not chosen and YEAR_PARAMETER not in request.GET:
        return render(request, "regional/comparison.html", context)
    year = _year(request)
    try:
        networks, districts = comparison.validate_choice(slugs, keys)
    except comparison.InvalidChoice as error:
        context["error"] = error.message
        return render(request, "regional/comparison.html", context, status=400)
    result = comparison.compare(networks, districts, user=request.user, year=year)
    context["comparison"] = result
    context["chart_data"] = result.chart_data()
    context["profile"] = result.subjects[0].profile  # the year form
    return render(request, "regional/comparison.html", context)
