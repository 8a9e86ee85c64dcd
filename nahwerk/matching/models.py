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
