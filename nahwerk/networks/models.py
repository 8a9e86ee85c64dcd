"""Networks, their regions, focus industries, services, roles and memberships."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nahwerk.directory.models import Organisation, Person
from nahwerk.networks.choices import (
    FeeCategory,
    MembershipStatus,
    NetworkKind,
    RoleKind,
    ServiceKind,
)
from nahwerk.reference.models import District, IndustryCode


class Network(models.Model):
    """A regional innovation network: an association, agency network or alliance."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=NetworkKind.choices)
    region_name = models.CharField(_("region"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    founding_note = models.CharField(
        _("founding note"),
        max_length=200,
        blank=True,
        help_text=_("When only the year is known, or other details of the founding."),
    )
    website = models.URLField(_("website"), blank=True)
    districts = models.ManyToManyField(
        District, verbose_name=_("districts"), blank=True, related_name="networks"
    )
    source_note = models.CharField(_("source note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("networks:detail", kwargs={"slug": self.slug})


class FocusIndustry(models.Model):
    """A focus industry in the network's own words, mapped to WZ 2008 codes."""

    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="focus_industries",
    )
    label = models.CharField(_("label"), max_length=120)
    industry_codes = models.ManyToManyField(
        IndustryCode, verbose_name=_("WZ 2008 codes"), blank=True, related_name="focus_industries"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("focus industry")
        verbose_name_plural = _("focus industries")
        ordering = ["network", "position", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "label"], name="networks_focusindustry_unique_label"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class NetworkService(models.Model):
    """A service the network offers its members."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="services"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ServiceKind.choices)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["network", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "kind"], name="networks_service_unique_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class NetworkRole(models.Model):
    """A board seat, partner institution or other role of an organisation or person."""

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="roles"
    )
    kind = models.CharField(_("role"), max_length=30, choices=RoleKind.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="network_roles",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="network_roles",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("role in the network")
        verbose_name_plural = _("roles in the network")
        ordering = ["network", "position", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | Q(person__isnull=False),
                name="networks_role_has_holder",
            ),
        ]

    def __str__(self) -> str:
        holder = self.person or self.organisation
        return f"{self.get_kind_display()}: {holder}"


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self) -> MembershipQuerySet:
        return self.filter(status=MembershipStatus.ACTIVE)


class Membership(models.Model):
    """An organisation's membership in a network."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="memberships"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.ACTIVE,
    )
    since = models.DateField(_("member since"), null=True, blank=True)
    until = models.DateField(_("member until"), null=True, blank=True)
    fee_category = models.CharField(
        _("fee category"), max_length=12, choices=FeeCategory.choices, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["network", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "network"], name="networks_membership_unique_member"
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(since__isnull=True) | Q(until__gte=F("since")),
                name="networks_membership_until_after_since",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} @ {self.network}"
