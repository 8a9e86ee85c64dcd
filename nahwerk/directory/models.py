"""Organisations of the region and the people who speak for them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from nahwerk.directory.choices import (
    DataSource,
    LawfulBasis,
    OrganisationKind,
    SizeBand,
    Visibility,
)
from nahwerk.reference.models import District, IndustryCode, Postcode
from nahwerk.slugs import german_slug

# The profile texts that each have their own visibility, in the order they are shown.
PROFILE_TEXT_FIELDS = ("description", "competences", "equipment", "references", "offers")


def _field_visibility(verbose_name: Any) -> models.CharField[str, str]:
    return models.CharField(
        verbose_name, max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )


def history_only_condition() -> Q:
    """The one definition of "known only from EU project history" (history-only).

    An organisation that came from the CORDIS records and has neither a current (active)
    membership nor a role (board, partner institution, …) in any network. It is history,
    not directory: it stays out of the directory, the default partner search and the
    admin's default list, and is found as an earlier partner and in consortium
    suggestions. Joining a network, or taking a role in one, ends it at once.
    """
    from nahwerk.networks.choices import MembershipStatus
    from nahwerk.networks.models import Membership, NetworkRole

    member = Membership.objects.filter(organisation=OuterRef("pk"), status=MembershipStatus.ACTIVE)
    role = NetworkRole.objects.filter(organisation=OuterRef("pk"))
    return Q(source=DataSource.CORDIS) & ~Q(Exists(member)) & ~Q(Exists(role))


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def in_networks(self, network_ids: Any) -> OrganisationQuerySet:
        """Organisations that are members of, or hold a role in, any of these networks.

        An application for membership, open or declined, does not count.
        """
        from nahwerk.networks.choices import AFFILIATED_STATUSES

        return self.filter(
            Q(memberships__network__in=network_ids, memberships__status__in=AFFILIATED_STATUSES)
            | Q(network_roles__network__in=network_ids)
        ).distinct()

    def history_only(self) -> OrganisationQuerySet:
        """Organisations known only from EU project history (``history_only_condition``)."""
        return self.filter(history_only_condition())

    def listed(self) -> OrganisationQuerySet:
        """The directory's organisations: all but those known only from EU project history."""
        return self.exclude(history_only_condition())

    def with_district(self) -> OrganisationQuerySet:
        """Each organisation with its district's name and key, read in the same query.

        Without the district's boundary: a GeoJSON document of 2-9 kB that only the maps
        of the district itself draw, and that a list of 25 organisations would otherwise
        read and decode 25 times per request.
        """
        return self.select_related("district").defer("district__boundary")

    def with_history_flag(self) -> OrganisationQuerySet:
        """Each organisation with ``is_history_only`` read in the same query (no query each)."""
        return self.annotate(
            is_history_only=ExpressionWrapper(history_only_condition(), output_field=BooleanField())
        )


class Organisation(models.Model):
    """A company, university, institute or public body that can join networks."""

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    legal_form = models.CharField(
        _("legal form"), max_length=60, blank=True, help_text=_("e.g. GmbH, AG, e.V., KdöR")
    )
    kind = models.CharField(_("type"), max_length=30, choices=OrganisationKind.choices)
    industry_codes = models.ManyToManyField(
        IndustryCode, verbose_name=_("WZ 2008 codes"), blank=True, related_name="organisations"
    )
    size_band = models.CharField(
        _("size band"), max_length=10, choices=SizeBand.choices, blank=True
    )
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)

    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = models.CharField(
        _("country"), max_length=2, default="DE", help_text=_("ISO 3166-1 alpha-2 code")
    )
    # Derived from the postcode (see derive_location); set by hand only without a postcode.
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    competences = models.TextField(_("competences"), blank=True)
    equipment = models.TextField(_("equipment"), blank=True)
    references = models.TextField(_("references"), blank=True)
    offers = models.TextField(
        _("offers"), blank=True, help_text=_("What the organisation can do for others")
    )

    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    # One plain column per profile text (not a JSON map): the admin shows them as selects
    # and queries can filter on them. Never wider in effect than ``visibility``, see
    # field_visibility().
    description_visibility = _field_visibility(_("visibility of description"))
    competences_visibility = _field_visibility(_("visibility of competences"))
    equipment_visibility = _field_visibility(_("visibility of equipment"))
    references_visibility = _field_visibility(_("visibility of references"))
    offers_visibility = _field_visibility(_("visibility of offers"))
    source = models.CharField(
        _("data source"), max_length=12, choices=DataSource.choices, default=DataSource.MANUAL
    )
    source_note = models.CharField(_("source note"), max_length=300, blank=True)
    is_fictitious = models.BooleanField(
        _("fictitious example"),
        default=False,
        help_text=_("Generated for the demo; shown with a visible marker."),
    )
    external_id = models.CharField(
        _("external ID"),
        max_length=100,
        blank=True,
        help_text=_("Key in the system an import came from; re-imports update by it."),
    )
    pic = models.CharField(
        _("PIC"),
        max_length=12,
        null=True,
        blank=True,
        help_text=_("Participant Identification Code of the EU Funding & Tenders portal"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["pic"],
                condition=Q(pic__isnull=False),
                name="directory_organisation_unique_pic",
            ),
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~Q(external_id=""),
                name="directory_organisation_unique_external_id",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="directory_organisation_coordinates_pair",
            ),
        ]
        indexes = [models.Index(fields=["name"], name="directory_org_name_idx")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            self.slug = unique_slug(self.name)
        if self.employees is not None and not self.size_band:
            self.size_band = SizeBand.for_employees(self.employees)
        self.derive_location()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("directory:organisation", kwargs={"slug": self.slug})

    @cached_property
    def is_history_only(self) -> bool:
        """Known only from EU project history (see ``history_only_condition``).

        ``Organisation.objects.with_history_flag()`` sets it for many at once.
        """
        if self.pk is None:
            return False
        return type(self).objects.history_only().filter(pk=self.pk).exists()

    def field_visibility(self, field: str) -> Visibility:
        """Who may see a profile text: its own setting, narrowed by the record's visibility.

        A members-only organisation's "public" description is still members-only.
        """
        if field not in PROFILE_TEXT_FIELDS:
            raise ValueError(f"{field!r} has no visibility of its own")
        return Visibility.narrowest(getattr(self, f"{field}_visibility"), self.visibility)

    def derive_location(self) -> None:
        """Set district and coordinates from a German postcode; foreign ones are left alone."""
        if self.country != "DE" or not self.postcode:
            return
        entry = Postcode.objects.filter(code=self.postcode).first()
        if entry is None:
            # The district follows from the postcode alone, so it must not go stale. The
            # coordinates may come from elsewhere (e.g. a CORDIS record) and stay; forms and
            # imports reject unknown postcodes before they get here.
            self.district_id = None
            return
        self.district_id = entry.district_id
        self.latitude, self.longitude = entry.latitude, entry.longitude
        if not self.city:
            self.city = entry.place

    def clean(self) -> None:
        super().clean()
        german = self.country == "DE" and self.postcode
        if german and not Postcode.objects.filter(code=self.postcode).exists():
            raise ValidationError(
                {"postcode": _("Unknown German postcode: %(value)s") % {"value": self.postcode}}
            )


def unique_slug(name: str, taken: set[str] | None = None) -> str:
    """A slug for ``name`` not yet used by an organisation (nor in ``taken``)."""
    base = german_slug(name, fallback="organisation")
    candidate, n = base, 1
    while (taken is not None and candidate in taken) or Organisation.objects.filter(
        slug=candidate
    ).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


class Person(models.Model):
    """A contact person; stored only with a lawful basis, shown per field by visibility."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="people",
    )
    title = models.CharField(_("academic title"), max_length=40, blank=True)
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    function = models.CharField(_("function"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    lawful_basis = models.CharField(_("lawful basis"), max_length=20, choices=LawfulBasis.choices)
    consent_given_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_purpose = models.CharField(_("purpose of consent"), max_length=300, blank=True)
    # Withdrawing keeps the record of the consent (when, for what) and hides the person's
    # data from everyone but the managers, who then erase it or find another basis.
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True)
    basis_note = models.CharField(
        _("note on the lawful basis"),
        max_length=300,
        blank=True,
        help_text=_("e.g. where the person was named publicly"),
    )

    visibility = models.CharField(
        _("visibility of name and function"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
    )
    email_visibility = models.CharField(
        _("visibility of e-mail"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.MANAGERS,
    )
    phone_visibility = models.CharField(
        _("visibility of phone"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.MANAGERS,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(lawful_basis=LawfulBasis.CONSENT)
                | (Q(consent_given_at__isnull=False) & ~Q(consent_purpose="")),
                name="directory_person_consent_has_date_and_purpose",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.title, self.first_name, self.last_name) if part)


class ImportJob(models.Model):
    """An uploaded organisation file between preview (dry run) and confirmed import."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting confirmation")
        IMPORTED = "imported", _("Imported")
        REJECTED = "rejected", _("Rejected")

    # Kept in the database so that preview and confirmation work on any worker process.
    content = models.BinaryField(_("file content"))
    filename = models.CharField(_("file name"), max_length=255)
    network = models.ForeignKey(
        "networks.Network",
        verbose_name=_("network"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
        help_text=_("Imported organisations become active members of this network."),
    )
    skip_invalid = models.BooleanField(_("import valid rows only"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    report = models.JSONField(_("report"), default=dict, blank=True)

    class Meta:
        verbose_name = _("organisation import")
        verbose_name_plural = _("organisation imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"
