"""Every change that can alter a competence map bumps its data version (services.py)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from nahwerk.directory.models import Organisation
from nahwerk.networks.models import Membership, Network, NetworkRole
from nahwerk.showcase import services
from nahwerk.showcase.models import EmbedSettings


def _changed(**kwargs: Any) -> None:
    # After the commit: a reader between the bump and the commit would cache the old data
    # under the new version. Once per transaction: an import of 10,000 rows bumps once.
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        entry[1] is services.bump_version for entry in connection.run_on_commit
    ):
        return
    transaction.on_commit(services.bump_version)


for model in (Organisation, Membership, NetworkRole, Network, EmbedSettings):
    post_save.connect(_changed, sender=model, dispatch_uid=f"showcase-save-{model.__name__}")
    post_delete.connect(_changed, sender=model, dispatch_uid=f"showcase-delete-{model.__name__}")
m2m_changed.connect(
    _changed, sender=Organisation.industry_codes.through, dispatch_uid="showcase-industry-codes"
)
