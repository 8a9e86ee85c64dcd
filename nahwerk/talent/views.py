"""Pages of the talent exchange: the board, a posting, applying, the inbox, posting forms."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nahwerk.accounts.permissions import is_site_admin
from nahwerk.forms import add_validation_errors
from nahwerk.matching.maps import results_map_data
from nahwerk.matching.services import MatchingError
from nahwerk.ratelimits import client_ip, too_many_requests, wait_seconds
from nahwerk.reference.models import District
from nahwerk.talent import matching, services
from nahwerk.talent import privacy as talent_privacy
from nahwerk.talent.choices import EMPLOYMENT_TYPE, ApplicationStatus, PostingKind
from nahwerk.talent.forms import ApplicationForm, BoardForm, PostingForm, StatusForm
from nahwerk.talent.models import Posting
from nahwerk_engine.geo import Point, distance_km

BOARD_LIMIT = 100


def _board_districts() -> list[District]:
    ids = Posting.objects.on_board().values("district_id")
    return list(District.objects.filter(pk__in=ids).order_by("name"))


def _filtered(form: BoardForm) -> tuple[list[Posting], dict[int, float], set[int]]:
    """The postings the filters leave (the first BOARD_LIMIT), their distances, all their ids."""
    data = form.cleaned_data
    postings: QuerySet[Posting] = Posting.objects.on_board()
    if data.get("kind"):
        postings = postings.filter(kind=data["kind"])
    if data.get("field_of_work"):
        postings = postings.filter(field_of_work=data["field_of_work"])
    if data.get("wz_section"):
        postings = postings.filter(
            organisation__industry_codes__section=data["wz_section"]
        ).distinct()
    if data.get("district"):
        postings = postings.filter(district__ags=data["district"])
    if data.get("language"):
        postings = postings.filter(language__in=[data["language"], "de_en"])
    # the distance filter needs every matching posting's place, not only the first page's
    places = list(postings.values_list("pk", "latitude", "longitude"))
    ids = [pk for pk, _lat, _lon in places]
    distances: dict[int, float] = {}
    origin = data.get("near")
    if origin is not None:
        here = Point(lat=origin.latitude, lon=origin.longitude)
        for pk, lat, lon in places:
            if lat is not None and lon is not None:
                distances[pk] = distance_km(here, Point(lat=lat, lon=lon))
        limit = data.get("max_distance_km")
        if limit is not None:
            ids = [pk for pk in ids if pk in distances and distances[pk] <= limit]
        ids.sort(key=lambda pk: distances.get(pk, float("inf")))
    shown = Posting.objects.select_related("organisation", "district", "chair").in_bulk(
        ids[:BOARD_LIMIT]
    )
    return [shown[pk] for pk in ids[:BOARD_LIMIT]], distances, set(ids)


@require_GET
def board(request: HttpRequest) -> HttpResponse:
    """The public board: open postings, filters, the postings fitting an interest, a map."""
    form = BoardForm(request.GET or None, districts=_board_districts())
    context: dict[str, Any] = {"form": form, "interest": "", "fits": None}
    status = 200
    if form.is_bound and not form.is_valid():
        rows: list[Posting] = []
        distances: dict[int, float] = {}
        matching_ids: set[int] = set()
        status = 400
    else:
        if not form.is_bound:
            form = BoardForm({}, districts=_board_districts())
            form.is_valid()
        rows, distances, matching_ids = _filtered(form)
        interest = form.cleaned_data.get("interest", "")
        if interest:
            try:
                fits = matching.postings_for_interest(interest, limit=20)
            except MatchingError as error:
                form.add_error("interest", str(error))
                status = 400
            else:
                # the interest ranks within what the filters leave
                context["fits"] = [f for f in fits if f.posting.pk in matching_ids]
                context["interest"] = interest
    origin = form.cleaned_data.get("near") if form.is_valid() else None
    shown = [f.posting for f in context["fits"]] if context["fits"] is not None else rows
    markers = [
        {
            "rank": n,
            "name": p.title,
            "url": p.get_absolute_url(),
            "lat": p.latitude,
            "lon": p.longitude,
            "place": f"{p.organisation.name}, {p.place}",
        }
        for n, p in enumerate(shown, start=1)
        if p.latitude is not None and p.longitude is not None
    ]
    context.update(
        postings=[(p, distances.get(p.pk)) for p in rows],
        total=len(matching_ids),
        map_data=results_map_data(
            origin={"lat": origin.latitude, "lon": origin.longitude, "label": origin.code}
            if origin
            else None,
            markers=markers,
        ),
        may_post=bool(
            request.user.is_authenticated and getattr(request.user, "organisation_id", None)
        ),
    )
    return render(request, "talent/board.html", context, status=status)


def json_ld(posting: Posting) -> str:
    """schema.org JobPosting of a posting, for search engines (no applicant data in it)."""
    org = posting.organisation
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": posting.title,
        "description": posting.description,
        "datePosted": posting.created_at.date().isoformat(),
        "validThrough": posting.expires_on.isoformat(),
        "employmentType": EMPLOYMENT_TYPE.get(PostingKind(posting.kind), "OTHER"),
        "hiringOrganization": {"@type": "Organization", "name": org.name},
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "postalCode": posting.postcode or org.postcode,
                "addressLocality": posting.place,
                "addressCountry": "DE",
            },
        },
    }
    if org.website:
        data["hiringOrganization"]["sameAs"] = org.website
    if posting.latitude is not None and posting.longitude is not None:
        data["jobLocation"]["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": posting.latitude,
            "longitude": posting.longitude,
        }
    if posting.starts_on:
        data["jobStartDate"] = posting.starts_on.isoformat()
    if posting.language:
        data["inLanguage"] = "de, en" if posting.language == "de_en" else posting.language
    # "</" must not end the script element early
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def _posting_for(request: HttpRequest, slug: str) -> tuple[Posting, bool]:
    posting = get_object_or_404(
        Posting.objects.select_related("organisation", "chair", "district"), slug=slug
    )
    owner = services.may_post_for(request.user, posting.organisation)
    if not (posting.on_board or owner):
        raise Http404
    return posting, owner


@require_GET
def posting_detail(request: HttpRequest, slug: str) -> HttpResponse:
    posting, owner = _posting_for(request, slug)
    context: dict[str, Any] = {"posting": posting, "owner": owner, "json_ld": json_ld(posting)}
    if owner:
        context["application_count"] = posting.applications.count()
        if posting.is_thesis:
            try:
                chairs = matching.fitting_chairs(posting, user=request.user)
            except MatchingError:
                chairs = []
            context["chairs"] = chairs
    return render(request, "talent/posting.html", context)


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    """Applying without an account: contact, message, a PDF, consent."""
    posting = get_object_or_404(Posting.objects.select_related("organisation"), slug=slug)
    if not posting.on_board:
        raise Http404
    form = ApplicationForm(request.POST or None, request.FILES or None)
    form.fields["consent"].label = services.consent_text(posting)
    status = 200
    if request.method == "POST":
        # anyone may apply without an account: one address sends at most a few an hour
        wait = wait_seconds(
            request,
            group="talent-apply",
            rate=settings.TALENT_APPLICATIONS_PER_IP,
            key=client_ip(request),
        )
        if wait is not None:
            return too_many_requests(request, wait)
        if form.is_valid():
            try:
                services.apply(posting=posting, data=form.to_input())
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                return HttpResponseRedirect(reverse("talent:applied", kwargs={"slug": slug}))
        status = 400
    return render(request, "talent/apply.html", {"posting": posting, "form": form}, status=status)


@require_GET
def applied(request: HttpRequest, slug: str) -> HttpResponse:
    posting = get_object_or_404(Posting, slug=slug)
    return render(
        request,
        "talent/applied.html",
        {"posting": posting, "days": services.retention_days()},
    )


def _require_organisation(request: HttpRequest) -> None:
    user: Any = request.user
    if not (is_site_admin(user) or user.organisation_id):
        raise PermissionDenied(
            _("Only users of an organisation can post and receive applications.")
        )


@login_required
@require_http_methods(["GET", "POST"])
def posting_form(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """A new posting of the user's organisation, or a change of one of its postings."""
    _require_organisation(request)
    user: Any = request.user
    posting = get_object_or_404(services.editable_postings(user), slug=slug) if slug else None
    organisation = posting.organisation if posting else user.organisation
    if organisation is None:
        raise PermissionDenied(
            _("Only users of an organisation can post and receive applications.")
        )
    initial: dict[str, Any] = {}
    if posting is not None:
        initial = {name: getattr(posting, name) for name in services.POSTING_FIELDS}
    form = PostingForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = services.save_posting(
                    user=user, organisation=organisation, data=form.to_input(), posting=posting
                )
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, _("The posting is on the board."))
                return HttpResponseRedirect(saved.get_absolute_url())
        status = 400
    return render(
        request,
        "talent/posting_form.html",
        {"form": form, "posting": posting, "organisation": organisation},
        status=status,
    )


@login_required
@require_POST
def close(request: HttpRequest, slug: str) -> HttpResponse:
    posting = get_object_or_404(services.editable_postings(request.user), slug=slug)
    services.close_posting(user=request.user, posting=posting)
    messages.success(request, _("The posting has left the board."))
    return HttpResponseRedirect(reverse("talent:inbox"))


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """The organisation's postings and the applications to them, newest first."""
    _require_organisation(request)
    user: Any = request.user
    applications = services.readable_applications(user).select_related("posting")
    status = request.GET.get("status", "")
    if status and status not in ApplicationStatus.values:
        return HttpResponse(
            _("Unknown status: %(value)s") % {"value": status},
            status=400,
            content_type="text/plain",
        )
    if status:
        applications = applications.filter(status=status)
    return render(
        request,
        "talent/inbox.html",
        {
            "applications": applications,
            "postings": services.editable_postings(user).select_related("organisation"),
            "statuses": ApplicationStatus.choices,
            "status": status,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(
        services.readable_applications(request.user).select_related("posting__organisation"),
        pk=pk,
    )
    if request.method == "POST" and request.POST.get("action") == "erase":
        # the applicant withdrew consent or asked for erasure: all they sent to this organisation
        count = talent_privacy.erase_applications_of(
            [application.email], within=services.readable_applications(request.user)
        )
        messages.success(
            request,
            ngettext(
                "%(count)d application of this person has been erased.",
                "%(count)d applications of this person have been erased.",
                count,
            )
            % {"count": count},
        )
        return HttpResponseRedirect(reverse("talent:inbox"))
    form = StatusForm(request.POST or None, initial={"status": application.status})
    if request.method == "POST":
        if form.is_valid():
            services.set_status(
                user=request.user, application=application, status=form.cleaned_data["status"]
            )
            messages.success(
                request,
                _("Status: %(status)s") % {"status": application.get_status_display()},
            )
            return HttpResponseRedirect(request.path)
        return render(
            request,
            "talent/application.html",
            {"application": application, "form": form},
            status=400,
        )
    return render(request, "talent/application.html", {"application": application, "form": form})


@login_required
@require_GET
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """The applicant's PDF, for the posting organisation only; never cached on the way."""
    application = get_object_or_404(services.readable_applications(request.user), pk=pk)
    # a restored backup holds no attachments (they are kept out of it): say so by a 404
    name = application.attachment.name or ""
    if not name or not application.attachment.storage.exists(name):
        raise Http404
    response = FileResponse(
        application.attachment.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=application.attachment_name or "anlage.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def applicant_export(request: HttpRequest, pk: int) -> HttpResponse:
    """What this organisation holds about the applicant (Art. 15 GDPR), as JSON."""
    application = get_object_or_404(services.readable_applications(request.user), pk=pk)
    rows = talent_privacy.export_applications(
        [application.email], within=services.readable_applications(request.user)
    )
    response = HttpResponse(
        json.dumps(rows, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json",
    )
    response["Content-Disposition"] = f'attachment; filename="bewerbung-{application.pk}.json"'
    response["Cache-Control"] = "private, no-store"
    return response
