"""Retention periods: what has served its purpose is deleted, the rest stays."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.management import call_command
from django.utils import timezone

from nahwerk.accounts.models import Invitation
from nahwerk.brokering.models import Message, Need, NeedEvent, NeedStatus
from nahwerk.brokering.overview import build_overview
from nahwerk.privacy.retention import run_retention
from nahwerk.privacy.tests.conftest import Traces

pytestmark = pytest.mark.django_db


def invitation(world, email: str, **fields) -> Invitation:
    return Invitation.objects.create(
        email=email,
        organisation=world.north_public,
        token_hash=email.ljust(64, "0")[:64],
        expires_at=fields.pop("expires_at", timezone.now() + dt.timedelta(days=14)),
        **fields,
    )


def test_stale_invitations_go_open_and_accepted_ones_stay(world, settings) -> None:
    settings.PRIVACY_INVITATION_RETENTION_DAYS = 90
    now = timezone.now()
    old = invitation(world, "alt@example.org", expires_at=now - dt.timedelta(days=91))
    withdrawn = invitation(world, "zurueck@example.org", revoked_at=now - dt.timedelta(days=100))
    recent = invitation(world, "neu@example.org", expires_at=now - dt.timedelta(days=10))
    open_ = invitation(world, "offen@example.org")
    accepted = invitation(
        world, "ja@example.org", expires_at=now - dt.timedelta(days=200), accepted_at=now
    )
    assert run_retention(now=now)["invitations"] == 2
    left = set(Invitation.objects.values_list("pk", flat=True))
    assert left == {recent.pk, open_.pk, accepted.pk}
    assert old.pk not in left and withdrawn.pk not in left


def test_messages_of_needs_closed_long_ago_go_and_the_figures_stay(
    traces: Traces, settings
) -> None:
    settings.PRIVACY_CLOSED_NEED_MESSAGES_MONTHS = 24
    need = traces.need
    with time_machine.travel(timezone.now() - dt.timedelta(days=800)):
        need.status = NeedStatus.CLOSED
        need.save()
        NeedEvent.objects.create(need=need, kind="status", actor_role="manager", status="closed")
    open_need = Need.objects.create(
        organisation=need.organisation, network=need.network, title="Offen", description="x"
    )
    open_referral = open_need.referrals.create(organisation=traces.institute)
    Message.objects.create(referral=open_referral, from_asker=True, body="noch offen")
    before = build_overview(Need.objects.all())

    result = run_retention()

    assert result["messages_of_closed_needs"] == 2
    assert not Message.objects.filter(referral__need=need).exists()
    assert Message.objects.filter(referral=open_referral).exists()
    after = build_overview(Need.objects.all())
    assert (after.total, after.by_status, after.answered) == (
        before.total,
        before.by_status,
        before.answered,
    )


def test_a_need_closed_recently_keeps_its_messages(traces: Traces) -> None:
    traces.need.status = NeedStatus.CLOSED
    traces.need.save()
    NeedEvent.objects.create(need=traces.need, kind="status", actor_role="manager", status="closed")
    assert run_retention()["messages_of_closed_needs"] == 0
    assert Message.objects.filter(referral__need=traces.need).count() == 2


def test_audit_entries_older_than_the_period_go(world, settings) -> None:
    settings.PRIVACY_AUDIT_LOG_RETENTION_DAYS = 365
    with time_machine.travel(timezone.now() - dt.timedelta(days=400)):
        world.north_public.competences = "alt"
        world.north_public.save()
    world.north_public.competences = "neu"
    world.north_public.save()
    old = LogEntry.objects.filter(timestamp__lt=timezone.now() - dt.timedelta(days=365)).count()
    assert old >= 1
    total = LogEntry.objects.count()
    assert run_retention()["audit_log_entries"] == old
    assert LogEntry.objects.count() == total - old
    assert (
        LogEntry.objects.get_for_object(world.north_public)
        .filter(changes__competences__1="neu")
        .exists()
    )


def test_old_login_records_go(world, settings) -> None:
    from axes.models import AccessLog

    settings.PRIVACY_LOGIN_LOG_RETENTION_DAYS = 90
    with time_machine.travel(timezone.now() - dt.timedelta(days=100)):
        AccessLog.objects.create(username="carla", ip_address="127.0.0.1", user_agent="x")
    AccessLog.objects.create(username="carla", ip_address="127.0.0.1", user_agent="y")
    assert run_retention()["login_records"] == 1
    assert list(AccessLog.objects.values_list("user_agent", flat=True)) == ["y"]


def test_the_command_reports_what_it_deleted(world, capsys) -> None:
    invitation(world, "alt@example.org", expires_at=timezone.now() - dt.timedelta(days=365))
    call_command("apply_retention")
    out = capsys.readouterr().out
    assert "invitations: 1" in out
    assert not Invitation.objects.exists()
