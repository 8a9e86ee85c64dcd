"""Request a re-index whenever what the matching sees of an organisation changes."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from nahwerk.directory.models import Organisation
from nahwerk.directory.signals import organisations_changed
from nahwerk.matching.index_store import withdraw_organisations
from nahwerk.matching.queue import request_reindex
from nahwerk.networks.models import Membership, NetworkRole


@receiver(post_save, sender=Organisation, dispatch_uid="matching_organisation_saved")
def organisation_saved(
    sender: Any, instance: Organisation, raw: bool = False, **kwargs: Any
) -> None:
    if not raw:  # fixtures load raw rows; they are indexed by rebuild_index
        request_reindex([instance.pk])


@receiver(
    m2m_changed,
    sender=Organisation.industry_codes.through,
    dispatch_uid="matching_organisation_codes",
)
def organisation_codes_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action.startswith("post_") and isinstance(instance, Organisation):
        request_reindex([instance.pk])


@receiver(post_save, sender=Membership, dispatch_uid="matching_membership_saved")
@receiver(post_delete, sender=Membership, dispatch_uid="matching_membership_deleted")
def membership_changed(sender: Any, instance: Membership, **kwargs: Any) -> None:
    request_reindex([instance.organisation_id])


@receiver(post_delete, sender=Organisation, dispatch_uid="matching_organisation_deleted")
def organisation_deleted(sender: Any, instance: Organisation, **kwargs: Any) -> None:
    # its queue row went with it (cascade); the index learns of it through a removal
    withdraw_organisations([instance.pk])


@receiver(post_save, sender=NetworkRole, dispatch_uid="matching_role_saved")
@receiver(post_delete, sender=NetworkRole, dispatch_uid="matching_role_deleted")
def role_changed(sender: Any, instance: NetworkRole, **kwargs: Any) -> None:
    # a role makes an organisation visible to the network's managers and members
    if instance.organisation_id is not None:
        request_reindex([instance.organisation_id])


@receiver(organisations_changed, dispatch_uid="matching_bulk_change")
def organisations_changed_in_bulk(sender: Any, ids: Any = None, **kwargs: Any) -> None:
    request_reindex(ids)
