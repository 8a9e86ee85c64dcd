"""The partner search page: a need in free text, filters, a ranked and explained list, a map."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.permissions import Viewer
from directory.models import Organisation
from matching import services
from matching.explanations import present
from matching.forms import SearchForm
from matching.maps import results_map_data
from matching.services import MatchingError
from reference.models import Postcode

RESULT_LIMIT = 20


def index_ready() -> bool:
    return (services.index_dir() / services.VERSION_FILE).exists()


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
            context.update(
                searched=True,
                results=results,
                map_data=results_map_data(origin=origin, markers=markers),
            )
    return render(request, "matching/search.html", context)


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
