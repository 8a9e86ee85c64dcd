"""Needs of companies and how the network's manager brokers them to fitting partners.

A need (Bedarf) is posted by an organisation in one of its networks. The network's manager
triages it, routes it to chosen organisations (a ``Referral`` each), who answer and write
in a thread with the asking organisation. Every step is kept as a ``NeedEvent``: the
timeline of the need.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nahwerk.directory.models import Organisation
from nahwerk.networks.models import Network
from nahwerk.reference.models import IndustryCode
from nahwerk.validators import reject_markup

MAX_DESCRIPTION_LENGTH = 10_000


class PartnerKind(models.TextChoices):
    """What kind of partner the asking organisation is looking for."""

    ANY = "any", _("Any kind of partner")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    UNIVERSITY = "university", _("University")
    COMPANY = "company", _("Company")


class Posting(models.TextChoices):
    """Who may see a need, and whether the asking organisation is named."""

    OPEN = "open", _("Openly, for everyone")
    NETWORK = "network", _("To the members of the network")
    ANONYMOUS = "anonymous", _("Anonymously, through the network manager")


class NeedStatus(models.TextChoices):
    NEW = "new", _("New")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    ROUTED = "routed", _("Routed")
    IN_CONTACT = "in_contact", _("In contact")
    COOPERATION = "cooperation", _("Cooperation started")
    CLOSED = "closed", _("Closed")


class Need(models.Model):
    """What an organisation is looking for ("Wir suchen …")."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("asking organisation"),
        on_delete=models.CASCADE,
        related_name="needs",
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.PROTECT,
        related_name="needs",
        help_text=_("The network whose manager brokers the need."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="needs_posted",
    )
    title = models.CharField(_("title"), max_length=200, validators=[reject_markup])
    description = models.TextField(
        _("description"),
        max_length=MAX_DESCRIPTION_LENGTH,
        validators=[MaxLengthValidator(MAX_DESCRIPTION_LENGTH), reject_markup],
    )
    partner_kind = models.CharField(
        _("kind of partner"), max_length=30, choices=PartnerKind.choices, default=PartnerKind.ANY
    )
    field = models.ForeignKey(
        IndustryCode,
        verbose_name=_("subject area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": 2},
        help_text=_("The WZ division the need belongs to, for the network's statistics."),
    )
    max_distance_km = models.PositiveIntegerField(
        _("region (maximum distance in km)"),
        null=True,
        blank=True,
        help_text=_("Leave empty to look everywhere."),
    )
    deadline = models.DateField(_("answer wanted by"), null=True, blank=True)
    posting = models.CharField(
        _("posted"), max_length=10, choices=Posting.choices, default=Posting.NETWORK
    )
    author_revealed_at = models.DateTimeField(
        _("asking organisation revealed at"),
        null=True,
        blank=True,
        help_text=_("For anonymous needs: when the asking organisation agreed to be named."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=NeedStatus.choices, default=NeedStatus.NEW
    )
    status_reason = models.CharField(
        _("reason"),
        max_length=500,
        blank=True,
        help_text=_("Why the need was rejected or closed."),
        validators=[reject_markup],
    )
    first_answer_at = models.DateTimeField(_("first answer at"), null=True, blank=True)
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["network", "status"], name="brokering_need_net_status")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("brokering:need", kwargs={"pk": self.pk})

    @property
    def is_anonymous(self) -> bool:
        """Whether the asking organisation must still not be named to others."""
        return self.posting == Posting.ANONYMOUS and self.author_revealed_at is None

    @property
    def search_text(self) -> str:
        return f"{self.title}\n{self.description}"


class ReferralResponse(models.TextChoices):
    PENDING = "pending", _("No answer yet")
    INTERESTED = "interested", _("Interested")
    NOT_OUR_FIELD = "not_our_field", _("Not our field")
    QUESTION = "question", _("Has a question")


class Referral(models.Model):
    """A need routed to one organisation, and that organisation's answer."""

    need = models.ForeignKey(
        Need, verbose_name=_("need"), on_delete=models.CASCADE, related_name="referrals"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="referrals",
    )
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("routed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    routed_at = models.DateTimeField(_("routed at"), auto_now_add=True)
    note = models.TextField(
        _("note from the manager"),
        blank=True,
        max_length=2000,
        validators=[MaxLengthValidator(2000), reject_markup],
    )
    response = models.CharField(
        _("answer"),
        max_length=15,
        choices=ReferralResponse.choices,
        default=ReferralResponse.PENDING,
    )
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["routed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["need", "organisation"], name="brokering_referral_unique"
            ),
            models.CheckConstraint(
                condition=Q(response="pending") | Q(responded_at__isnull=False),
                name="brokering_referral_answer_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.need} → {self.organisation}"


class Message(models.Model):
    """One message in the thread between the asking and a routed organisation."""

    referral = models.ForeignKey(
        Referral, verbose_name=_("referral"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_asker = models.BooleanField(
        _("written by the asking organisation"),
        help_text=_("False: written by the routed organisation or the manager."),
    )
    from_manager = models.BooleanField(_("written by the manager"), default=False)
    body = models.TextField(
        _("message"),
        max_length=MAX_DESCRIPTION_LENGTH,
        validators=[MaxLengthValidator(MAX_DESCRIPTION_LENGTH), reject_markup],
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]


class EventKind(models.TextChoices):
    POSTED = "posted", _("Need posted")
    EDITED = "edited", _("Need edited")
    ACCEPTED = "accepted", _("Accepted by the manager")
    REJECTED = "rejected", _("Rejected by the manager")
    ROUTED = "routed", _("Routed")
    ANSWERED = "answered", _("Answered")
    MESSAGE = "message", _("Message written")
    REVEALED = "revealed", _("Asking organisation revealed itself")
    STATUS = "status", _("Status changed")


class NeedEvent(models.Model):
    """One step in the life of a need, and who took it: the need's timeline."""

    need = models.ForeignKey(
        Need, verbose_name=_("need"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("step"), max_length=10, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_role = models.CharField(_("role of the actor"), max_length=20)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation concerned"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status afterwards"), max_length=12, choices=NeedStatus.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("step of a need")
        verbose_name_plural = _("timeline of needs")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.need}: {self.get_kind_display()}"

    @property
    def note_display(self) -> str:
        """The note in the reader's language: answers and edited fields are stored as codes."""
        if self.kind == EventKind.ANSWERED and self.note in ReferralResponse.values:
            return str(ReferralResponse(self.note).label)
        if self.kind == EventKind.EDITED:
            names = []
            for name in self.note.split(","):
                try:
                    field = Need._meta.get_field(name.strip())
                    names.append(str(getattr(field, "verbose_name", name)))
                except Exception:  # a field renamed since: show the stored name
                    names.append(name.strip())
            return ", ".join(names)
        return self.note


class Notification(models.Model):
    """A step of a need, shown to a user inside the platform (it also goes out by e-mail)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    event = models.ForeignKey(
        NeedEvent,
        verbose_name=_("step"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="brokering_notification_once")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.event}"
