"""Profile changes queue re-index jobs on commit; the worker carries each change out once."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from nahwerk.directory.models import Organisation
from nahwerk.directory.signals import organisations_changed
from nahwerk.directory.tests.factories import OrganisationFactory
from nahwerk.jobs.queue import queued_args, run_queued
from nahwerk.matching import services, tasks
from nahwerk.matching.models import IndexedProfile, ProfileVector
from nahwerk.networks.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _index_in_tmp(matching_index: Path) -> None:
    pass


@pytest.fixture
def rebuilds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the full rebuilds the jobs start."""
    calls: list[int] = []
    real = services.rebuild_index

    def counted(**kwargs: Any) -> Any:
        calls.append(1)
        return real(**kwargs)

    monkeypatch.setattr(services, "rebuild_index", counted)
    return calls


def queued_ids() -> list[Any]:
    return [args[0] for args in queued_args("reindex")]


def make(name: str, capture: Any) -> Organisation:
    with capture(execute=True):
        return OrganisationFactory(
            name=name, description="Keramische Filter für Heißgas und poröse Keramik."
        )


def test_saving_an_organisation_queues_it_on_commit_without_embedding(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        org = OrganisationFactory(name="Filterwerk")
        assert queued_ids() == []  # not before the change is committed
    assert queued_ids() == [[org.pk]]
    assert not ProfileVector.objects.exists()  # nothing was embedded during the save


def test_membership_and_codes_queue_the_organisation(
    django_capture_on_commit_callbacks: Any,
) -> None:
    first = make("Filterwerk", django_capture_on_commit_callbacks)
    second = make("Spritzguss", django_capture_on_commit_callbacks)
    before = len(queued_ids())
    with django_capture_on_commit_callbacks(execute=True):
        MembershipFactory(organisation=first)
    with django_capture_on_commit_callbacks(execute=True):
        second.industry_codes.add("23.44")
    assert queued_ids()[before:] == [[first.pk], [second.pk]]


def test_one_transaction_queues_one_job_however_many_saves(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        orgs = [OrganisationFactory(name=f"Firma {i}") for i in range(3)]
        MembershipFactory(organisation=orgs[0])
        orgs[1].industry_codes.add("23.44")
    assert queued_ids() == [sorted(org.pk for org in orgs)]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        OrganisationFactory(name="Firma 3")
        organisations_changed.send(sender=None, ids=None)  # an import of everything
    assert queued_ids()[1:] == [None]


def test_a_rolled_back_change_queues_nothing(django_capture_on_commit_callbacks: Any) -> None:
    org = make("Filterwerk", django_capture_on_commit_callbacks)
    before = queued_ids()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            OrganisationFactory(name="Nie gespeichert")
            raise RuntimeError("form failed")
        # the next change, in the same outer transaction, is queued all the same
        org.save()
    assert queued_ids() == [*before, [org.pk]]
    before = queued_ids()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        organisations_changed.send(sender=None, ids=[org.pk])
        raise RuntimeError("import failed halfway")
    assert queued_ids() == before


def test_the_worker_embeds_builds_the_index_and_empties_the_queue(
    django_capture_on_commit_callbacks: Any, rebuilds: list[int]
) -> None:
    for name in ("Filterwerk", "Spritzguss", "Keramiklabor"):
        make(name, django_capture_on_commit_callbacks)
    assert len(queued_ids()) == 3
    assert run_queued() == 3
    assert queued_ids() == []
    assert ProfileVector.objects.count() == 3
    assert services.index_ready()
    # the first job's rebuild read all three changes; the other two had nothing left to do
    assert len(rebuilds) == 1


def test_a_job_handed_out_twice_does_the_work_once(
    django_capture_on_commit_callbacks: Any, rebuilds: list[int]
) -> None:
    org = make("Filterwerk", django_capture_on_commit_callbacks)
    ((ids, requested_at),) = queued_args("reindex")
    assert tasks.reindex(ids, requested_at) != "already in the index"
    # the library delivers it again (its worker died before acknowledging it): the index
    # already holds the change, so nothing is written twice
    assert tasks.reindex(ids, requested_at) == "0 profile(s) written"
    assert len(rebuilds) == 1
    assert ProfileVector.objects.filter(organisation=org).count() == 1


def test_a_change_made_while_a_job_runs_reaches_the_index(
    django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = make("Filterwerk", django_capture_on_commit_callbacks)
    run_queued()
    real_vectors_of = services._vectors_of

    def vectors_while_someone_edits(ids: Any, embedder: Any) -> Any:
        if "Spritzguss" not in org.description:  # after the job read the profiles
            with django_capture_on_commit_callbacks(execute=True):
                org.description = "Jetzt auch Spritzguss"
                org.save()
        return real_vectors_of(ids, embedder)

    monkeypatch.setattr(services, "_vectors_of", vectors_while_someone_edits)
    with django_capture_on_commit_callbacks(execute=True):
        org.description = "Keramikfilter"
        org.save()
    while run_queued():
        pass
    # the edit was not swallowed by the job that read the profile before it
    assert "Spritzguss" in json.dumps(IndexedProfile.objects.get(profile_id=org.pk).profile)


def test_the_nightly_reindex_always_rebuilds(rebuilds: list[int]) -> None:
    tasks.reindex_all()
    tasks.reindex_all()
    assert len(rebuilds) == 2


def test_the_rebuild_command_covers_the_jobs_queued_before_it(
    django_capture_on_commit_callbacks: Any, rebuilds: list[int]
) -> None:
    # an import queues a re-index of everything; the operator then runs rebuild_index
    # (docs/deployment.md, step 3) before the worker is started
    with django_capture_on_commit_callbacks(execute=True):
        OrganisationFactory(name="Filterwerk")
        organisations_changed.send(sender=None, ids=None)
    call_command("rebuild_index", stdout=io.StringIO())
    assert len(rebuilds) == 1
    assert run_queued() == 1
    assert len(rebuilds) == 1  # the import's job found its change in the index already
