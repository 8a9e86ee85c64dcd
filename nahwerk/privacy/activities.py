"""The record of processing activities (GDPR Art. 30) that a network publishes."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from nahwerk.privacy import retention


@dataclass(frozen=True)
class Activity:
    name: str | Promise
    data: str | Promise
    purpose: str | Promise
    basis: str | Promise
    kept: str


def _days(n: int) -> str:
    return ngettext("%(n)d day", "%(n)d days", n) % {"n": n}


def _months(n: int) -> str:
    return ngettext("%(n)d month", "%(n)d months", n) % {"n": n}


def _talent_days() -> int:
    from nahwerk.talent.services import retention_days

    return retention_days()


def processing_activities() -> list[Activity]:
    """What the platform stores about people, why, on which basis and for how long."""
    return [
        Activity(
            _("User accounts"),
            _("User name, name, e-mail address, password (hashed), organisation, last login."),
            _("Logging in and acting for one's organisation on the platform."),
            _("Contract or membership (Art. 6(1)(b) GDPR)"),
            str(_("until the account is erased")),
        ),
        Activity(
            _("Contact people of organisations"),
            _(
                "Name, academic title, function, e-mail address, phone number, each with its "
                "own visibility."
            ),
            _("Showing members and managers whom to contact in an organisation."),
            _(
                "Consent (Art. 6(1)(a)), contract or legitimate interest (Art. 6(1)(f) GDPR), "
                "as recorded with each person"
            ),
            str(
                _(
                    "until the person or their organisation asks for erasure, or the consent "
                    "is withdrawn"
                )
            ),
        ),
        Activity(
            _("Invitations"),
            _("E-mail address and name of the invited person, who invited them."),
            _("Sending the link with which a contact becomes a member user."),
            _("Legitimate interest of the network (Art. 6(1)(f) GDPR)"),
            str(
                _("%(period)s after the invitation expired or was withdrawn")
                % {"period": _days(retention.invitation_days())}
            ),
        ),
        Activity(
            _("Needs and their conversations"),
            _(
                "Needs posted, routings, answers and messages between organisations, with "
                "who wrote them."
            ),
            _("Brokering the needs of companies to fitting partners of the network."),
            _("Contract or membership (Art. 6(1)(b) GDPR)"),
            str(
                _(
                    "messages: %(period)s after the need was closed; needs and answers as long "
                    "as the network exists, for its figures"
                )
                % {"period": _months(retention.closed_need_message_months())}
            ),
        ),
        Activity(
            _("Events, registrations and B2B meetings"),
            _(
                "Registrations with organisation, price and check-in, event profiles (offers "
                "and wishes), meeting requests with their messages, agendas."
            ),
            _("Running the network's events and matchmaking days."),
            _("Contract (Art. 6(1)(b) GDPR)"),
            str(_("until the person's data is erased; the counts stay for the figures")),
        ),
        Activity(
            _("Applications to postings of the talent exchange"),
            _(
                "Name, e-mail address, phone number, message and PDF attachment of people who "
                "apply without an account; the consent with its time and text version."
            ),
            _("Letting the posting organisation decide on the application."),
            _("Consent (Art. 6(1)(a) GDPR)"),
            str(
                _("%(period)s after receipt, or earlier when the consent is withdrawn")
                % {"period": _days(_talent_days())}
            ),
        ),
        Activity(
            _("Audit log"),
            _(
                "Who changed which record of organisations, people, memberships, needs, "
                "routings, events and registrations, when, with the old and new values."
            ),
            _("Accountability towards members and funders, finding mistakes."),
            _("Legal obligation and legitimate interest (Art. 5(2), 6(1)(c) and (f) GDPR)"),
            str(_days(retention.audit_log_days())),
        ),
        Activity(
            _("Login attempts"),
            _("User name, IP address and browser of failed and successful logins."),
            _("Protecting accounts against password guessing."),
            _("Legitimate interest (Art. 6(1)(f) GDPR)"),
            str(_days(retention.login_log_days())),
        ),
    ]
