"""Deleting an organisation with memberships: no foreign-key error, and it leaves the index.

Suspected: the re-index that a deleted membership requests (``matching.signals``) would
refer to the organisation being deleted. The constraints are checked explicitly, because
in a test's transaction the deferred foreign keys of SQLite and PostgreSQL are never
checked at a commit.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from nahwerk.directory.models import Organisation
from nahwerk.jobs.queue import queued_count, run_queued
from nahwerk.matching import queue, services
from nahwerk.matching.models import IndexedProfile
from nahwerk.networks.choices import MembershipStatus
from nahwerk.networks.models import Membership, NetworkRole
from nahwerk.networks.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(world: Any, matching_index: Any, monkeypatch: pytest.MonkeyPatch) -> Organisation:
    """Nord Keramik: active in North, former member of South, on North's board, indexed."""
    organisation = world.north_public
    MembershipFactory(organisation=organisation, network=world.south, status=MembershipStatus.ENDED)
    NetworkRole.objects.create(network=world.north, organisation=organisation, kind="board_member")
    services.rebuild_index()
    # the saves above wait for a commit that a test never makes; the deletion starts its
    # own batch of re-index requests, as the next request's transaction would
    monkeypatch.setattr(queue._local, "batch", None, raising=False)
    assert IndexedProfile.objects.filter(organisation_id=organisation.pk, removed=False).exists()
    return organisation


def _gone(pk: int) -> None:
    connection.check_constraints()  # raises IntegrityError naming a dangling row
    assert not Organisation.objects.filter(pk=pk).exists()
    assert not Membership.objects.filter(organisation=pk).exists()
    assert not NetworkRole.objects.filter(organisation=pk).exists()
    assert not IndexedProfile.objects.filter(organisation_id=pk, removed=False).exists()
    # the re-index the deleted memberships asked for runs and finds nothing to do
    assert queued_count() >= 1
    jobs = queued_count()
    assert run_queued() == jobs
    assert not IndexedProfile.objects.filter(organisation_id=pk, removed=False).exists()
    connection.check_constraints()


def test_deleting_it_in_code(member: Organisation, django_capture_on_commit_callbacks) -> None:
    pk = member.pk
    with django_capture_on_commit_callbacks(execute=True):
        member.delete()
    _gone(pk)


def test_deleting_it_in_the_admin(
    world: Any, member: Organisation, as_user: Any, django_capture_on_commit_callbacks
) -> None:
    pk = member.pk
    client = as_user(world.root)
    url = reverse("admin:directory_organisation_delete", args=[pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"post": "yes"})
    assert response.status_code == 302, response.content.decode()[:2000]
    _gone(pk)
