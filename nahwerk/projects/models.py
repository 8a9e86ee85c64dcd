"""Projects with their participants: the cooperation history of organisations."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from nahwerk.directory.models import Organisation
from nahwerk.projects.choices import (
    PROGRAMME_PART_NAMES,
    PROJECT_IN_PROGRAMME,
    ParticipantRole,
    ParticipantType,
    ProjectSource,
)

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

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-start_date", "acronym"]
        constraints = [
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


class Participation(models.Model):
    """An organisation's part in a project; known by PIC even without a directory entry."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="participations"
    )
    pic = models.CharField(_("PIC"), max_length=12)
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

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["project", "role", "pic"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "pic"], name="projects_participation_unique_participant"
            ),
        ]
        indexes = [models.Index(fields=["pic"], name="projects_participation_pic_idx")]

    def __str__(self) -> str:
        return f"{self.pic} in {self.project}"
