"""Official employment figures by area, year and sector (Regionalstatistik 13111-07-05-4),
and the introductions a manager sent from the cooperation network."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from nahwerk.regional.choices import AreaLevel, Sector, ValueFlag


class EmploymentRelease(models.Model):
    """One imported year of the table: which file, its checksum and the office's date."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    reference_date = models.DateField(_("reference date"))
    source_name = models.CharField(_("source file"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    published = models.CharField(
        _("as of"), max_length=60, blank=True, help_text=_("The office's 'Stand' line.")
    )
    rows = models.PositiveIntegerField(_("rows"))
    imported_at = models.DateTimeField(_("imported"), auto_now=True)

    class Meta:
        verbose_name = _("employment table year")
        verbose_name_plural = _("employment table years")
        ordering = ["year"]

    def __str__(self) -> str:
        return f"13111-07-05-4 {self.year}"


def _count(verbose_name: object) -> models.PositiveIntegerField[int | None, int | None]:
    return models.PositiveIntegerField(verbose_name, null=True, blank=True)  # type: ignore[arg-type]


def _flag(verbose_name: object) -> models.CharField[str, str]:
    return models.CharField(
        verbose_name,  # type: ignore[arg-type]
        max_length=1,
        choices=ValueFlag.choices,
        default=ValueFlag.NUMBER,
        blank=True,
    )


class EmploymentFigure(models.Model):
    """Employees subject to social insurance at their place of work, 30 June of ``year``.

    A value the offices did not publish is NULL with its flag ("." suppressed, "-"
    nothing), never 0.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("level"), max_length=10, choices=AreaLevel.choices)
    area_code = models.CharField(
        _("area key"),
        max_length=5,
        help_text=_("DG for Germany, 2 digits a state, 3 a government region, 5 a district."),
    )
    area_name = models.CharField(_("area"), max_length=120)
    sector = models.CharField(_("sector"), max_length=5, choices=Sector.choices)
    employees_total = _count(_("employees"))
    employees_male = _count(_("male employees"))
    employees_female = _count(_("female employees"))
    employees_foreign = _count(_("foreign employees"))
    flag_total = _flag(_("flag of employees"))
    flag_male = _flag(_("flag of male employees"))
    flag_female = _flag(_("flag of female employees"))
    flag_foreign = _flag(_("flag of foreign employees"))

    class Meta:
        verbose_name = _("employment figure")
        verbose_name_plural = _("employment figures")
        ordering = ["year", "area_code", "sector"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "area_code", "sector"], name="regional_figure_unique_cell"
            ),
            models.CheckConstraint(
                condition=(Q(employees_total__isnull=True) & ~Q(flag_total=""))
                | (Q(employees_total__isnull=False) & Q(flag_total="")),
                name="regional_figure_total_number_or_flag",
            ),
        ]
        indexes = [models.Index(fields=["level", "year"], name="regional_figure_level_year")]

    def __str__(self) -> str:
        return f"{self.area_name} {self.sector} {self.year}"


class Introduction(models.Model):
    """A manager's introduction of two member organisations, suggested by the cooperation network.

    Kept so that the pair is not suggested again, and as the record of whom the mail went
    to (the addresses are not kept: the people can be found through the organisations).
    The pair is stored in id order, so that (a, b) and (b, a) are one introduction.
    """

    network = models.ForeignKey(
        "networks.Network",
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="introductions",
    )
    organisation_a = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    organisation_b = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("other organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason = models.CharField(_("why"), max_length=500, blank=True)
    recipients = models.PositiveSmallIntegerField(_("contact people written to"), default=0)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "organisation_a", "organisation_b"],
                name="regional_introduction_unique_pair",
            ),
            models.CheckConstraint(
                condition=Q(organisation_a__lt=F("organisation_b")),
                name="regional_introduction_pair_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_a} ↔ {self.organisation_b}"
