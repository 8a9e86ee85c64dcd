"""Postings of the talent exchange and the applications people send to them."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nahwerk.talent.choices import (
    ApplicationStatus,
    FieldOfWork,
    Language,
    PostingKind,
    PostingStatus,
)
from nahwerk.talent.storage import attachment_storage


class PostingQuerySet(models.QuerySet["Posting"]):
    def on_board(self, today: object = None) -> PostingQuerySet:
        """Open postings whose expiry date has not passed: what the public board shows."""
        today = today or timezone.localdate()
        return self.filter(status=PostingStatus.OPEN, expires_on__gte=today)


class Posting(models.Model):
    """An internship, thesis topic, apprenticeship, job, exchange or training offer."""

    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="talent_postings",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=PostingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"))
    requirements = models.TextField(_("what you bring"), blank=True)
    field_of_work = models.CharField(
        _("field"), max_length=20, choices=FieldOfWork.choices, default=FieldOfWork.ENGINEERING
    )
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.GERMAN
    )
    # a thesis: the chair (a university or institute on the platform) that supervises it
    chair = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("supervising university or institute"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervised_postings",
    )
    chair_name = models.CharField(_("chair"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode of the place of work"),
        max_length=5,
        blank=True,
        help_text=_("Empty: the organisation's address."),
    )
    place = models.CharField(_("place"), max_length=120, blank=True)
    district = models.ForeignKey(
        "reference.District",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    expires_on = models.DateField(
        _("shown until"), help_text=_("After this day the posting leaves the board.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PostingStatus.choices, default=PostingStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PostingQuerySet.as_manager()

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="talent_posting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("talent:posting", kwargs={"slug": self.slug})

    @property
    def is_thesis(self) -> bool:
        return self.kind in PostingKind.theses()

    @property
    def on_board(self) -> bool:
        return self.status == PostingStatus.OPEN and self.expires_on >= timezone.localdate()


def attachment_path(application: Application, filename: str) -> str:
    # a random name: the applicant's file name is kept in a column, never in the path
    return f"talent/{application.posting_id}/{uuid.uuid4().hex}.pdf"


class Application(models.Model):
    """A person's application to a posting, sent without an account, with consent."""

    posting = models.ForeignKey(
        Posting, verbose_name=_("posting"), on_delete=models.CASCADE, related_name="applications"
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    message = models.TextField(_("message"))
    attachment = models.FileField(
        _("attachment (PDF)"),
        storage=attachment_storage,
        upload_to=attachment_path,
        blank=True,
        max_length=200,
    )
    attachment_name = models.CharField(_("file name"), max_length=200, blank=True)
    attachment_size = models.PositiveIntegerField(_("file size (bytes)"), default=0)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.RECEIVED,
    )
    # the lawful basis is consent (Art. 6(1)(a) GDPR): when, and to which text
    consent_given_at = models.DateTimeField(_("consent given at"))
    consent_version = models.CharField(_("version of the consent text"), max_length=20)
    consent_text = models.TextField(_("consent text"))
    erase_after = models.DateTimeField(_("erased after"))
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["erase_after"], name="talent_app_erase_after")]

    def __str__(self) -> str:
        return f"{self.name} → {self.posting}"

    def get_absolute_url(self) -> str:
        return reverse("talent:application", kwargs={"pk": self.pk})


class PostingVector(models.Model):
    """A posting's text embedded once per change, for the interest search."""

    posting = models.OneToOneField(
        Posting, verbose_name=_("posting"), on_delete=models.CASCADE, related_name="vector"
    )
    embedder = models.CharField(_("embedder"), max_length=80)
    text_hash = models.CharField(_("text hash"), max_length=64)
    vector = models.BinaryField(_("vector"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("posting vector")
        verbose_name_plural = _("posting vectors")

    def __str__(self) -> str:
        return f"{self.posting_id} ({self.embedder})"
