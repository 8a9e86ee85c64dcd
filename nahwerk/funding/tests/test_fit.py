"""Ranking open calls for an idea: hard rules first, then the text fit, each explained."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from nahwerk.directory.tests.factories import OrganisationFactory
from nahwerk.funding.fit import (
    Applicant,
    FitError,
    FitFilters,
    call_index,
    calls_for_organisation,
    fit_calls,
)
from nahwerk.funding.models import CallVector
from nahwerk.funding.tests.conftest import TODAY

pytestmark = pytest.mark.django_db

IDEA = "Wir entwickeln keramische Filter für die Heißgasreinigung in der Stahlindustrie."


def topics(results: list[Any]) -> list[str]:
    return [r.call.topic_id for r in results]


def test_a_german_idea_finds_the_english_ceramics_call_first(catalogue: dict[str, Any]) -> None:
    with translation.override("en"):
        results = fit_calls(IDEA, user=AnonymousUser(), today=TODAY)
    assert topics(results)[0] == "HORIZON-CL4-2027-01-01"
    best = results[0]
    assert best.days_left == 120
    assert best.passages and best.passages[0].passage
    assert any("EU Member States" in rule for rule in best.rules)
    assert "3" in best.consortium


def test_a_call_whose_deadline_passed_is_never_ranked(catalogue: dict[str, Any]) -> None:
    results = fit_calls("ceramic membranes for filtration", user=AnonymousUser(), today=TODAY)
    assert "HORIZON-CL4-2026-01-09" not in topics(results)


def test_the_state_programme_is_only_for_smes_in_its_state(catalogue: dict[str, Any]) -> None:
    text = "Prüfung keramischer Werkstoffe und Filter an einer Hochschule"
    sme_rlp = Applicant(kind="sme", state_code="07", district_ags="07143", district_name="WW")
    university = Applicant(kind="university", state_code="07", district_ags="07143")
    sme_nrw = Applicant(kind="sme", state_code="05", district_ags="05911")
    found = {
        name: topics(
            fit_calls(text, user=AnonymousUser(), today=TODAY, filters=FitFilters(applicant=a))
        )
        for name, a in (("sme_rlp", sme_rlp), ("university", university), ("sme_nrw", sme_nrw))
    }
    assert "RLP-IG-2027" in found["sme_rlp"]
    assert "RLP-IG-2027" not in found["university"]
    assert "RLP-IG-2027" not in found["sme_nrw"]
    voucher = next(
        r
        for r in fit_calls(
            text, user=AnonymousUser(), today=TODAY, filters=FitFilters(applicant=sme_rlp)
        )
        if r.call.topic_id == "RLP-IG-2027"
    )
    assert any("Rheinland-Pfalz" in rule and "WW" in rule for rule in voucher.rules)


@pytest.mark.parametrize("idea", ["xyzzy quux plonk", "Friseursalon mit Nagelstudio eröffnen"])
def test_an_idea_no_call_is_about_gets_nothing(catalogue: dict[str, Any], idea: str) -> None:
    assert fit_calls(idea, user=AnonymousUser(), today=TODAY) == []


@pytest.mark.parametrize("idea", ["", "   ", "?!"])
def test_an_idea_without_words_is_refused(catalogue: dict[str, Any], idea: str) -> None:
    with pytest.raises(FitError):
        fit_calls(idea, user=AnonymousUser(), today=TODAY)


def test_calls_are_embedded_once_and_kept(catalogue: dict[str, Any]) -> None:
    fit_calls(IDEA, user=AnonymousUser(), today=TODAY)
    assert CallVector.objects.count() == 4
    stored = dict(CallVector.objects.values_list("call_id", "updated_at"))
    call_index.clear()  # another process: builds from the stored rows, embeds nothing
    fit_calls(IDEA, user=AnonymousUser(), today=TODAY)
    assert dict(CallVector.objects.values_list("call_id", "updated_at")) == stored
    loads = call_index.loads
    fit_calls("batteries", user=AnonymousUser(), today=TODAY)  # nothing changed: no rebuild
    assert call_index.loads == loads


def test_a_changed_call_is_re_embedded_and_found(catalogue: dict[str, Any]) -> None:
    fit_calls(IDEA, user=AnonymousUser(), today=TODAY)
    batteries = catalogue["batteries"]
    batteries.title = "Hydrogen electrolysers for steel plants"
    batteries.description = "Electrolysers produce green hydrogen for direct reduction of iron."
    batteries.keywords = "hydrogen, electrolysis, steel"
    batteries.save()
    results = fit_calls("Wasserstoff-Elektrolyse für Stahlwerke", user=AnonymousUser(), today=TODAY)
    assert topics(results)[0] == "HORIZON-CL5-2027-02-01"


def test_an_organisation_gets_the_calls_it_may_apply_to(catalogue: dict[str, Any]) -> None:
    sme = OrganisationFactory(
        name="Westerwald Keramik GmbH",
        kind="sme",
        postcode="56203",
        competences="Technische Keramik, keramische Filter, Werkstoffprüfung",
        description="Wir fertigen poröse Keramik für Heißgasfilter.",
    )
    found = topics(calls_for_organisation(sme, user=AnonymousUser(), today=TODAY))
    assert "HORIZON-CL4-2027-01-01" in found
    assert "RLP-IG-2027" in found
    assert "HORIZON-CL5-2027-02-01" not in found


def test_calls_waiting_for_the_worker_are_counted_and_the_search_says_so(
    catalogue: dict[str, Any], client: Any, monkeypatch: Any
) -> None:
    from django.core.management import call_command
    from django.urls import reverse

    from nahwerk.funding import fit
    from nahwerk.funding.fit import calls_in_preparation

    queued: list[str] = []
    monkeypatch.setattr(fit, "INLINE_EMBED_LIMIT", 1)  # an import: too many for a request
    monkeypatch.setattr(fit, "enqueue_refresh", lambda: queued.append("embed calls"))
    # the past call is not counted: nobody can apply to it any more
    assert calls_in_preparation(AnonymousUser(), TODAY) == 3

    call_command("embed_calls", "--in-background", stdout=io.StringIO())
    assert CallVector.objects.count() == 0
    assert queued == ["embed calls"]

    with translation.override("de"):
        page = client.get(reverse("funding:search"), {"q": IDEA}, HTTP_ACCEPT_LANGUAGE="de")
    assert page.status_code == 200
    assert "3 offene Förderaufrufe werden noch für die Suche vorbereitet" in page.content.decode()
    # not "no call fits": most were not searched yet
    assert "Unter den bereits vorbereiteten Aufrufen passt keiner" in page.content.decode()
    assert "Kein offener Förderaufruf passt" not in page.content.decode()

    call_command("embed_calls", stdout=io.StringIO())
    assert calls_in_preparation(AnonymousUser(), TODAY) == 0
    page = client.get(reverse("funding:search"), {"q": IDEA})
    assert "vorbereitet" not in page.content.decode()


def test_a_repeated_import_with_the_same_texts_leaves_nothing_waiting(
    catalogue: dict[str, Any],
) -> None:
    from django.utils import timezone

    from nahwerk.funding.fit import calls_in_preparation, refresh_call_vectors
    from nahwerk.funding.models import Call

    assert refresh_call_vectors() == 4
    # the import saves every call again, unchanged (updated_at moves on)
    Call.objects.update(updated_at=timezone.now())
    assert calls_in_preparation(AnonymousUser(), TODAY) == 3
    assert refresh_call_vectors() == 0  # nothing embedded again ...
    assert calls_in_preparation(AnonymousUser(), TODAY) == 0  # ... and nothing waits
