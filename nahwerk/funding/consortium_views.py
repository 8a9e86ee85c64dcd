"""The consortium builder page: choose a call or idea and a lead, see and adjust the team."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from nahwerk.funding.consortium import (
    ConsortiumError,
    Proposal,
    build_consortium,
    lead_choices,
    rule_text,
)
from nahwerk.funding.consortium_forms import ConsortiumForm
from nahwerk.matching.services import MatchingError, index_ready
from nahwerk_engine.consortium import Candidate, Role


@login_required
def builder(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not lead_choices(user).exists():
        raise PermissionDenied(_("Only network managers and member organisations build consortia."))
    bound = "lead" in request.GET
    initial = {"call": request.GET.get("call")} if not bound and request.GET.get("call") else {}
    form = ConsortiumForm(request.GET if bound else None, user=user, initial=initial)
    context: dict[str, Any] = {"form": form, "proposal": None, "index_ready": index_ready()}
    status = 200
    if bound and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = build_consortium(
                user=user,
                lead=data["lead"],
                call=data["call"],
                idea=data["idea"],
                competences=data["competences"],
                chosen=data["chosen"],
            )
        except ConsortiumError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            status = 400
        except MatchingError as error:
            form.add_error(None, str(error))
        else:
            context.update(
                proposal=proposal,
                roles=[present_role(role, proposal, request) for role in proposal.team.roles],
                checks=[
                    {
                        "text": rule_text(c.rule),
                        "required": c.required,
                        "achieved": c.achieved,
                        "met": c.met,
                    }
                    for c in proposal.team.checks
                ],
                save_url=reverse("projects:create_from_consortium"),
                partners=[p for p in proposal.team.partners],
            )
    elif bound:
        status = 400
    return render(request, "funding/consortium.html", context, status=status)


def present_role(role: Role, proposal: Proposal, request: HttpRequest) -> dict[str, Any]:
    return {
        "role": role,
        "member": present_member(role.member, proposal) if role.member else None,
        "alternatives": [
            {
                **present_member(alternative, proposal),
                "swap_url": swap_url(request, role.key, alternative.organisation_id),
            }
            for alternative in (role.alternatives if not role.added_for_rule else ())
        ],
        "helps": [rule_text(rule) for rule in role.helps],
    }


def present_member(candidate: Candidate, proposal: Proposal) -> dict[str, Any]:
    return {
        "candidate": candidate,
        "organisation": proposal.organisations.get(candidate.organisation_id),
        "distance": round(candidate.distance_km) if candidate.distance_km is not None else None,
    }


def swap_url(request: HttpRequest, key: str, organisation_id: int) -> str:
    """The current page with one role swapped; the other swaps stay."""
    params = [
        (name, value)
        for name, values in request.GET.lists()
        for value in values
        if not (name == "use" and value.split(":", 1)[0] == key)
    ]
    params.append(("use", f"{key}:{organisation_id}"))
    return f"{request.path}?{urlencode(params)}"
