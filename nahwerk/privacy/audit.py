"""The audit log: which records are logged, who acted, and who may read which entries.

django-auditlog writes one ``LogEntry`` per change (created, changed fields with old and
new value, deleted) of the models registered here. Each entry is linked to the networks
the record belongs to (``AuditEntryNetwork``), so that a manager reads the entries of
their networks only, also after the record itself has been deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.db.models import Model, Q, QuerySet
from django.db.models.signals import post_save, pre_save

from nahwerk.accounts.permissions import is_site_admin, managed_network_ids
from nahwerk.privacy.middleware import current_request
from nahwerk.privacy.models import AuditEntryNetwork


def _organisation_networks(organisation_id: int | None) -> set[int]:
    from nahwerk.networks.models import Membership, NetworkRole

    if organisation_id is None:
        return set()
    return set(
        Membership.objects.filter(organisation_id=organisation_id).values_list(
            "network_id", flat=True
        )
    ) | set(
        NetworkRole.objects.filter(organisation_id=organisation_id).values_list(
            "network_id", flat=True
        )
    )


def _event_networks(event_id: int | None) -> set[int]:
    from nahwerk.events.models import Event

    if event_id is None:
        return set()
    return set(
        Event.networks.through.objects.filter(event_id=event_id).values_list(
            "network_id", flat=True
        )
    )


def _project_networks(project_id: int | None) -> set[int]:
    from nahwerk.projects.models import Project

    if project_id is None:
        return set()
    return set(
        Project.networks.through.objects.filter(project_id=project_id).values_list(
            "network_id", flat=True
        )
    )


def _audited() -> list[tuple[type[Model], Callable[[Any], set[int]], dict[str, Any]]]:
    """Each logged model, how to find its networks, and its django-auditlog options."""
    from nahwerk.brokering.models import Need, Referral
    from nahwerk.directory.models import Organisation, Person
    from nahwerk.events.models import Event, Registration
    from nahwerk.networks.models import Membership
    from nahwerk.projects.models import (
        FieldOfAction,
        Indicator,
        Participation,
        Project,
        ProjectDocument,
    )

    noise = {"exclude_fields": ["updated_at"]}
    return [
        (Organisation, lambda o: _organisation_networks(o.pk), noise),
        (Person, lambda p: _organisation_networks(p.organisation_id), noise),
        (Membership, lambda m: {m.network_id}, {}),
        (Need, lambda n: {n.network_id}, noise),
        (Referral, lambda r: {r.need.network_id}, {}),
        (Event, lambda e: _event_networks(e.pk), noise | {"m2m_fields": {"networks"}}),
        (Registration, lambda r: _event_networks(r.event_id), {}),
        # platform projects; the CORDIS import writes its projects without entries
        (Project, lambda p: _project_networks(p.pk), {"m2m_fields": {"networks"}}),
        (Participation, lambda p: _project_networks(p.project_id), {}),
        (ProjectDocument, lambda d: _project_networks(d.project_id), {}),
        (FieldOfAction, lambda f: {f.network_id}, {"m2m_fields": {"projects", "needs", "events"}}),
        (Indicator, lambda i: {i.field.network_id}, {}),
    ]


def audited_models() -> list[type[Model]]:
    return [model for model, _networks, _options in _audited()]


def register_audited_models() -> None:
    for model, networks, options in _audited():
        # django-auditlog stores what ``get_additional_data`` returns with each entry.
        model.get_additional_data = _additional_data(networks)  # type: ignore[attr-defined]
        if not auditlog.contains(model):
            auditlog.register(model, **options)
    pre_save.connect(record_actor, sender=LogEntry, dispatch_uid="privacy_record_actor")
    post_save.connect(link_networks, sender=LogEntry, dispatch_uid="privacy_link_networks")


def _additional_data(networks: Callable[[Any], set[int]]) -> Callable[[Any], dict[str, Any]]:
    def get_additional_data(instance: Any) -> dict[str, Any]:
        try:
            return {"networks": sorted(networks(instance))}
        except Exception:  # a half-deleted relation: the earlier entries still know
            return {"networks": []}

    return get_additional_data


def record_actor(sender: Any, instance: LogEntry, **kwargs: Any) -> None:
    """The user of the request being handled acts, whether logged in by session or token.

    Only the account is linked, never its e-mail address, so erasing the account leaves
    no copy of it in the log.
    """
    if instance.actor_id is not None:
        return
    request = current_request.get()
    user = getattr(request, "user", None) if request is not None else None
    if user is not None and user.is_authenticated:
        instance.actor = user
    instance.actor_email = None


def link_networks(sender: Any, instance: LogEntry, created: bool, **kwargs: Any) -> None:
    """Link the entry to the record's networks, and all entries of the record to each other's.

    A record's entries share their networks: an event is created before its networks are
    chosen, and an organisation deleted after its memberships.
    """
    if not created:
        return
    data = instance.additional_data or {}
    now = set(data.get("networks", [])) if isinstance(data, dict) else set()
    same_record = LogEntry.objects.filter(
        content_type_id=instance.content_type_id, object_pk=instance.object_pk
    ).exclude(pk=instance.pk)
    before = set(
        AuditEntryNetwork.objects.filter(entry__in=same_record).values_list("network_id", flat=True)
    )
    AuditEntryNetwork.objects.bulk_create(
        [AuditEntryNetwork(entry=instance, network_id=n) for n in now | before],
        ignore_conflicts=True,
    )
    new = now - before
    if new:
        AuditEntryNetwork.objects.bulk_create(
            [
                AuditEntryNetwork(entry_id=entry_id, network_id=n)
                for entry_id in same_record.values_list("pk", flat=True)
                for n in new
            ],
            ignore_conflicts=True,
        )


def readable_entries(user: Any) -> QuerySet[LogEntry]:
    """The audit log entries this user may read: a manager those of their networks."""
    from django.contrib.contenttypes.models import ContentType

    types = ContentType.objects.get_for_models(*audited_models()).values()
    entries = LogEntry.objects.filter(content_type__in=[t.pk for t in types])
    if is_site_admin(user):
        return entries
    managed = managed_network_ids(user)
    if not managed:
        return entries.none()
    return entries.filter(
        Q(pk__in=AuditEntryNetwork.objects.filter(network_id__in=managed).values("entry_id"))
    )


def describe_changes(entry: LogEntry) -> list[tuple[str, str, str]]:
    """(field, before, after) of an entry, in the reader's language.

    For a many-to-many field (an event's networks) "before" says whether the objects in
    "after" were added or removed.
    """
    from django.utils.translation import gettext as _

    model = entry.content_type.model_class()
    raw = entry.changes if isinstance(entry.changes, dict) else {}
    try:
        display = entry.changes_display_dict if model is not None else {}
    except Exception:  # a value the model no longer understands: show it as stored
        display = {}
    rows = []
    for name, values in raw.items():
        try:
            label = model._meta.get_field(name).verbose_name if model is not None else name
        except Exception:
            label = name
        if isinstance(values, dict):
            verb = _("added") if values.get("operation") == "add" else _("removed")
            rows.append((str(label), verb, ", ".join(str(o) for o in values.get("objects", []))))
            continue
        shown = display.get(label, values)
        old, new = ([*shown, "", ""] if isinstance(shown, list | tuple) else [shown, ""])[:2]
        rows.append((str(label), _empty(old), _empty(new)))
    return rows


def _empty(value: Any) -> str:
    return "\N{EN DASH}" if value in (None, "", "None") else str(value)
