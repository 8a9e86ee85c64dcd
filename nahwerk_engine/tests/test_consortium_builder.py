"""The consortium builder: competences covered, rules met or said to be unmet, no filler."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

from nahwerk_engine.consortium import builder
from nahwerk_engine.consortium.builder import (
    MIN_COUNTRIES,
    MIN_PARTNERS,
    Candidate,
    Competence,
    Rules,
    build_team,
    propose_competences,
    requirement_sentences,
    sentence_key,
)

LEAD = Candidate(organisation_id=1, name="Keramik Lead GmbH", country="DE", in_network=True)
SENSORS = Competence("Sensorik")
CERAMICS = Competence("Keramik")
SOFTWARE = Competence("Software")


def c(pk: int, country: str = "DE", relevance: float = 0.6, **kw: object) -> Candidate:
    return Candidate(
        organisation_id=pk, name=f"Org {pk}", country=country, relevance=relevance, **kw
    )  # type: ignore[arg-type]


def test_the_module_example_holds() -> None:
    assert doctest.testmod(builder).failed == 0


def test_each_competence_gets_its_best_fitting_candidate() -> None:
    team = build_team(
        lead=LEAD,
        competences=(SENSORS, SOFTWARE),
        candidates={
            SENSORS.label: (c(2, relevance=0.5), c(3, relevance=0.9)),
            SOFTWARE.label: (c(4),),
        },
    )
    assert [role.member.organisation_id for role in team.roles if role.member] == [3, 4]
    assert team.uncovered == ()
    assert [a.organisation_id for a in team.roles[0].alternatives] == [2]


def test_a_competence_nobody_fits_stays_open_instead_of_taking_filler() -> None:
    # the software partner fits sensors only, not software: it must not fill "Software"
    team = build_team(
        lead=LEAD,
        competences=(SENSORS, SOFTWARE),
        candidates={SENSORS.label: (c(2),), SOFTWARE.label: ()},
    )
    assert team.uncovered == (SOFTWARE,)
    assert team.roles[1].member is None
    assert {m.organisation_id for m in team.members} == {1, 2}


def test_network_members_nearby_and_earlier_partners_win_between_similar_fits() -> None:
    outsider = c(2, "DE", relevance=0.62, distance_km=400)
    member = c(3, "DE", relevance=0.60, in_network=True, distance_km=20)
    team = build_team(
        lead=LEAD, competences=(SENSORS,), candidates={SENSORS.label: (outsider, member)}
    )
    assert team.roles[0].member == member
    assert team.covered_inside() == 1 and team.covered_outside() == 0


def test_a_much_better_fit_outside_beats_a_weak_member() -> None:
    weak_member = c(3, relevance=0.1, in_network=True, distance_km=5)
    strong_outsider = c(2, "FR", relevance=0.8)
    team = build_team(
        lead=LEAD,
        competences=(SENSORS,),
        candidates={SENSORS.label: (weak_member, strong_outsider)},
    )
    assert team.roles[0].member == strong_outsider
    assert team.covered_outside() == 1


def test_rules_met_by_adding_fitting_partners_from_new_countries() -> None:
    team = build_team(
        lead=LEAD,
        competences=(SENSORS, CERAMICS),
        candidates={
            SENSORS.label: (c(2, "DE", 0.9), c(3, "FR", 0.5)),
            CERAMICS.label: (c(4, "DE", 0.9), c(5, "IT", 0.3), c(6, "DE", 0.8)),
        },
        rules=Rules(min_partners=3, min_countries=3),
    )
    assert team.rules_met
    assert team.countries == ("DE", "FR", "IT")
    added = [r for r in team.roles if r.added_for_rule]
    assert {r.member.organisation_id for r in added} == {3, 5}
    assert all(MIN_COUNTRIES in r.helps for r in added)
    # each partner says which rule it helps
    assert MIN_PARTNERS in team.roles[0].helps


def test_an_unreachable_rule_is_reported_unmet() -> None:
    team = build_team(
        lead=LEAD,
        competences=(SENSORS,),
        candidates={SENSORS.label: (c(2, "DE"), c(3, "DE"))},
        rules=Rules(min_partners=3, min_countries=3),
    )
    assert not team.rules_met
    by_rule = {check.rule: check for check in team.checks}
    assert by_rule[MIN_COUNTRIES].achieved == 1 and not by_rule[MIN_COUNTRIES].met
    assert by_rule[MIN_PARTNERS].achieved == 3 and by_rule[MIN_PARTNERS].met


def test_organisations_of_one_group_are_not_independent_partners() -> None:
    team = build_team(
        lead=LEAD,
        competences=(SENSORS, CERAMICS),
        candidates={
            SENSORS.label: (c(2, group="konzern"),),
            CERAMICS.label: (c(3, group="konzern"),),
        },
        rules=Rules(min_partners=3),
    )
    assert not team.rules_met
    assert team.checks[0].achieved == 2


def test_the_lead_covers_a_competence_it_fits_itself() -> None:
    own = Candidate(organisation_id=1, name="Keramik Lead GmbH", country="DE", relevance=0.7)
    team = build_team(lead=LEAD, competences=(CERAMICS,), candidates={CERAMICS.label: (own, c(2))})
    assert team.roles[0].is_lead
    assert team.covered_inside() == 1


def test_a_swap_puts_the_chosen_alternative_in_the_role() -> None:
    cands = {SENSORS.label: (c(2, relevance=0.9), c(3, relevance=0.5))}
    team = build_team(lead=LEAD, competences=(SENSORS,), candidates=cands, chosen={"1": 3})
    assert team.roles[0].member.organisation_id == 3
    assert team.roles[0].chosen_by_user
    assert [a.organisation_id for a in team.roles[0].alternatives] == [2]


@pytest.mark.parametrize(
    ("chosen", "message"),
    [({"1": 99}, "does not fit"), ({"7": 2}, "no role '7'")],
)
def test_a_swap_to_an_organisation_that_does_not_fit_is_refused(
    chosen: dict[str, int], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        build_team(
            lead=LEAD, competences=(SENSORS,), candidates={SENSORS.label: (c(2),)}, chosen=chosen
        )


CALL_TEXT = (
    "Expected Outcome:Projects are expected to contribute to the following outcomes. "
    "Ceramic membranes for hot gas filtration in industrial furnaces. "
    "Porous ceramic filters that withstand temperatures above 900 degrees. "
    "Sensors that monitor filter clogging in real time. "
    "Wireless sensor networks for condition monitoring of furnaces. "
    "Software for predictive maintenance from the sensor data. "
    "Machine learning models that predict the remaining life of filters.Scope:Proposals "
    "should address the eligibility conditions in Annex B. The budget is EUR 5 million."
)


def _topic_embed(texts: list[str]) -> np.ndarray:
    # a stand-in embedder: one axis per topic word
    topics = ("ceramic", "sensor", "software|machine learning")
    rows = []
    for text in texts:
        row = np.array(
            [1.0 if any(w in text.lower() for w in t.split("|")) else 0.0 for t in topics]
        )
        row += 0.01
        rows.append(row / np.linalg.norm(row))
    return np.array(rows)


def test_procedure_sentences_are_not_competences() -> None:
    found = requirement_sentences(CALL_TEXT)
    assert not any("Annex" in s or "budget" in s for s in found)
    assert any(s.startswith("Ceramic membranes") for s in found)


def test_competences_are_proposed_by_clustering_the_requirements() -> None:
    competences = propose_competences(CALL_TEXT, embed=_topic_embed)
    assert 3 <= len(competences) <= 6
    assert all(comp.proposed for comp in competences)
    joined = " | ".join(comp.query for comp in competences)
    # one competence per topic: ceramics, sensors, software / machine learning
    assert "eramic" in joined and "ensor" in joined, joined
    assert "oftware" in joined or "achine learning" in joined, joined


def test_sentences_common_to_many_calls_are_never_competences() -> None:
    boilerplate = next(s for s in requirement_sentences(CALL_TEXT) if "ensor" in s)
    common = frozenset({sentence_key(boilerplate.upper())})  # case and spacing ignored
    found = requirement_sentences(CALL_TEXT, common=common)
    assert boilerplate not in found and found
    proposed = propose_competences(CALL_TEXT, embed=_topic_embed, common=common)
    assert boilerplate not in [c.query for c in proposed]


def test_the_funders_keywords_are_the_competences_where_the_call_lists_them() -> None:
    keywords = ("Ceramics", "Sensor systems", "Machine learning", "Ceramics")
    proposed = propose_competences(CALL_TEXT, embed=_topic_embed, keywords=keywords)
    assert [c.query for c in proposed] == ["Ceramics", "Sensor systems", "Machine learning"]
    assert all(c.proposed and c.label == c.query for c in proposed)
    # fewer than three keywords: the requirement sentences decide
    few = propose_competences(CALL_TEXT, embed=_topic_embed, keywords=("Ceramics",))
    assert len(few) >= 3 and "Ceramics" not in [c.query for c in few]


def test_of_many_keywords_those_close_to_the_call_and_unlike_each_other_are_taken() -> None:
    keywords = (
        "Art history",  # nothing the call asks for
        "Ceramic materials",
        "Ceramic membranes",  # the same direction as the one before
        "Sensor networks",
        "Machine learning software",
        "Tourism",
    )

    def embed(texts: list[str]) -> np.ndarray:
        # the topic axes, and one more for text about none of the topics
        rows = _topic_embed(texts)
        other = (rows.max(axis=1) < 0.9).astype(float)[:, None]
        rows = np.hstack([rows * (1 - other), other])
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    proposed = propose_competences(CALL_TEXT, embed=embed, keywords=keywords, max_count=3)
    chosen = {c.query for c in proposed}
    assert len(chosen) == 3
    assert "Art history" not in chosen and "Tourism" not in chosen
    assert {"Sensor networks", "Machine learning software"} <= chosen
    assert len(chosen & {"Ceramic materials", "Ceramic membranes"}) == 1


def test_a_short_text_is_one_competence_and_an_empty_one_none() -> None:
    assert len(propose_competences("Keramik", embed=_topic_embed)) == 1
    assert propose_competences("  ", embed=_topic_embed) == ()
