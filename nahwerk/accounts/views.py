"""Inviting contacts, accepting and withdrawing invitations, and password reset."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from nahwerk import ratelimits
from nahwerk.accounts import services
from nahwerk.accounts.forms import AcceptInvitationForm, InvitationForm
from nahwerk.accounts.models import Invitation, User
from nahwerk.accounts.permissions import is_manager, manageable_invitations
from nahwerk.queryparams import InvalidParameter, page_number

logger = logging.getLogger(__name__)

INVITATIONS_PER_PAGE = 50


@login_required
def invite(request: HttpRequest) -> HttpResponse:
    """A manager invites a contact of an organisation they manage and sees the invitations."""
    user = request.user
    if not is_manager(user):
        raise PermissionDenied
    assert isinstance(user, User)
    if request.method == "POST":
        form = InvitationForm(request.POST, manager=user)
        if form.is_valid():
            invitation, token, renewed = services.invite_contact(
                organisation=form.cleaned_data["organisation"],
                email=form.cleaned_data["email"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                invited_by=user,
            )
            try:
                services.send_invitation_mail(invitation=invitation, token=token)
            except OSError:  # SMTP errors are OSErrors too
                logger.exception("Invitation mail to %s failed", invitation.email)
                messages.error(
                    request,
                    _(
                        "The invitation for %(email)s is saved, but the mail could not be sent. "
                        "Please try again later: inviting again sends a new link."
                    )
                    % {"email": invitation.email},
                )
            else:
                text = (
                    _("The invitation for %(email)s was renewed and sent again.")
                    if renewed
                    else _("The invitation was sent to %(email)s.")
                )
                messages.success(request, text % {"email": invitation.email})
            return redirect("accounts:invite")
    else:
        form = InvitationForm(manager=user)
        slug = request.GET.get("organisation")
        if slug:
            field = form.fields["organisation"]
            assert hasattr(field, "queryset")
            # an organisation outside the manager's scope is simply not prefilled
            form.initial["organisation"] = field.queryset.filter(slug=slug).first()
    invitations = manageable_invitations(user).select_related(
        "organisation", "network", "invited_by", "accepted_user", "revoked_by"
    )
    page = Paginator(invitations, INVITATIONS_PER_PAGE).get_page(page_number(request.GET, "seite"))
    return render(
        request,
        "accounts/invite.html",
        {"form": form, "page": page, "mail_note": services.mail_delivery_note()},
    )


@login_required
@require_POST
def withdraw_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    """A manager withdraws an invitation to one of their organisations; its link stops working."""
    user = request.user
    if not is_manager(user):
        raise PermissionDenied
    assert isinstance(user, User)
    # another network's invitation is not one this manager can know of: 404, not 403
    invitation = get_object_or_404(manageable_invitations(user), pk=pk)
    invitation, withdrawn = services.withdraw_invitation(invitation=invitation, withdrawn_by=user)
    email = {"email": invitation.email}
    if withdrawn:
        messages.success(
            request,
            _("The invitation for %(email)s was withdrawn; its link no longer works.") % email,
        )
    elif invitation.is_accepted:
        messages.warning(
            request,
            _("The invitation for %(email)s had already been accepted; nothing was changed.")
            % email,
        )
    else:
        messages.info(
            request,
            _("The invitation for %(email)s had already been withdrawn; nothing was changed.")
            % email,
        )
    url = reverse("accounts:invite")
    # back to the page of the list the button was on
    try:
        page = page_number(request.POST, "seite")
    except InvalidParameter:
        page = None
    return redirect(f"{url}?seite={page}" if page else url)


def _unavailable(request: HttpRequest, reason: str, status: int) -> HttpResponse:
    return render(
        request, "accounts/invitation_unavailable.html", {"reason": reason}, status=status
    )


@never_cache
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The invitee sets username and password, is logged in and sees their organisation."""
    invitation = Invitation.objects.select_related("organisation").by_token(token)
    if invitation is None:
        return _unavailable(request, "invalid", 404)
    if not invitation.can_be_accepted:
        return _unavailable(request, invitation.status, 410)
    if services.account_exists_for(invitation.email):
        return _unavailable(request, "account_exists", 409)
    if request.method == "POST":
        form = AcceptInvitationForm(request.POST, invitation=invitation)
        if form.is_valid():
            try:
                user = services.accept_invitation(
                    invitation=invitation, user=form.save(commit=False)
                )
            except services.InvitationUnavailable as unavailable:
                # accepted, withdrawn or given an account since the page was shown
                status = 409 if unavailable.reason == "account_exists" else 410
                return _unavailable(request, unavailable.reason, status)
            # the user has just chosen this password; no need to ask for it again
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Welcome to nahwerk. You are logged in and act for %(organisation)s.")
                % {"organisation": invitation.organisation.name},
            )
            return redirect(invitation.organisation.get_absolute_url())
    else:
        form = AcceptInvitationForm(invitation=invitation)
    return render(
        request, "accounts/accept_invitation.html", {"form": form, "invitation": invitation}
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset view; links in the mail start with SITE_URL, not the request's host."""

    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset_body.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        # per client address and per e-mail address, whether an account has it or not
        wait = ratelimits.password_reset_wait(self.request, form.cleaned_data["email"])
        if wait is not None:
            return ratelimits.too_many_requests(self.request, wait)
        self.extra_email_context = {"site_url": settings.SITE_URL}
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    """Says that a mail is on its way, and where the demo puts it."""

    template_name = "accounts/password_reset_done.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "mail_note": services.mail_delivery_note()}
