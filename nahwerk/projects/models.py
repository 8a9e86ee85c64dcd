"""Projects with their participants: the cooperation history of organisations.

CORDIS and the H2020 network bring the EU projects; projects entered on the platform
(source ``PLATFORM``) add a status from the idea to the end, the networks they belong to,
the call or programme, amounts, documents and the partners' answers to their invitations.
Both kinds are one history: matching and consortium suggestions read them alike. A
network's regional development concept (``FieldOfAction`` with ``Indicator``) assigns
projects, needs and events to its fields of action.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from nahwerk.directory.models import Organisation
from nahwerk.networks.models import Network
from nahwerk.projects.choices import (
    COOPERATION_STATUSES,
    GRANTED_STATUSES,
    PROGRAMME_PART_NAMES,
    PROJECT_IN_PROGRAMME,
    InvitationAnswer,
    ParticipantRole,
    ParticipantType,
    ProjectSource,
    ProjectStatus,
)
from nahwerk.validators import reject_markup

MAX_IDEA_LENGTH = 10_000

# CORDIS keeps a project's page under its project (grant agreement) ID.
CORDIS_PROJECT_URL = "https://cordis.europa.eu/project/id/{id}"


class Project(models.Model):
    """A (funded) cooperation project, e.g. a Horizon 2020 project from CORDIS."""

    source = models.CharField(_("source"), max_length=15, choices=ProjectSource.choices)
    cordis_rcn = models.PositiveIntegerField(_("CORDIS RCN"), null=True, blank=True)
    cordis_id = models.PositiveIntegerField(_("CORDIS project ID"), null=True, blank=True)
    acronym = models.CharField(_("acronym"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    objective = models.TextField(_("objective"), blank=True)
    programme = models.CharField(_("framework programme"), max_length=30, blank=True)
    programme_part = models.CharField(_("programme part"), max_length=60, blank=True)
    funding_scheme = models.CharField(_("funding scheme"), max_length=60, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    total_cost = models.DecimalField(
        _("total cost (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    eu_contribution = models.DecimalField(
        _("EU contribution (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # --- entered on the platform (empty for the EU history) --------------------------------
    status = models.CharField(
        _("status"), max_length=10, choices=ProjectStatus.choices, blank=True, db_index=True
    )
    networks = models.ManyToManyField(
        Network, verbose_name=_("networks"), related_name="projects", blank=True
    )
    call = models.ForeignKey(
        "funding.Call",
        verbose_name=_("call"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    funding_programme = models.ForeignKey(
        "funding.Programme",
        verbose_name=_("funding programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    requested_amount = models.DecimalField(
        _("requested funding (EUR)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    granted_amount = models.DecimalField(
        _("granted funding (EUR)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    need = models.ForeignKey(
        "brokering.Need",
        verbose_name=_("from the need"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-start_date", "acronym"]
        constraints = [
            models.CheckConstraint(
                condition=Q(requested_amount__isnull=True) | Q(requested_amount__gte=0),
                name="projects_project_requested_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(granted_amount__isnull=True)
                | Q(granted_amount__gte=0, status__in=[str(s) for s in GRANTED_STATUSES]),
                name="projects_project_granted_only_when_granted",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True)
                | Q(submitted_on__isnull=True)
                | Q(decided_on__gte=F("submitted_on")),
                name="projects_project_decided_after_submitted",
            ),
            models.CheckConstraint(
                condition=Q(source="platform", status__gt="") | ~Q(source="platform"),
                name="projects_project_platform_has_status",
            ),
            models.UniqueConstraint(
                fields=["cordis_rcn"],
                condition=Q(cordis_rcn__isnull=False),
                name="projects_project_unique_cordis_rcn",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="projects_project_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        """The name and the years, e.g. "GrapheneCore2: Graphene Flagship Core … (2018-2020)".

        A project without a title is described by its programme and part, never by its
        bare RCN, which tells a reader nothing.
        """
        years = self.years
        return f"{self.name} ({years})" if years else self.name

    def get_absolute_url(self) -> str:
        """The project's page here; CORDIS projects link to CORDIS (``cordis_url``)."""
        return reverse("projects:detail", kwargs={"pk": self.pk})

    @property
    def name(self) -> str:
        """Acronym and title, or for a project without a title its programme and part."""
        if self.title:
            if self.acronym and self.acronym.casefold() != self.title.casefold():
                return f"{self.acronym}: {self.title}"
            return self.title
        return self.acronym or self.description

    @property
    def description(self) -> str:
        """The project in words: programme and part(s), e.g. for the H2020 network's records."""
        programme = self.programme.strip()
        if programme in PROJECT_IN_PROGRAMME:
            text = str(PROJECT_IN_PROGRAMME[programme])
        elif programme:
            text = gettext("EU project in the programme %(code)s") % {"code": programme}
        else:
            text = gettext("EU project")
        parts = [
            gettext("“%(name)s”") % {"name": PROGRAMME_PART_NAMES.get(code, code)}
            for code in self.programme_part_codes
        ]
        if len(parts) == 1:
            return gettext("%(project)s, part %(part)s") % {"project": text, "part": parts[0]}
        if parts:
            listed = gettext("%(first)s and %(last)s") % {
                "first": ", ".join(parts[:-1]),
                "last": parts[-1],
            }
            return gettext("%(project)s, parts %(parts)s") % {"project": text, "parts": listed}
        return text

    @property
    def programme_part_codes(self) -> tuple[str, ...]:
        # the importers join several programme parts of one project with ", "
        return tuple(part.strip() for part in self.programme_part.split(",") if part.strip())

    @property
    def years(self) -> str:
        """First and last year joined by an en dash, one year, or "" when the dates are unknown."""
        start = self.start_date.year if self.start_date else None
        end = self.end_date.year if self.end_date else None
        if start and end and end != start:
            return f"{start}\u2013{end}"
        if start or end:
            return str(start or end)
        return ""

    @property
    def cordis_url(self) -> str:
        """The project's page on CORDIS; empty when its CORDIS project ID is unknown."""
        return CORDIS_PROJECT_URL.format(id=self.cordis_id) if self.cordis_id else ""

    @property
    def is_platform(self) -> bool:
        return self.source == ProjectSource.PLATFORM

    @property
    def idea(self) -> str:
        """A platform project's idea is kept where CORDIS keeps a project's objective."""
        return self.objective

    @property
    def link(self) -> str:
        """Where a list links the project: its page here, or its CORDIS record."""
        return self.get_absolute_url() if self.is_platform else self.cordis_url


class ParticipationQuerySet(models.QuerySet["Participation"]):
    def cooperation(self) -> ParticipationQuerySet:
        """Participations that count as having worked together.

        The EU history counts whole; a platform project counts once it was granted or runs
        or ran (``COOPERATION_STATUSES``), and only with the partners that accepted.
        """
        return self.filter(
            ~Q(project__source=ProjectSource.PLATFORM)
            | Q(
                project__status__in=[str(s) for s in COOPERATION_STATUSES],
                answer=InvitationAnswer.ACCEPTED,
            )
        )


class Participation(models.Model):
    """An organisation's part in a project; known by PIC even without a directory entry."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="participations"
    )
    # Platform partners without a PIC have NULL here (the EU history always has one): the
    # importers' upsert needs the plain unique constraint on (project, pic), which allows
    # any number of NULLs but only one empty string.
    pic = models.CharField(_("PIC"), max_length=12, null=True, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participations",
    )
    role = models.CharField(_("role"), max_length=15, choices=ParticipantRole.choices)
    participant_type = models.CharField(
        _("type"), max_length=3, choices=ParticipantType.choices, blank=True
    )
    country = models.CharField(_("country"), max_length=2, blank=True)
    eu_contribution = models.DecimalField(
        _("EU contribution (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    # --- platform partners: their part in words and their answer to the invitation --------
    task = models.CharField(
        _("part in the project"), max_length=300, blank=True, validators=[reject_markup]
    )
    answer = models.CharField(
        _("answer to the invitation"), max_length=10, choices=InvitationAnswer.choices, blank=True
    )
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["project", "role", "pic"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "pic"], name="projects_participation_unique_participant"
            ),
            models.UniqueConstraint(
                fields=["project", "organisation"],
                condition=Q(pic__isnull=True),
                name="projects_participation_unique_platform_partner",
            ),
        ]
        indexes = [models.Index(fields=["pic"], name="projects_participation_pic_idx")]

    def __str__(self) -> str:
        who = self.organisation.name if self.organisation else (self.pic or "?")
        return f"{who} in {self.project}"


class ProjectDocument(models.Model):
    """A document of a platform project, kept as a link (the files stay where they are)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200, validators=[reject_markup])
    url = models.URLField(_("link"), max_length=500)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("project document")
        verbose_name_plural = _("project documents")
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return self.title


class NotificationKind(models.TextChoices):
    INVITED = "invited", _("Invited into a project")
    ANSWERED = "answered", _("A partner answered the invitation")
    STATUS = "status", _("Project status changed")


class ProjectNotification(models.Model):
    """A step of a platform project shown to a user inside the platform (also mailed)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="project_notifications",
    )
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("step"), max_length=10, choices=NotificationKind.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation concerned"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("project notification")
        verbose_name_plural = _("project notifications")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user}: {self.project}"


class FieldOfAction(models.Model):
    """A field of action of a network's regional development concept (REK, Handlungsfeld)."""

    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="fields_of_action",
    )
    title = models.CharField(_("title"), max_length=200, validators=[reject_markup])
    goal = models.TextField(
        _("goal"),
        blank=True,
        max_length=4000,
        validators=[MaxLengthValidator(4000), reject_markup],
    )
    source_note = models.CharField(
        _("source as cited"),
        max_length=300,
        blank=True,
        help_text=_("Where the field of action is written down, as a reader would cite it."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    projects = models.ManyToManyField(
        Project, verbose_name=_("projects"), related_name="fields_of_action", blank=True
    )
    needs = models.ManyToManyField(
        "brokering.Need", verbose_name=_("needs"), related_name="fields_of_action", blank=True
    )
    events = models.ManyToManyField(
        "events.Event", verbose_name=_("events"), related_name="fields_of_action", blank=True
    )

    class Meta:
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")
        ordering = ["network", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "title"], name="projects_field_of_action_unique_title"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    """How a field of action's progress is measured: a value against its target."""

    field = models.ForeignKey(
        FieldOfAction,
        verbose_name=_("field of action"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField(_("indicator"), max_length=200, validators=[reject_markup])
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    target = models.DecimalField(
        _("target value"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    current = models.DecimalField(
        _("current value"),
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["field", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target__gte=0) & Q(current__gte=0),
                name="projects_indicator_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def progress_percent(self) -> int | None:
        """The current value as a share of the target, capped at 100; None without a target."""
        if not self.target:
            return None
        return min(100, int(self.current * 100 / self.target))
