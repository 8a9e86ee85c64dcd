"""Stored profile embeddings."""

from __future__ import annotations

import numpy as np
from django.db import models
from django.utils.translation import gettext_lazy as _

from nahwerk.directory.models import Organisation


class ProfileVector(models.Model):
    """The embedding of an organisation's profile text, computed once per change.

    ``audience`` "public" holds the vector of the public variant (without members-only
    texts, see ``matching.profiles``); "all" the vector of the whole profile.
    """

    ALL = "all"
    PUBLIC = "public"

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="profile_vectors",
    )
    audience = models.CharField(
        _("audience"),
        max_length=10,
        default=ALL,
        choices=[(ALL, _("everyone who may read all texts")), (PUBLIC, _("the public"))],
    )
    embedder = models.CharField(_("embedder"), max_length=60)
    text_hash = models.CharField(
        _("hash of the embedded text"),
        max_length=64,
        help_text=_("SHA-256 of the profile text; a changed text needs a new vector."),
    )
    vector = models.BinaryField(_("vector (float32)"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("profile vector")
        verbose_name_plural = _("profile vectors")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "audience"], name="matching_profilevector_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.audience} ({self.embedder})"

    def as_array(self) -> np.ndarray:
        return np.frombuffer(bytes(self.vector), dtype=np.float32)


class IndexState(models.Model):
    """The partner index's change sequence (one row): what every web process follows.

    ``revision`` grows with every change written to ``IndexedProfile``; ``generation``
    changes with every full rebuild, after which a process loads the whole index again.
    """

    revision = models.BigIntegerField(_("revision"), default=0)
    generation = models.CharField(_("generation"), max_length=32, blank=True)
    embedder = models.CharField(_("embedder"), max_length=60, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("partner index state")
        verbose_name_plural = _("partner index states")

    def __str__(self) -> str:
        return f"{self.generation or '-'}@{self.revision}"


class IndexedProfile(models.Model):
    """One profile of the partner index, as every web process loads and follows it.

    ``profile_id`` is the engine's id (an organisation's pk, or minus it for its public
    variant). There is no foreign key: the row of a deleted organisation stays, marked
    ``removed`` with a new revision, so that every process learns of the removal.
    ``profile`` is the engine's ``Profile`` as JSON, ``analysis`` its analysed terms
    (so that loading skips the text analysis), ``vector`` its embedding (float32),
    ``passages`` the vectors of its sentences that the relevance check compares with a
    need (``nahwerk_engine.matching.passages``), read for a search's best candidates only.
    """

    profile_id = models.BigIntegerField(_("profile id"), unique=True)
    organisation_id = models.BigIntegerField(_("organisation id"), db_index=True)
    revision = models.BigIntegerField(_("revision"), db_index=True)
    removed = models.BooleanField(_("removed"), default=False)
    profile = models.JSONField(_("profile"), default=dict)
    analysis = models.JSONField(_("analysed terms"), default=list)
    vector = models.BinaryField(_("vector (float32)"), default=b"")
    passages = models.BinaryField(_("sentence vectors (float16)"), default=b"")

    class Meta:
        verbose_name = _("indexed profile")
        verbose_name_plural = _("indexed profiles")

    def __str__(self) -> str:
        return f"{self.profile_id}@{self.revision}{' (removed)' if self.removed else ''}"
