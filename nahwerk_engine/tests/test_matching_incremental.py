"""Matching: profiles added, changed and removed in place, and visibility inside the index."""

from __future__ import annotations

import itertools
import math
import random

import numpy as np
import pytest

from nahwerk_engine.matching import (
    MEMBERS,
    PUBLIC,
    Audience,
    Filters,
    MatchingIndex,
    Profile,
    Query,
    analyse_profile,
)
from nahwerk_engine.tests.test_matching import ConceptEmbedder, profile

CORPUS = [
    profile(1, "Keramik Werk", "Keramik Filter für heiße Gase"),
    profile(2, "Holzbau Klein", "Zimmerei und Dachstühle aus Holz"),
    profile(3, "Bäckerei Sonne", "Brot und Kuchen aus der Backstube"),
    profile(4, "Akku Technik", "Batterie Module für Fahrzeug Antriebe"),
    profile(5, "Fräserei Nord", "Fräsen von Aluminium, milling services"),
]


def ids(index: MatchingIndex, text: str, **filters: object) -> list[int]:
    query = Query(text, filters=Filters(**filters), explain=False)  # type: ignore[arg-type]
    return [m.profile_id for m in index.search(query)]


def fresh(profiles: list[Profile]) -> MatchingIndex:
    return MatchingIndex.build(profiles, embedder=ConceptEmbedder())


def test_a_changed_profile_is_found_for_its_new_text_and_not_for_its_old() -> None:
    index = fresh(CORPUS)
    assert ids(index, "Brot backen")[0] == 3
    bread = index.query_terms("Brot backen")
    assert index.lexical.scores(bread)[2] > 0
    index.upsert([profile(3, "Sonne GmbH", "Keramik Brennofen und Filter")])
    assert index.lexical.scores(bread)[2] == 0
    assert index.signals("Brot backen")["sem_main"][2] < 0.01
    assert 3 in ids(index, "Keramik Filter")[:2]
    assert index.changed == 1 and len(index) == len(CORPUS)  # in place, no new position


def test_incremental_changes_rank_like_a_rebuild_of_the_changed_corpus() -> None:
    index = fresh(CORPUS)
    changed = [
        profile(2, "Holzbau Klein", "Akku Batterie für Holz Fahrzeug"),
        profile(6, "Keramik Süd", "Keramik Filter und Brennofen"),
    ]
    index.upsert(changed)
    index.remove([4])
    rebuilt = fresh([p for p in CORPUS if p.id not in {2, 4}] + changed)
    # the profiles that fit rank alike; below them the order of the unrelated ones may
    # differ, as the index's mean and spread of each signal are refreshed lazily
    for need in ("Keramik Filter", "Akku Fahrzeug", "Holz Dach", "Brot", "milling"):
        assert ids(index, need)[:2] == ids(rebuilt, need)[:2], need
    assert index.live == rebuilt.live == 5


def test_a_removed_profile_is_never_found_and_can_come_back() -> None:
    index = fresh(CORPUS)
    assert index.remove([1, 99]) == 1
    assert 1 not in ids(index, "Keramik Filter")
    assert 1 not in index and index.get(1) is None
    index.upsert([CORPUS[0]])
    assert ids(index, "Keramik Filter")[0] == 1


def test_a_new_word_is_searchable_after_an_upsert() -> None:
    index = fresh(CORPUS)
    index.upsert([profile(7, "Zirkonia Labor", "Zirkonoxid Pulver")])
    assert index.lexical.idf_of("zirkonoxid") is not None
    assert ids(index, "Zirkonoxid")[:1] == [7]


def test_stored_analysis_and_embeddings_are_used_as_given() -> None:
    embedder = ConceptEmbedder()
    new = profile(8, "Brot Keramik", "Keramik")
    vector = embedder.embed(["Brot Kuchen"])[0]

    class Refusing(ConceptEmbedder):
        def embed(self, texts: object) -> np.ndarray:  # type: ignore[override]
            if texts and texts != ["Keramik Filter"]:
                raise AssertionError("embedded although a vector was given")
            return super().embed(texts)  # type: ignore[arg-type]

    index = MatchingIndex.build(CORPUS, embedder=Refusing(), embeddings=_vectors(CORPUS))
    index.upsert([new], embeddings={8: vector}, analysed={8: analyse_profile(new)})
    assert index.vectors[-1] @ vector == pytest.approx(1.0, abs=1e-5)


def _vectors(profiles: list[Profile]) -> dict[int, np.ndarray]:
    from nahwerk_engine.matching import profile_text

    embedder = ConceptEmbedder()
    return {p.id: embedder.embed([profile_text(p)])[0] for p in profiles}


def test_upsert_refuses_duplicate_ids_and_wrong_vectors() -> None:
    index = fresh(CORPUS)
    with pytest.raises(ValueError, match="unique"):
        index.upsert([CORPUS[0], CORPUS[0]])
    with pytest.raises(ValueError, match="shape"):
        index.upsert([CORPUS[0]], embeddings={1: np.zeros(3)})


def test_save_after_changes_writes_the_live_profiles(tmp_path: object) -> None:
    from pathlib import Path

    index = fresh(CORPUS)
    index.remove([2])
    index.upsert([profile(9, "Akku Neu", "Batterie")])
    index.save(Path(str(tmp_path)))
    loaded = MatchingIndex.load(Path(str(tmp_path)), embedder=ConceptEmbedder())
    assert sorted(int(i) for i in loaded.ids) == [1, 3, 4, 5, 9]


# ---------------------------------------------------------------------- visibility


def _organisations() -> list[Profile]:
    """Organisations with every combination of visibility, networks, history and variant."""
    rng = random.Random(4)
    profiles: list[Profile] = []
    pk = 0
    for visibility, history, variant in itertools.product(
        (PUBLIC, MEMBERS, "managers"), (False, True), (False, True)
    ):
        for _ in range(4):
            pk += 1
            reach = frozenset(rng.sample([10, 20, 30], rng.randint(0, 2)))
            full = Profile(
                id=pk,
                name=f"Keramik {pk}",
                fields=(("description", "Keramik Filter"),),
                visibility=visibility,
                reach=reach,
                history_only=history,
                has_variant=variant,
            )
            profiles.append(full)
            if variant:
                profiles.append(
                    Profile(
                        id=-pk,
                        name=full.name,
                        fields=full.fields,
                        visibility=visibility,
                        reach=reach,
                        history_only=history,
                        variant_of=pk,
                    )
                )
    return profiles


def _expected(profiles: list[Profile], audience: Audience) -> set[int]:
    """The rule of ``visible_organisations`` and ``members_texts_readable``, per profile."""
    allowed = set()
    for p in profiles:
        org = p.owner
        if audience.everything:
            visible, readable = True, True
        else:
            visible = (
                p.visibility == PUBLIC
                or bool(p.reach & audience.managed)
                or (p.visibility == MEMBERS and bool(p.reach & audience.member))
                or org == audience.own
            )
            readable = bool(p.reach & (audience.managed | audience.member)) or org == audience.own
        if p.history_only and not audience.include_history:
            visible = False
        if not visible:
            continue
        if p.variant_of is not None:
            if not readable:
                allowed.add(p.id)
        elif not p.has_variant or readable:
            allowed.add(p.id)
    return allowed


AUDIENCES = [
    Audience(),
    Audience(include_history=True),
    Audience(everything=True),
    Audience(everything=True, include_history=True),
    Audience(managed=frozenset({10})),
    Audience(member=frozenset({20}), own=5),
    Audience(member=frozenset({10, 30}), include_history=True),
    Audience(managed=frozenset({20}), member=frozenset({30}), own=30),
]


@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_audience_mask_allows_exactly_one_profile_per_visible_organisation(
    audience: Audience,
) -> None:
    profiles = _organisations()
    index = fresh(profiles)
    mask = index._audience_mask(audience)
    found = {int(i) for i in index.ids[mask]}
    assert found == _expected(profiles, audience)
    assert len({abs(i) for i in found}) == len(found)


def test_the_audience_follows_a_changed_visibility_without_a_rebuild() -> None:
    profiles = _organisations()
    index = fresh(profiles)
    anonymous = Audience()
    hidden = next(p for p in profiles if p.visibility == "managers" and not p.history_only)
    assert hidden.id not in ids(index, "Keramik Filter", audience=anonymous)
    index.upsert([Profile(**{**_fields(hidden), "visibility": PUBLIC, "reach": frozenset({99})})])
    assert hidden.id in ids(index, "Keramik Filter", audience=anonymous)
    assert hidden.id in ids(index, "Keramik Filter", audience=Audience(managed=frozenset({99})))


def _fields(p: Profile) -> dict[str, object]:
    return {name: getattr(p, name) for name in Profile.__dataclass_fields__}


def test_profiles_added_one_by_one_grow_the_arrays_rarely_and_are_all_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    index = fresh(CORPUS)
    capacity = index._capacity
    assert capacity == len(CORPUS) + 16  # spare rows from the build
    grown: list[int] = []
    real_grow = MatchingIndex._grow

    def counted(self: MatchingIndex, rows: int) -> None:
        grown.append(rows)
        real_grow(self, rows)

    monkeypatch.setattr(MatchingIndex, "_grow", counted)
    added = [
        profile(
            100 + k, f"Keramik Labor {k}", f"Keramik Filter Nummer {k}", networks=frozenset({k % 3})
        )
        for k in range(300)
    ]
    for new in added:
        index.upsert([new])
    assert len(index) == len(CORPUS) + 300
    # each copy makes room for a quarter more: a handful of copies for 300 appends
    assert grown[0] == math.ceil(capacity * 1.25)
    assert all(b >= math.ceil(a * 1.25) for a, b in itertools.pairwise(grown))
    assert len(grown) <= 12
    assert index._capacity >= len(index)
    # every column has one row per position, and every profile reads back as given
    for name in ("ids", "_lat", "_live", "_flags", "_language_codes"):
        assert getattr(index, name).shape == (len(index),)
    assert index._networks.matrix.shape[0] == len(index)
    assert all(part.shape[0] == len(index) for part in index._part_vectors)
    assert index.get(250) == added[150]
    assert [int(i) for i in index.ids[-3:]] == [397, 398, 399]
    # and is found like the profiles of the build
    assert set(ids(index, "Keramik Filter", networks=frozenset({1}))) <= {
        p.id for p in added if 1 in p.networks
    }
    assert ids(index, "Holz Dach")[0] == 2  # a profile of the build, after the copies
