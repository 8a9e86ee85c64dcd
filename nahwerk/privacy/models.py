"""What the privacy app stores itself: whose managers may read an audit entry, and erasures."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nahwerk.networks.models import Network


class AuditEntryNetwork(models.Model):
    """One network whose managers may read an audit log entry.

    Kept beside the entry (not worked out when reading) because a deleted organisation or
    membership no longer says which network it belonged to.
    """

    entry = models.ForeignKey(
        LogEntry,
        verbose_name=_("audit log entry"),
        on_delete=models.CASCADE,
        related_name="network_links",
    )
    # No database constraint: deleting a network deletes its memberships first, and their
    # entries are linked to it while it is being deleted. The links of a deleted network
    # stay behind, harmless (ids are not reused) and read by the site administrator only.
    network = models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("network of an audit log entry")
        verbose_name_plural = _("networks of audit log entries")
        constraints = [
            models.UniqueConstraint(fields=["entry", "network"], name="privacy_entry_network_once")
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} → {self.network_id}"


class Erasure(models.Model):
    """That a person's data was erased, when and by whom: the proof, without personal values."""

    erased_at = models.DateTimeField(_("erased at"), auto_now_add=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erased by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    by_manager = models.BooleanField(_("on request, by a manager"), default=False)
    user_id_erased = models.PositiveBigIntegerField(_("account number"), null=True, blank=True)
    counts = models.JSONField(_("what was erased"), default=dict)

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        ordering = ["-erased_at"]

    def __str__(self) -> str:
        return f"{self.erased_at:%Y-%m-%d %H:%M}"
