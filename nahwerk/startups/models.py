"""Start-up profiles, investor profiles, mentor offers and the managers' start-up pipeline."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nahwerk.startups.choices import InvestorKind, PipelineStage, Release, Seeking, Stage

RELEASED_FIELDS = ("pitch", "figures", "team", "capital_sought")


class StartupProfile(models.Model):
    """What a start-up tells the network and investors, each part released as it chooses."""

    organisation = models.OneToOneField(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="startup_profile",
        verbose_name=_("organisation"),
    )
    founded_on = models.DateField(_("founded on"))
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    team_size = models.PositiveSmallIntegerField(_("team size"))
    industry_codes = models.ManyToManyField(
        "reference.IndustryCode",
        blank=True,
        related_name="startups",
        verbose_name=_("industry (WZ 2008)"),
    )
    seeking = models.JSONField(_("we are looking for"), default=list, blank=True)
    pitch = models.TextField(_("pitch"), blank=True)
    pitch_release = models.CharField(
        _("who sees the pitch"), max_length=10, choices=Release.choices, default=Release.PUBLIC
    )
    figures = models.TextField(_("key figures (revenue, customers, growth)"), blank=True)
    figures_release = models.CharField(
        _("who sees the figures"), max_length=10, choices=Release.choices, default=Release.INVESTORS
    )
    team = models.TextField(_("team"), blank=True)
    team_release = models.CharField(
        _("who sees the team"), max_length=10, choices=Release.choices, default=Release.MEMBERS
    )
    capital_sought = models.PositiveBigIntegerField(
        _("capital sought (EUR)"), null=True, blank=True
    )
    capital_sought_release = models.CharField(
        _("who sees the capital sought"),
        max_length=10,
        choices=Release.choices,
        default=Release.INVESTORS,
    )
    listed_for_investors = models.BooleanField(
        _("investors may find us"),
        default=True,
        help_text=_("Investors see us among their fitting start-ups, with what we release."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("start-up profile")
        verbose_name_plural = _("start-up profiles")
        ordering = ("organisation__name",)

    def __str__(self) -> str:
        return str(self.organisation)

    def get_absolute_url(self) -> str:
        return reverse("startups:startup", kwargs={"slug": self.organisation.slug})

    def seeking_labels(self) -> list[str]:
        names = dict(Seeking.choices)
        return [str(names.get(value, value)) for value in self.seeking]

    def release_of(self, field: str) -> str:
        return str(getattr(self, f"{field}_release"))


class InvestorProfile(models.Model):
    """A fund or an angel network: the stages, industries, tickets and region it invests in."""

    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="investor_profiles",
        verbose_name=_("run by"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=InvestorKind.choices)
    focus = models.TextField(
        _("investment focus"),
        help_text=_("What the fund invests in, in a few sentences; start-ups are matched on it."),
    )
    stages = models.JSONField(_("stages"), default=list, blank=True)
    industry_codes = models.ManyToManyField(
        "reference.IndustryCode",
        blank=True,
        related_name="investors",
        verbose_name=_("industries (WZ 2008)"),
    )
    ticket_min = models.PositiveBigIntegerField(_("smallest ticket (EUR)"))
    ticket_max = models.PositiveBigIntegerField(_("largest ticket (EUR)"))
    districts = models.ManyToManyField(
        "reference.District", blank=True, related_name="investors", verbose_name=_("region")
    )
    networks = models.ManyToManyField(
        "networks.Network",
        blank=True,
        related_name="investors",
        verbose_name=_("only for members of"),
    )
    is_public = models.BooleanField(_("shown to the public"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("investor profile")
        verbose_name_plural = _("investor profiles")
        ordering = ("name",)
        constraints = [
            models.CheckConstraint(
                condition=Q(ticket_min__lte=F("ticket_max")), name="startups_ticket_min_lte_max"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("startups:fund", kwargs={"pk": self.pk})


class MentorOffer(models.Model):
    """A member's offer to mentor start-ups: topics, time, and who mentors."""

    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="mentor_offers",
        verbose_name=_("offered by"),
    )
    network = models.ForeignKey(
        "networks.Network",
        on_delete=models.CASCADE,
        related_name="mentor_offers",
        verbose_name=_("network"),
    )
    # the mentor's name comes from the contact record, with its own visibility and consent
    person = models.ForeignKey(
        "directory.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mentor_offers",
        verbose_name=_("mentor"),
    )
    topics = models.TextField(_("topics"))
    time_offered = models.CharField(_("time offered"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("mentor offer")
        verbose_name_plural = _("mentor offers")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.organisation}: {self.topics[:60]}"


class PipelineEntry(models.Model):
    """A start-up in one network's pipeline, where it stands now."""

    network = models.ForeignKey(
        "networks.Network",
        on_delete=models.CASCADE,
        related_name="startup_pipeline",
        verbose_name=_("network"),
    )
    startup = models.ForeignKey(
        StartupProfile,
        on_delete=models.CASCADE,
        related_name="pipeline_entries",
        verbose_name=_("start-up"),
    )
    stage = models.CharField(
        _("stage"),
        max_length=20,
        choices=PipelineStage.choices,
        default=PipelineStage.FIRST_CONTACT,
    )
    stage_since = models.DateField(_("in this stage since"))
    amount_raised = models.PositiveBigIntegerField(_("capital raised (EUR)"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("pipeline entry")
        verbose_name_plural = _("pipeline entries")
        ordering = ("startup__organisation__name",)
        constraints = [
            models.UniqueConstraint(
                fields=("network", "startup"), name="startups_one_entry_per_network"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.startup} ({self.get_stage_display()})"


class PipelineMove(models.Model):
    """One move of a start-up in the pipeline, with its date and the manager's note."""

    entry = models.ForeignKey(
        PipelineEntry, on_delete=models.CASCADE, related_name="moves", verbose_name=_("entry")
    )
    from_stage = models.CharField(
        _("from"), max_length=20, choices=PipelineStage.choices, blank=True
    )
    to_stage = models.CharField(_("to"), max_length=20, choices=PipelineStage.choices)
    moved_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    amount = models.PositiveBigIntegerField(_("capital raised (EUR)"), null=True, blank=True)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("pipeline move")
        verbose_name_plural = _("pipeline moves")
        ordering = ("-moved_on", "-created_at")

    def __str__(self) -> str:
        return f"{self.entry.startup}: {self.from_stage} → {self.to_stage}"
