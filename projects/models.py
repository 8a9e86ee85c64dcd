"""Projects with their participants: the cooperation history of organisations."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from directory.models import Organisation
from projects.choices import ParticipantRole, ParticipantType, ProjectSource


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
        return self.acronym or self.title or f"RCN {self.cordis_rcn}"


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
