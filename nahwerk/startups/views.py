"""Pages of start-ups, investors and mentors, and the manager's start-up pipeline."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from nahwerk.accounts.permissions import (
    Viewer,
    member_network_ids,
    visible_organisations,
)
from nahwerk.directory.choices import OrganisationKind
from nahwerk.directory.models import Organisation
from nahwerk.forms import add_validation_errors
from nahwerk.networks.models import Network
from nahwerk.startups import services
from nahwerk.startups.access import (
    StartupViewer,
    may_edit_fund,
    may_edit_mentor_offer,
    may_edit_startup,
    visible_funds,
    visible_mentor_offers,
    visible_startups,
)
from nahwerk.startups.choices import PipelineStage, Stage
from nahwerk.startups.forms import (
    InvestorProfileForm,
    MentorOfferForm,
    PipelineAddForm,
    PipelineMoveForm,
    StartupProfileForm,
    consenting_people,
)
from nahwerk.startups.matching import euros, funds_for, startups_for
from nahwerk.startups.models import (
    InvestorProfile,
    MentorOffer,
    PipelineEntry,
    PipelineMove,
    StartupProfile,
)


def _own_startup(user: Any) -> StartupProfile | None:
    if not (user.is_authenticated and user.organisation_id):
        return None
    return StartupProfile.objects.filter(organisation_id=user.organisation_id).first()


def _shown(viewer: StartupViewer, profile: StartupProfile) -> dict[str, Any]:
    released = viewer.released(profile)
    if released.get("capital_sought") is not None:
        released["capital_sought"] = euros(released["capital_sought"])
    return released


def overview(request: HttpRequest) -> HttpResponse:
    """Start-ups and investors of the networks, as far as the visitor may see them."""
    user: Any = request.user
    viewer = StartupViewer(user)
    startups = [
        (p, _shown(viewer, p))
        for p in visible_startups(user).select_related("organisation__district")
    ]
    funds = visible_funds(user).select_related("organisation").prefetch_related("networks")
    own_org = user.organisation if user.is_authenticated and user.organisation_id else None
    context = {
        "startups": startups,
        "funds": funds,
        "own_startup": _own_startup(user),
        "own_org_is_startup": own_org is not None and own_org.kind == OrganisationKind.STARTUP,
        "own_org": own_org,
        "own_funds": InvestorProfile.objects.filter(organisation=own_org) if own_org else [],
        "managed_networks": Network.objects.filter(pk__in=services.managed_network_ids(user)),
    }
    return render(request, "startups/overview.html", context)


def startup_detail(request: HttpRequest, slug: str) -> HttpResponse:
    user: Any = request.user
    profile = get_object_or_404(
        visible_startups(user).select_related("organisation__district"), organisation__slug=slug
    )
    viewer = StartupViewer(user)
    context = {
        "profile": profile,
        "organisation": profile.organisation,
        "released": _shown(viewer, profile),
        "may_edit": may_edit_startup(user, profile.organisation),
        "org_visible": visible_organisations(user).filter(pk=profile.organisation_id).exists(),
        "codes": list(profile.industry_codes.all())
        or list(profile.organisation.industry_codes.all()),
    }
    return render(request, "startups/startup.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def startup_edit(request: HttpRequest, slug: str) -> HttpResponse:
    user: Any = request.user
    organisation = get_object_or_404(Organisation, slug=slug)
    if not may_edit_startup(user, organisation):
        raise PermissionDenied(
            _("Only the start-up's own users and its network's managers may edit it.")
        )
    if organisation.kind != OrganisationKind.STARTUP:
        raise Http404(_("This organisation is not a start-up."))
    profile = StartupProfile.objects.filter(organisation=organisation).first()
    form = StartupProfileForm(request.POST or None, instance=profile)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            saved = form.save(commit=False)
            saved.organisation = organisation
            saved.save()
            form.save_m2m()
            messages.success(request, _("The start-up profile has been saved."))
            return HttpResponseRedirect(saved.get_absolute_url())
        status = 400
    return render(
        request,
        "startups/startup_form.html",
        {"form": form, "organisation": organisation, "profile": profile},
        status=status,
    )


@login_required
def startup_matches(request: HttpRequest, slug: str) -> HttpResponse:
    """The funds that fit the start-up, and why; the others with what stands against them."""
    user: Any = request.user
    profile = get_object_or_404(
        StartupProfile.objects.select_related("organisation__district"), organisation__slug=slug
    )
    if not may_edit_startup(user, profile.organisation):
        raise PermissionDenied(
            _("Only the start-up's own users and its network's managers see its matches.")
        )
    fitting, others = funds_for(profile, user)
    return render(
        request,
        "startups/startup_matches.html",
        {"profile": profile, "fitting": fitting, "others": others},
    )


def fund_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    fund = get_object_or_404(
        visible_funds(user)
        .select_related("organisation")
        .prefetch_related("districts", "networks", "industry_codes"),
        pk=pk,
    )
    return render(
        request,
        "startups/fund.html",
        {
            "fund": fund,
            "may_edit": may_edit_fund(user, fund),
            "ticket_min": euros(fund.ticket_min),
            "ticket_max": euros(fund.ticket_max),
            "stage_names": _stage_labels(fund.stages),
        },
    )


def _stage_labels(values: list[str]) -> list[str]:
    names = dict(Stage.choices)
    return [str(names.get(v, v)) for v in values]


@login_required
@require_http_methods(["GET", "POST"])
def fund_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user: Any = request.user
    fund = None
    if pk is not None:
        fund = get_object_or_404(InvestorProfile, pk=pk)
        if not may_edit_fund(user, fund):
            raise PermissionDenied(_("Only the fund's own users may edit it."))
    elif not user.organisation_id:
        raise PermissionDenied(_("Only users of an organisation can enter a fund."))
    form = InvestorProfileForm(request.POST or None, instance=fund)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            saved = form.save(commit=False)
            if fund is None:
                saved.organisation_id = user.organisation_id
            saved.save()
            form.save_m2m()
            messages.success(request, _("The investor profile has been saved."))
            return HttpResponseRedirect(saved.get_absolute_url())
        status = 400
    return render(request, "startups/fund_form.html", {"form": form, "fund": fund}, status=status)


@login_required
def fund_matches(request: HttpRequest, pk: int) -> HttpResponse:
    """The start-ups that fit the fund, each with only what it released to investors."""
    user: Any = request.user
    fund = get_object_or_404(InvestorProfile.objects.select_related("organisation"), pk=pk)
    if not may_edit_fund(user, fund):
        raise PermissionDenied(_("Only the fund's own users see its matching start-ups."))
    fitting, not_fitting = startups_for(fund, user)
    for match in fitting:
        if match.released.get("capital_sought") is not None:
            match.released["capital_sought"] = euros(match.released["capital_sought"])
    return render(
        request,
        "startups/fund_matches.html",
        {"fund": fund, "fitting": fitting, "not_fitting": not_fitting},
    )


@login_required
@require_http_methods(["GET", "POST"])
def mentoring(request: HttpRequest) -> HttpResponse:
    """Mentor offers of the networks' members; a member organisation enters its own."""
    user: Any = request.user
    networks = Network.objects.filter(pk__in=member_network_ids(user)).order_by("name")
    form = None
    if user.organisation_id and networks.exists():
        form = MentorOfferForm(
            request.POST or None, networks=networks, people=consenting_people(user.organisation_id)
        )
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("Only users of a member organisation can offer mentoring."))
        if form.is_valid():
            offer = form.save(commit=False)
            offer.organisation_id = user.organisation_id
            offer.created_by = user
            offer.save()
            messages.success(request, _("Your mentor offer has been published to the network."))
            return HttpResponseRedirect(request.path)
        status = 400
    viewer = Viewer(user)
    offers = []
    for offer in visible_mentor_offers(user).select_related("organisation", "person", "network"):
        mentor = ""
        if offer.person is not None and viewer.sees(offer.person.visibility, offer.organisation):
            mentor = offer.person.full_name
        offers.append((offer, mentor, may_edit_mentor_offer(user, offer)))
    return render(
        request, "startups/mentoring.html", {"offers": offers, "form": form}, status=status
    )


def _own_offer(request: HttpRequest, pk: int) -> MentorOffer:
    offer = get_object_or_404(
        MentorOffer.objects.select_related("organisation", "network", "person"), pk=pk
    )
    if not may_edit_mentor_offer(request.user, offer):
        raise PermissionDenied(_("Only the offering organisation's users may change this offer."))
    return offer


@login_required
@require_http_methods(["GET", "POST"])
def mentor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The offering organisation changes its mentor offer (topics, time, mentor, network)."""
    offer = _own_offer(request, pk)
    networks = Network.objects.filter(
        Q(pk__in=member_network_ids(request.user)) | Q(pk=offer.network_id)
    ).order_by("name")
    form = MentorOfferForm(
        request.POST or None,
        instance=offer,
        networks=networks,
        people=consenting_people(offer.organisation_id),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Your mentor offer has been saved."))
            return HttpResponseRedirect(reverse("startups:mentoring"))
        status = 400
    return render(
        request, "startups/mentor_form.html", {"form": form, "offer": offer}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def mentor_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw (delete) a mentor offer, after asking once."""
    offer = _own_offer(request, pk)
    if request.method == "POST":
        offer.delete()
        messages.success(request, _("Your mentor offer has been withdrawn."))
        return HttpResponseRedirect(reverse("startups:mentoring"))
    return render(
        request,
        "startups/confirm_delete.html",
        {
            "title": _("Withdraw mentor offer"),
            "question": _("Withdraw the mentor offer “%(topics)s” from %(network)s?")
            % {"topics": offer.topics[:80], "network": offer.network},
            "button": _("Withdraw offer"),
            "back": reverse("startups:mentoring"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def fund_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """The fund's own users delete its profile, after asking once."""
    user: Any = request.user
    fund = get_object_or_404(InvestorProfile, pk=pk)
    if not may_edit_fund(user, fund):
        raise PermissionDenied(_("Only the fund's own users may delete it."))
    if request.method == "POST":
        name = fund.name
        fund.delete()
        messages.success(
            request, _("The investor profile %(name)s has been deleted.") % {"name": name}
        )
        return HttpResponseRedirect(reverse("startups:overview"))
    return render(
        request,
        "startups/confirm_delete.html",
        {
            "title": _("Delete investor profile"),
            "question": _("Delete the investor profile %(name)s? Start-ups will no longer find it.")
            % {"name": fund.name},
            "button": _("Delete profile"),
            "back": fund.get_absolute_url(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def pipeline(request: HttpRequest, slug: str) -> HttpResponse:
    """The network's start-up pipeline: add a start-up, move it on with a date and a note."""
    user: Any = request.user
    network = get_object_or_404(Network, slug=slug)
    if not services.may_manage(user, network):
        raise PermissionDenied(_("Only managers of this network may open its start-up pipeline."))
    candidates = (
        visible_startups(user)
        .exclude(pipeline_entries__network=network)
        .select_related("organisation")
    )
    add_form = PipelineAddForm(prefix="add", startups=candidates)
    move_forms: dict[int, PipelineMoveForm] = {}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "add":
            add_form = PipelineAddForm(request.POST, prefix="add", startups=candidates)
            if add_form.is_valid():
                try:
                    services.add_to_pipeline(
                        manager=user,
                        network=network,
                        startup=add_form.cleaned_data["startup"],
                        note=add_form.cleaned_data["note"],
                        day=add_form.cleaned_data["moved_on"],
                    )
                    messages.success(request, _("The start-up is in the pipeline now."))
                    return HttpResponseRedirect(request.path)
                except ValidationError as error:
                    add_validation_errors(add_form, error)
            status = 400
        elif action == "move":
            entry = get_object_or_404(PipelineEntry, pk=request.POST.get("entry"), network=network)
            move_form = PipelineMoveForm(request.POST, prefix=f"move{entry.pk}")
            move_forms[entry.pk] = move_form
            if move_form.is_valid():
                try:
                    services.move_in_pipeline(
                        manager=user,
                        entry=entry,
                        to_stage=move_form.cleaned_data["to_stage"],
                        note=move_form.cleaned_data["note"],
                        day=move_form.cleaned_data["moved_on"],
                        amount=move_form.cleaned_data["amount"],
                    )
                    messages.success(
                        request,
                        _("%(startup)s has been moved.") % {"startup": entry.startup},
                    )
                    return HttpResponseRedirect(request.path)
                except ValidationError as error:
                    add_validation_errors(move_form, error)
            status = 400
        else:
            return HttpResponse(_("Unknown step."), status=400)
    entries = list(
        PipelineEntry.objects.filter(network=network)
        .select_related("startup__organisation")
        .prefetch_related(
            Prefetch("moves", queryset=PipelineMove.objects.select_related("moved_by"))
        )
    )
    for entry in entries:
        form = move_forms.get(entry.pk) or PipelineMoveForm(prefix=f"move{entry.pk}")
        entry.move_form = form  # type: ignore[attr-defined]
    columns = []
    for value, label in PipelineStage.choices:
        columns.append((value, label, [e for e in entries if e.stage == value]))
    return render(
        request,
        "startups/pipeline.html",
        {
            "network": network,
            "columns": columns,
            "entries": entries,
            "add_form": add_form,
            "stages": PipelineStage.choices,
            "matches_url": reverse("startups:overview"),
        },
        status=status,
    )
