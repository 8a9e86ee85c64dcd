"""The partner search page: a need in free text, filters, a ranked and explained list, a map."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from nahwerk.accounts.permissions import Viewer
from nahwerk.directory.models import Organisation
from nahwerk.matching import services
from nahwerk.matching.explanations import by_fit, present
from nahwerk.matching.forms import SearchForm
from nahwerk.matching.maps import results_map_data
from nahwerk.matching.services import MatchingError
from nahwerk.reference.models import Postcode

RESULT_LIMIT = 20


def index_ready() -> bool:
    return services.index_ready()


# a profile change reaches the next search at once: never from the cache of public pages
@never_cache
def search(request: HttpRequest) -> HttpResponse:
    user = request.user
    asker: Organisation | None = (
        getattr(user, "organisation", None) if user.is_authenticated else None
    )
    bound = "q" in request.GET
    form = SearchForm(request.GET if bound else None, user=user, asker=asker)
    ready = index_ready()
    context: dict[str, Any] = {"form": form, "index_ready": ready, "searched": False}
    if bound and ready and form.is_valid():
        near = form.cleaned_data["near"]
        try:
            matches = form.find_partners(user, limit=RESULT_LIMIT)
        except MatchingError as error:
            form.add_error(None, str(error))
        else:
            origin = origin_of(near, asker)
            results = present(
                matches,
                need_text=form.cleaned_data["q"],
                viewer=Viewer(user),
                origin=origin["label"] if origin else "",
            )
            markers = [marker for r in results if (marker := r.marker()) is not None]
            close, partial = by_fit(results)
            context.update(
                searched=True,
                results=results,
                close_results=close,
                partial_results=partial,
                map_data=results_map_data(origin=origin, markers=markers),
                wider_url=wider_search_url(request, form.narrowing()),
                post_need_url=post_need_url(request, form.cleaned_data["q"]),
                history_url=""
                if form.cleaned_data.get("include_history")
                else f"{request.path}?{_with(request, include_history='1')}",
            )
    return render(request, "matching/search.html", context)


def wider_search_url(request: HttpRequest, narrowing: list[str]) -> str:
    """The same search without its filters, or "" when it had none."""
    if not narrowing:
        return ""
    query = request.GET.copy()
    for name in narrowing:
        query.pop(name, None)
    return f"{request.path}?{query.urlencode()}"


def _with(request: HttpRequest, **params: str) -> str:
    query = request.GET.copy()
    for name, value in params.items():
        query[name] = value
    return query.urlencode()


def post_need_url(request: HttpRequest, text: str) -> str:
    """Where the user can post this search as a need, or "" when they cannot post needs."""
    from nahwerk.brokering.services import networks_for_posting

    user: Any = request.user
    if not user.is_authenticated or not networks_for_posting(user):
        return ""
    return f"{reverse('brokering:create')}?{urlencode({'beschreibung': text})}"


def origin_of(near: str | None, asker: Organisation | None) -> dict[str, Any] | None:
    """Where distances were measured from, for the text and the map."""
    if near:
        entry = Postcode.objects.filter(code=near).first()
        if entry is not None:
            label = _("postcode %(code)s (%(place)s)") % {"code": entry.code, "place": entry.place}
            return {"lat": entry.latitude, "lon": entry.longitude, "label": label}
    elif asker is not None and asker.latitude is not None and asker.longitude is not None:
        return {"lat": asker.latitude, "lon": asker.longitude, "label": asker.name}
    return None
