"""The public competence map of a network: page, embed, map data, open data, settings."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_http_methods

from nahwerk.matching.services import MatchingError
from nahwerk.networks.association import may_manage
from nahwerk.networks.models import Network
from nahwerk.queryparams import page_number
from nahwerk.showcase import services
from nahwerk.showcase.forms import EmbedSettingsForm, ShowcaseFilterForm

# Map data and exports: browsers and proxies may keep them a while; the ETag (the data
# version) makes the revalidation after that cheap.
MAX_AGE = 300


def _network(slug: str) -> Network:
    return get_object_or_404(Network, slug=slug)


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _directory(request: HttpRequest, network: Network, *, embedded: bool) -> dict[str, Any]:
    """What the map page and the embed share: the checked filters, the page of entries."""
    form = ShowcaseFilterForm(request.GET or None, network=network)
    context: dict[str, Any] = {
        "network": network,
        "form": form,
        "colours": services.embed_settings(network),
        "embedded": embedded,
        "licence": services.LICENCE,
        "licence_url": services.LICENCE_URL,
        "attribution": services.attribution(network),
        "valid": True,
        "kind_labels": services.kind_labels(),
        "organisation_url": reverse("directory:organisation", kwargs={"slug": "__slug__"}),
    }
    if request.GET and not form.is_valid():
        context["valid"] = False
        return context
    filters = form.filters() if request.GET else services.Filters()
    try:
        order = services.matching_ids(network, filters)
    except MatchingError as error:
        form.add_error("q", str(error))
        context["valid"] = False
        return context
    organisations = services.filtered_organisations(network, filters)
    number = page_number(request.GET)  # a bad number: 400 naming it
    # paged by id, in name order or the search's rank; one page's entries are then read
    ranked: Any = organisations.values_list("pk", flat=True) if order is None else order
    page = Paginator(ranked, services.PAGE_SIZE).get_page(number)
    ids = list(page.object_list)
    shown = services.entries(organisations.filter(pk__in=ids), order=ids)
    query = request.GET.copy()
    query.pop("page", None)
    context.update(
        page=page,
        entries=shown,
        filters=filters,
        query=query.urlencode(),
        data_url=reverse("showcase:map_data", args=[network.slug])
        + (f"?{query.urlencode()}" if filters.active else ""),
    )
    return context


def index(request: HttpRequest) -> HttpResponse:
    """The networks, each with a link to its competence map."""
    networks = Network.objects.order_by("name")
    return render(request, "showcase/index.html", {"networks": networks})


def showcase_map(request: HttpRequest, slug: str) -> HttpResponse:
    """The map and the directory of the network's public competences."""
    network = _network(slug)
    context = _directory(request, network, embedded=False)
    context["may_manage"] = may_manage(request.user, network)
    return render(request, "showcase/map.html", context, status=200 if context["valid"] else 400)


@xframe_options_exempt
def embed(request: HttpRequest, slug: str) -> HttpResponse:
    """The same map for other websites' frames, in the network's colours."""
    network = _network(slug)
    context = _directory(request, network, embedded=True)
    response = render(
        request, "showcase/embed.html", context, status=200 if context["valid"] else 400
    )
    origins = services.embed_settings(network).origins
    # this page only: any website, or the ones the network named, may show it in a frame
    response._csp_replace = {"frame-ancestors": origins or ["*"]}  # type: ignore[attr-defined]
    return response


def embed_script(request: HttpRequest, slug: str) -> HttpResponse:
    """The script a website includes: it puts the embed page in a frame where it stands."""
    network = _network(slug)
    body = render(
        request,
        "showcase/embed.js",
        {
            "embed_url": json.dumps(
                request.build_absolute_uri(reverse("showcase:embed", args=[network.slug]))
            ),
            "title": json.dumps(_("Competence map of %(network)s") % {"network": network.name}),
        },
        content_type="text/javascript; charset=utf-8",
    )
    patch_cache_control(body, public=True, max_age=3600)
    body["Access-Control-Allow-Origin"] = "*"
    return body


def colours_css(request: HttpRequest, slug: str) -> HttpResponse:
    """The network's colours as CSS variables (the policy allows no inline styles)."""
    colours = services.embed_settings(_network(slug))
    response = render(
        request,
        "showcase/colours.css",
        {"colours": colours},
        content_type="text/css; charset=utf-8",
    )
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def _versioned(request: HttpRequest, version: str, body: bytes, content_type: str) -> HttpResponse:
    etag = f'"{version}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    # the same for every visitor (the public's view); only the licence line is translated
    response["Vary"] = "Accept-Language"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def map_data(request: HttpRequest, slug: str) -> HttpResponse:
    """The markers as GeoJSON: all public entries (cached per data version), or a filtered set."""
    network = _network(slug)
    if not request.GET:
        version, body = services.map_data(network)
        return _versioned(request, version, body, "application/geo+json")
    form = ShowcaseFilterForm(request.GET, network=network)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    filters = form.filters()
    try:
        order = services.matching_ids(network, filters)
    except MatchingError as error:
        return JsonResponse({"errors": {"q": [str(error)]}}, status=400)
    body = services.filtered_map_data(network, filters, order)
    return HttpResponse(body, content_type="application/geo+json")


def export_geojson(request: HttpRequest, slug: str) -> HttpResponse:
    version, body = services.export_geojson(_network(slug), _site_url(request))
    response = _versioned(request, version, body, "application/geo+json")
    response["Content-Disposition"] = f'attachment; filename="kompetenzen-{slug}.geojson"'
    return response


def export_csv(request: HttpRequest, slug: str) -> HttpResponse:
    version, body = services.export_csv(_network(slug), _site_url(request))
    response = _versioned(request, version, body, "text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kompetenzen-{slug}.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def embed_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """The manager's page: the network's colours, who may embed, and the embed code."""
    network = _network(slug)
    if not may_manage(request.user, network):
        raise PermissionDenied(_("Only managers of this network may open this page."))
    instance = services.embed_settings(network)
    if request.method == "POST":
        form = EmbedSettingsForm(request.POST, instance=instance)
        if form.is_valid():
            form.save()
            messages.success(request, _("The settings of the competence map have been saved."))
            return redirect("showcase:settings", slug=network.slug)
    else:
        form = EmbedSettingsForm(instance=instance)
    site = _site_url(request)
    embed_url = site + reverse("showcase:embed", args=[network.slug])
    script_url = site + reverse("showcase:embed_script", args=[network.slug])
    context = {
        "network": network,
        "form": form,
        # shown as text (the template escapes it): the code to copy
        "iframe_code": format_html(
            '<iframe src="{}" title="{}" width="100%" height="720" style="border:0" '
            'loading="lazy"></iframe>',
            embed_url,
            _("Competence map of %(network)s") % {"network": network.name},
        ),
        "script_code": format_html('<script src="{}" async></script>', script_url),
        "embed_url": embed_url,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "showcase/settings.html", context, status=status)
