"""Districts, postcodes and economic-activity codes that every other app refers to."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from nahwerk.reference.choices import STATE_NAMES, DistrictKind

ags_validator = RegexValidator(r"^\d{5}$", _("An AGS district key has exactly five digits."))
postcode_validator = RegexValidator(r"^\d{5}$", _("A German postcode has exactly five digits."))


class District(models.Model):
    """A German district (Kreis or kreisfreie Stadt), identified by its 5-digit AGS."""

    ags = models.CharField(
        _("AGS"),
        max_length=5,
        primary_key=True,
        validators=[ags_validator],
        help_text=_("Official district key, e.g. 07143 for the Westerwaldkreis."),
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("type"), max_length=20, choices=DistrictKind.choices)
    state_code = models.CharField(_("state code"), max_length=2)
    nuts3 = models.CharField(_("NUTS-3 code"), max_length=5, unique=True)
    area_km2 = models.FloatField(_("area (km²)"), null=True, blank=True)
    population = models.PositiveIntegerField(_("population (31.12.2018)"), null=True, blank=True)
    latitude = models.FloatField(_("latitude of centroid"))
    longitude = models.FloatField(_("longitude of centroid"))
    boundary = models.JSONField(
        _("boundary"), help_text=_("GeoJSON geometry, simplified for display.")
    )

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.ags})"

    @property
    def state_name(self) -> str:
        return STATE_NAMES.get(self.state_code, self.state_code)


class Postcode(models.Model):
    """A 5-digit postcode with the mean position of its places and its main district."""

    code = models.CharField(
        _("postcode"), max_length=5, primary_key=True, validators=[postcode_validator]
    )
    place = models.CharField(_("place"), max_length=120)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="postcodes"
    )

    class Meta:
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.place}"


class IndustryCode(models.Model):
    """A code of the German classification of economic activities WZ 2008 (NACE Rev. 2)."""

    code = models.CharField(_("WZ 2008 code"), max_length=10, primary_key=True)
    level = models.PositiveSmallIntegerField(
        _("level"), help_text=_("1 section, 2 division, 3 group, 4 class, 5 subclass")
    )
    title_de = models.CharField(_("German title"), max_length=300)
    title_en = models.CharField(_("English title"), max_length=300, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    section = models.CharField(_("section"), max_length=1)

    class Meta:
        verbose_name = _("WZ 2008 code")
        verbose_name_plural = _("WZ 2008 codes")
        ordering = ["section", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="reference_industrycode_level"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        if self.title_en and (get_language() or "de").startswith("en"):
            return self.title_en
        return self.title_de
