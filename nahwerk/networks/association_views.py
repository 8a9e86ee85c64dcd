"""The association's pages: an organisation's membership, the manager's association
page, the dues of a year, and the member list for the general assembly."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from nahwerk.forms import add_validation_errors
from nahwerk.networks import association, exports
from nahwerk.networks.choices import DuesStatus, MembershipStatus
from nahwerk.networks.forms import (
    ApplicationForm,
    DecisionForm,
    DuesYearForm,
    FeeCategoryForm,
    OfficeForm,
    PaidForm,
    WaiveForm,
    parse_year,
)
from nahwerk.networks.models import Dues, Membership, Network


def _managed_network(request: HttpRequest, slug: str) -> Network:
    network = get_object_or_404(Network, slug=slug)
    if not association.may_manage(request.user, network):
        raise PermissionDenied(_("Only managers of this network may open this page."))
    return network


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- The organisation's side ----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def membership(request: HttpRequest, slug: str) -> HttpResponse:
    """Apply, follow the application, see the dues, give notice: for the organisation's users."""
    network = get_object_or_404(Network, slug=slug)
    user: Any = request.user
    if not user.organisation_id:
        raise PermissionDenied(_("Only users of an organisation can apply for membership."))
    current = Membership.objects.filter(
        organisation_id=user.organisation_id, network=network
    ).first()
    form = ApplicationForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "apply":
                form = ApplicationForm(request.POST)
                if form.is_valid():
                    association.apply_for_membership(
                        user=user, network=network, note=form.cleaned_data["note"]
                    )
                    messages.success(request, _("Your application has been sent to the network."))
                    return HttpResponseRedirect(request.path)
                status = 400
            elif action == "notice" and current is not None:
                association.give_notice(user=user, membership=current)
                messages.success(
                    request,
                    _("Notice given: the membership ends at the end of the year."),
                )
                return HttpResponseRedirect(request.path)
            else:
                return HttpResponse(_("Unknown step."), status=400)
        except ValidationError as error:
            if action == "apply":
                add_validation_errors(form, error)
            else:
                messages.error(request, _error_text(error))
            status = 400
    dues = list(current.dues.all()) if current is not None else []
    context = {
        "network": network,
        "organisation": user.organisation,
        "membership": current,
        "may_apply": current is None
        or current.status in (MembershipStatus.DECLINED, MembershipStatus.ENDED),
        "form": form,
        "dues": dues,
    }
    return render(request, "networks/membership.html", context, status=status)


# --- The manager's side ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def association_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Applications, fee categories, offices and members with notice: managers only."""
    network = _managed_network(request, slug)
    category_form = FeeCategoryForm(prefix="category")
    office_form = OfficeForm(prefix="office", network=network)
    decision_errors: dict[int, str] = {}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in ("approve", "decline"):
                application = get_object_or_404(
                    Membership, pk=request.POST.get("membership"), network=network
                )
                decision = DecisionForm(request.POST, network=network)
                if not decision.is_valid():
                    decision_errors[application.pk] = " ".join(
                        str(e) for errors in decision.errors.values() for e in errors
                    )
                    status = 400
                elif action == "approve":
                    association.approve_application(
                        manager=request.user,
                        membership=application,
                        category=decision.cleaned_data["category"],
                    )
                    messages.success(
                        request,
                        _("%(organisation)s is now a member.")
                        % {"organisation": application.organisation.name},
                    )
                    return HttpResponseRedirect(request.path)
                else:
                    association.decline_application(
                        manager=request.user,
                        membership=application,
                        reason=decision.cleaned_data["reason"],
                    )
                    messages.success(
                        request,
                        _("The application of %(organisation)s has been declined.")
                        % {"organisation": application.organisation.name},
                    )
                    return HttpResponseRedirect(request.path)
            elif action == "category":
                category_form = FeeCategoryForm(request.POST, prefix="category")
                if category_form.is_valid():
                    association.save_fee_category(
                        manager=request.user, network=network, **category_form.cleaned_data
                    )
                    messages.success(request, _("The fee category has been saved."))
                    return HttpResponseRedirect(request.path)
                status = 400
            elif action == "assign":
                member = get_object_or_404(
                    Membership, pk=request.POST.get("membership"), network=network
                )
                decision = DecisionForm(request.POST, network=network)
                if decision.is_valid():
                    association.assign_category(
                        manager=request.user,
                        membership=member,
                        category=decision.cleaned_data["category"],
                    )
                    messages.success(request, _("The fee category has been assigned."))
                    return HttpResponseRedirect(request.path)
                status = 400
            elif action == "office":
                office_form = OfficeForm(request.POST, prefix="office", network=network)
                if office_form.is_valid():
                    association.save_office(manager=request.user, office=office_form.instance)
                    messages.success(request, _("The office has been saved."))
                    return HttpResponseRedirect(request.path)
                status = 400
            elif action == "notice":
                member = get_object_or_404(
                    Membership, pk=request.POST.get("membership"), network=network
                )
                association.give_notice(user=request.user, membership=member)
                messages.success(
                    request,
                    _("Notice recorded: %(organisation)s leaves at the end of the year.")
                    % {"organisation": member.organisation.name},
                )
                return HttpResponseRedirect(request.path)
            else:
                return HttpResponse(_("Unknown step."), status=400)
        except ValidationError as error:
            status = 400
            if action == "category":
                add_validation_errors(category_form, error)
            elif action == "office":
                add_validation_errors(office_form, error)
            else:
                messages.error(request, _error_text(error))
    memberships = network.memberships.select_related("organisation", "dues_category", "applied_by")
    context = {
        "network": network,
        "applications": memberships.filter(status=MembershipStatus.APPLIED).order_by("created_at"),
        "decision_errors": decision_errors,
        "members": memberships.filter(status=MembershipStatus.ACTIVE).order_by(
            "organisation__name"
        ),
        "categories": network.dues_categories.annotate(
            member_count=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE))
        ),
        "category_form": category_form,
        "offices": network.roles.select_related("person", "organisation").order_by(
            "position", "kind", "-term_from"
        ),
        "office_form": office_form,
        "today": timezone.localdate(),
        "year": timezone.localdate().year,
    }
    return render(request, "networks/association.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def dues_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The dues of one year: create them, mark them paid or waived, remind."""
    network = _managed_network(request, slug)
    year = parse_year(request.GET.get("jahr") or request.POST.get("year"))
    status = 200
    here = f"{request.path}?jahr={year}"
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "create":
                form = DuesYearForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(
                        {
                            "year": _("“%(value)s” is not a year for dues.")
                            % {"value": request.POST.get("year", "")}
                        }
                    )
                created, without = association.create_dues_for_year(
                    manager=request.user, network=network, year=form.cleaned_data["year"]
                )
                messages.success(
                    request,
                    _("%(created)s dues created for %(year)s.")
                    % {"created": created, "year": year},
                )
                if without:
                    messages.warning(
                        request,
                        _("%(count)s members have no fee category; assign one first.")
                        % {"count": without},
                    )
                return HttpResponseRedirect(here)
            if action == "remind":
                sent = association.send_reminders(manager=request.user, network=network, year=year)
                messages.success(request, _("%(count)s reminders sent.") % {"count": sent})
                return HttpResponseRedirect(here)
            dues = get_object_or_404(Dues, pk=request.POST.get("dues"), membership__network=network)
            if action == "paid":
                paid = PaidForm(request.POST)
                if not paid.is_valid():
                    raise ValidationError(
                        {
                            "paid_on": _("“%(value)s” is not a date.")
                            % {"value": request.POST.get("paid_on", "")}
                        }
                    )
                association.mark_paid(
                    manager=request.user, dues=dues, paid_on=paid.cleaned_data["paid_on"]
                )
                messages.success(
                    request,
                    _("The dues of %(organisation)s are marked paid.")
                    % {"organisation": dues.membership.organisation.name},
                )
                return HttpResponseRedirect(here)
            if action == "waive":
                waive = WaiveForm(request.POST)
                association.waive(
                    manager=request.user,
                    dues=dues,
                    note=waive.data.get("note", "") if waive.is_valid() else "",
                )
                messages.success(request, _("The dues have been waived."))
                return HttpResponseRedirect(here)
            return HttpResponse(_("Unknown step."), status=400)
        except ValidationError as error:
            messages.error(request, _error_text(error))
            status = 400
    rows = list(
        Dues.objects.filter(membership__network=network, year=year)
        .select_related("membership__organisation", "membership__dues_category")
        .order_by("membership__organisation__name")
    )
    totals = {
        row["status"]: row["total"]
        for row in Dues.objects.filter(membership__network=network, year=year)
        .values("status")
        .annotate(total=Sum("amount"))
    }
    context = {
        "network": network,
        "year": year,
        "years": [year - 1, year + 1],
        "rows": rows,
        "totals": [(label, totals.get(value, 0)) for value, label in DuesStatus.choices],
        "open_count": sum(1 for row in rows if row.status == DuesStatus.OPEN),
        "today": timezone.localdate(),
    }
    return render(request, "networks/dues.html", context, status=status)


@login_required
def member_list(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    network = _managed_network(request, slug)
    members = exports.assembly_members(network)
    stamp = timezone.localdate().isoformat()
    if fmt == "pdf":
        response = HttpResponse(
            exports.member_list_pdf(network, members), content_type="application/pdf"
        )
        name = f"mitgliederliste-{network.slug}-{stamp}.pdf"
    else:
        response = HttpResponse(
            exports.member_list_xlsx(network, members),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = f"mitgliederliste-{network.slug}-{stamp}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def association_url(network: Network) -> str:
    return reverse("networks:association", kwargs={"slug": network.slug})
