"""Checkpoints: up to which moment a kind of background work is known to be done."""

from __future__ import annotations

import datetime as dt

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class Checkpoint(models.Model):
    """The moment up to which the work called ``name`` is done.

    The task library hands a job out at least once (again after a worker died), so a job
    compares the moment it was requested with the checkpoint and skips work that a later
    run already covered.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    reached_at = models.DateTimeField(_("reached at"))

    class Meta:
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")

    def __str__(self) -> str:
        return f"{self.name} @ {self.reached_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def covers(cls, name: str, moment: dt.datetime) -> bool:
        """Whether the work ``name`` was done for everything requested up to ``moment``."""
        return cls.objects.filter(name=name, reached_at__gte=moment).exists()

    @classmethod
    def advance(cls, name: str, moment: dt.datetime) -> None:
        """Record that ``name`` is done up to ``moment`` (a checkpoint never goes back)."""
        with transaction.atomic():
            point, created = cls.objects.select_for_update().get_or_create(
                name=name, defaults={"reached_at": moment}
            )
            if not created and point.reached_at < moment:
                point.reached_at = moment
                point.save(update_fields=["reached_at"])
