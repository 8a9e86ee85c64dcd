"""Networks, their regions, focus industries, services, roles and memberships."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nahwerk.directory.models import Organisation, Person
from nahwerk.networks.choices import (
    DuesStatus,
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
    term_from = models.DateField(_("term of office from"), null=True, blank=True)
    term_to = models.DateField(_("term of office until"), null=True, blank=True)
    is_public = models.BooleanField(
        _("shown on the network page"),
        default=True,
        help_text=_("People are named only as far as their own visibility allows."),
    )

    class Meta:
        verbose_name = _("role in the network")
        verbose_name_plural = _("roles in the network")
        ordering = ["network", "position", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | Q(person__isnull=False),
                name="networks_role_has_holder",
            ),
            models.CheckConstraint(
                condition=Q(term_to__isnull=True)
                | Q(term_from__isnull=True)
                | Q(term_to__gte=F("term_from")),
                name="networks_role_term_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        holder = self.person or self.organisation
        return f"{self.get_kind_display()}: {holder}"

    def clean(self) -> None:
        if self.organisation_id is None and self.person_id is None:
            raise ValidationError(_("Name a person or an organisation who holds the office."))
        if self.term_from and self.term_to and self.term_to < self.term_from:
            raise ValidationError(
                {
                    "term_to": _(
                        "The term of office cannot end (%(to)s) before it starts (%(from)s)."
                    )
                    % {"to": self.term_to.isoformat(), "from": self.term_from.isoformat()}
                }
            )

    def in_office_on(self, day: dt.date) -> bool:
        return (self.term_from is None or self.term_from <= day) and (
            self.term_to is None or self.term_to >= day
        )


class DuesCategory(models.Model):
    """A fee category of a network with its yearly amount, e.g. "KMU bis 50 Beschäftigte"."""

    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="dues_categories",
    )
    name = models.CharField(_("name"), max_length=120)
    yearly_amount = models.DecimalField(
        _("yearly amount (EUR)"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"), message=_("A fee cannot be negative."))],
    )

    class Meta:
        verbose_name = _("fee category")
        verbose_name_plural = _("fee categories")
        ordering = ["network", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "name"], name="networks_duescategory_unique_name"
            ),
            models.CheckConstraint(
                condition=Q(yearly_amount__gte=0), name="networks_duescategory_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name


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
        _("fee category (imported)"), max_length=12, choices=FeeCategory.choices, blank=True
    )
    dues_category = models.ForeignKey(
        DuesCategory,
        verbose_name=_("fee category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    application_note = models.TextField(_("message with the application"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    notice_given_on = models.DateField(_("notice given on"), null=True, blank=True)
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


class Dues(models.Model):
    """One membership's dues for one calendar year."""

    membership = models.ForeignKey(
        Membership, verbose_name=_("membership"), on_delete=models.CASCADE, related_name="dues"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(
        _("amount (EUR)"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"), message=_("A fee cannot be negative."))],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DuesStatus.choices, default=DuesStatus.OPEN
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    reminded_on = models.DateField(_("last reminder"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("dues")
        verbose_name_plural = _("dues")
        ordering = ["-year", "membership__organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "year"], name="networks_dues_once_a_year"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="networks_dues_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(status=DuesStatus.PAID) | Q(paid_on__isnull=False),
                name="networks_dues_paid_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership.organisation} {self.year}: {self.amount} EUR"
