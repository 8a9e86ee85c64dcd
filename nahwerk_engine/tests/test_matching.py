"""Matching: BM25, fusion, filters, nearness, explanations, persistence, odd input."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from nahwerk_engine.geo import Point, distance_km
from nahwerk_engine.matching import (
    Embedder,
    Filters,
    FitLevel,
    MatchingConfig,
    MatchingIndex,
    Profile,
    Query,
    default_embedder,
    profile_text,
)
from nahwerk_engine.matching.lexical import LexicalIndex
from nahwerk_engine.matching.passages import (
    embed_passages,
    pack_passages,
    profile_passages,
    unpack_passages,
)

MONTABAUR = Point(50.4387, 7.8256)
NEUWIED = Point(50.4286, 7.4614)
DORTMUND = Point(51.5136, 7.4653)
CHEMNITZ = Point(50.8278, 12.9214)


class ConceptEmbedder:
    """A toy embedder that knows a few concepts and synonyms, and nothing else.

    It stands in for a sentence embedder where a test needs to control what the
    semantic side understands: synonyms yes, machine type numbers no.
    """

    name = "toy-concepts-1"
    dim = 8
    CONCEPTS = {
        "akku": 0,
        "batterie": 0,
        "battery": 0,
        "auto": 1,
        "fahrzeug": 1,
        "vehicle": 1,
        "back": 2,
        "brot": 2,
        "kuchen": 2,
        "holz": 3,
        "zimmerei": 3,
        "dach": 3,
        "fräs": 4,
        "milling": 4,
        "keramik": 5,
        "ceramic": 5,
        "keramisch": 5,
        "filter": 6,
    }

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            vectors[row, 7] = 0.1  # no zero vectors
            for word in text.lower().split():
                for concept, column in self.CONCEPTS.items():
                    if concept in word:
                        vectors[row, column] += 1.0
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def profile(pid: int, name: str, text: str, **kwargs: object) -> Profile:
    return Profile(id=pid, name=name, fields=(("description", text),), **kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def use() -> Embedder:
    return default_embedder()


@pytest.fixture(scope="module")
def ceramics_index(use: Embedder) -> MatchingIndex:
    profiles = [
        Profile(
            id=1,
            name="Institute for Ceramic Materials",
            kind="research_institute",
            point=DORTMUND,
            district="05913",
            fields=(
                (
                    "description",
                    "Our institute develops ceramic filters for hot-gas cleaning. "
                    "We test filter elements up to 1000 °C.",
                ),
                ("competences", "Porous ceramics, sintering, filtration testing"),
                ("equipment", "High-temperature furnace, hot-gas test rig"),
            ),
        ),
        Profile(
            id=2,
            name="Laserstudio Glatt",
            kind="sme",
            point=MONTABAUR,
            district="07143",
            fields=(
                (
                    "description",
                    "Laser-Haarentfernung: Wir sind Ihr Partner für dauerhafte "
                    "Haarentfernung. Wir suchen neue Kundinnen und behandeln mit "
                    "hoher Temperatur und keramischem Kühlkopf.",
                ),
            ),
        ),
        Profile(
            id=3,
            name="Holzbau Klein",
            kind="sme",
            point=NEUWIED,
            district="07138",
            fields=(("description", "Zimmerei, Dachstühle und Holzrahmenbau."),),
        ),
        Profile(
            id=4,
            name="Bäckerei Sonne",
            kind="sme",
            point=MONTABAUR,
            district="07143",
            fields=(("description", "Brot, Brötchen und Kuchen aus eigener Backstube."),),
        ),
    ]
    return MatchingIndex.build(profiles, embedder=use)


# ---------------------------------------------------------------------- the example


def test_a_german_need_finds_the_english_ceramics_institute_before_the_laser_studio(
    ceramics_index: MatchingIndex,
) -> None:
    need = "Wir suchen einen Partner für keramische Hochtemperaturfilter"
    ranking = ceramics_index.search(Query(need, cutoff=False))
    assert [m.profile_id for m in ranking[:2]] == [1, 2]
    assert ranking[0].score > ranking[1].score
    # the studio shares words with the need ("Temperatur", "keramisch"), but it fits at
    # most partly; the bakery and the carpenter do not fit at all
    scores = ceramics_index.lexical.scores(ceramics_index.query_terms(need))
    assert scores[1] > 0
    shown = ceramics_index.search(Query(need))
    assert shown[0].profile_id == 1 and shown[0].fit in (FitLevel.STRONG, FitLevel.GOOD)
    assert all(m.fit == FitLevel.PARTIAL for m in shown[1:])
    assert {m.profile_id for m in shown} <= {1, 2}


def test_nothing_fits_an_off_topic_or_nonsense_need(ceramics_index: MatchingIndex) -> None:
    for need in ("xyzzy quux", "Steuerberater für Erbschaftsfragen", "Hochzeitsfotograf"):
        assert ceramics_index.search(Query(need)) == [], need


def test_a_fitting_match_says_how_well_it_fits(ceramics_index: MatchingIndex) -> None:
    (match,) = ceramics_index.search(Query("Hot-gas filters made of porous ceramics"))
    assert match.profile_id == 1
    assert match.fit is not None and match.relevance is not None
    assert 0.0 < match.relevance <= 1.0


def test_the_institute_still_wins_when_the_asker_sits_next_to_the_studio(
    ceramics_index: MatchingIndex,
) -> None:
    need = "Wir suchen einen Partner für keramische Hochtemperaturfilter"
    matches = ceramics_index.search(Query(need, near=MONTABAUR, nearness=0.3))
    assert matches[0].profile_id == 1
    assert matches[0].explanation.distance_km == pytest.approx(
        distance_km(MONTABAUR, DORTMUND), abs=0.1
    )


# ---------------------------------------------------------------------- BM25


def test_bm25_ranks_by_term_rarity_frequency_and_length() -> None:
    docs = [
        [("d", ["filt", "keram"])],
        [("d", ["filt"])],
        [("d", ["filt", "keram", "keram"])],
        [("d", ["filt", "keram", "las", "las", "las", "las", "las", "las"])],
        [("d", ["holz"])],
    ]
    index = LexicalIndex.build(docs)
    scores = index.scores({"keram": 1.0, "filt": 1.0})
    # repeated rare term > once, short > long with the same matches, rare > common only
    assert list(np.argsort(-scores, kind="stable")) == [2, 0, 3, 1, 4]
    assert scores[4] == 0


def test_bm25_field_weights_count_a_term_more_in_a_heavier_field() -> None:
    docs = [
        [("competences", ["keram"]), ("references", ["holz"])],
        [("competences", ["holz"]), ("references", ["keram"])],
    ]
    index = LexicalIndex.build(docs, field_weights={"competences": 2.0, "references": 0.5})
    scores = index.scores({"keram": 1.0})
    assert scores[0] > scores[1] > 0


def test_bm25_parameters_change_length_normalisation() -> None:
    docs = [[("d", ["keram"])], [("d", ["keram"] + ["other"] * 20)]]
    strict = LexicalIndex.build(docs, b=1.0).scores({"keram": 1.0})
    lenient = LexicalIndex.build(docs, b=0.0).scores({"keram": 1.0})
    assert strict[0] > strict[1]
    assert lenient[0] == pytest.approx(lenient[1])


# ---------------------------------------------------------------------- fusion


TOY_PROFILES = [
    profile(1, "Zerspanung Weber", "Fräsen auf einer Hermle C32"),
    profile(2, "Präzisionsteile Roth", "Fräsen auf einer Hermle C42"),
    profile(3, "Drehteile Maier", "Fräsen auf einer Hermle C52"),
    profile(4, "Akkutechnik Süd", "Batteriemanagementsysteme für Elektrofahrzeuge"),
    profile(5, "Bäckerei Sonne", "Brot und Kuchen aus eigener Backstube"),
    profile(6, "Holzbau Klein", "Zimmerei und Holzrahmenbau"),
]
TOY_NEEDS = [("Hermle C42", 2), ("Hermle C52", 3), ("Akkus für Autos", 4), ("Backwaren", 5)]


def _reciprocal_rank(order: list[int], relevant: int) -> float:
    return 1.0 / (order.index(relevant) + 1) if relevant in order else 0.0


def test_fusion_finds_what_either_part_alone_misses() -> None:
    index = MatchingIndex.build(TOY_PROFILES, embedder=ConceptEmbedder())  # type: ignore[arg-type]
    lexical = semantic = fused = 0.0
    for need, relevant in TOY_NEEDS:
        scores = index.lexical.scores(index.query_terms(need))
        lexical += _reciprocal_rank(
            [int(index.ids[p]) for p in np.argsort(-scores, kind="stable") if scores[p] > 0],
            relevant,
        )
        cosine = index.vectors @ index.query_vector(need)
        semantic += _reciprocal_rank(
            [int(index.ids[p]) for p in np.argsort(-cosine, kind="stable")], relevant
        )
        fused += _reciprocal_rank([m.profile_id for m in index.search(Query(need))], relevant)
    assert fused == len(TOY_NEEDS)  # every need's partner first
    assert fused > lexical
    assert fused > semantic


def test_a_toy_embedder_without_a_relevance_model_cuts_nothing() -> None:
    index = MatchingIndex.build(TOY_PROFILES, embedder=ConceptEmbedder())  # type: ignore[arg-type]
    matches = index.search(Query("Backwaren"))
    assert len(matches) == len(TOY_PROFILES)
    assert all(m.fit is None and m.relevance is None for m in matches)


def test_the_lexical_weight_decides_between_type_numbers() -> None:
    semantic_only = MatchingIndex.build(
        TOY_PROFILES,
        embedder=ConceptEmbedder(),  # type: ignore[arg-type]
        config=MatchingConfig(
            same_language={"main": 1.0, "lexical": 0.0},
            other_language={"main": 1.0, "lexical": 0.0},
        ),
    )
    assert semantic_only.search(Query("Backwaren"))[0].profile_id == 5
    assert semantic_only.search(Query("Hermle C42"))[0].profile_id == 1  # numbers mean nothing


def test_a_german_compound_meets_the_longer_compound_it_begins() -> None:
    profiles = [
        profile(1, "Formenbau Nord", "Drahterodiermaschine und Senkerodieren"),
        profile(2, "Metallbau Süd", "Drehmaschinen und Fräsmaschinen"),
    ]
    index = MatchingIndex.build(profiles, embedder=ConceptEmbedder())  # type: ignore[arg-type]
    assert any(t.startswith("drahterodier") for t in index.query_terms("Drahterodieren"))
    without = index.with_config(compound_weight=0.0)
    assert not any(t.startswith("drahterodier") for t in without.query_terms("Drahterodieren"))


def test_words_that_frame_a_request_are_not_searched_for() -> None:
    index = MatchingIndex.build(TOY_PROFILES, embedder=ConceptEmbedder())  # type: ignore[arg-type]
    terms = index.query_terms("Wir suchen einen Partner: Hermle C42 gesucht")
    assert "partn" not in terms and "such" not in terms and "gesucht" not in terms
    assert "herml" in terms or "hermle" in terms
    # a need of nothing but such words still searches for them
    assert index.query_terms("Partner gesucht")


# ---------------------------------------------------------------------- filters and nearness


def twins() -> list[Profile]:
    text = "Keramische Filter für die Heißgasreinigung"
    return [
        profile(
            1,
            "Keramikwerk",
            text,
            point=DORTMUND,
            kind="sme",
            district="05913",
            networks=frozenset({1}),
            size_band="10-49",
            wz_sections=frozenset({"C"}),
        ),
        profile(
            2,
            "Keramikwerk",
            text,
            point=MONTABAUR,
            kind="research_institute",
            district="07143",
            networks=frozenset({2, 3}),
            size_band="50-249",
            wz_sections=frozenset({"M"}),
        ),
        profile(
            3,
            "Keramikwerk",
            text,
            point=CHEMNITZ,
            kind="sme",
            district="14511",
            networks=frozenset(),
            size_band="10-49",
            wz_sections=frozenset({"C", "M"}),
        ),
        profile(4, "Keramikwerk", text),
    ]


@pytest.fixture(scope="module")
def twins_index(use: Embedder) -> MatchingIndex:
    return MatchingIndex.build(twins(), embedder=use)


def ids(index: MatchingIndex, query: Query) -> list[int]:
    return [m.profile_id for m in index.search(query)]


def test_a_nearer_equal_match_ranks_first(twins_index: MatchingIndex) -> None:
    need = "keramische Filter"
    near_neuwied = ids(twins_index, Query(need, near=NEUWIED))
    assert near_neuwied[0] == 2
    assert near_neuwied.index(1) < near_neuwied.index(3)  # Dortmund before Chemnitz
    assert ids(twins_index, Query(need, near=CHEMNITZ))[0] == 3
    assert ids(twins_index, Query(need, near=DORTMUND))[0] == 1


def test_nearness_zero_ignores_distance(twins_index: MatchingIndex) -> None:
    need = "keramische Filter"
    matches = twins_index.search(Query(need, near=CHEMNITZ, nearness=0.0))
    assert [m.profile_id for m in matches] == ids(twins_index, Query(need))
    assert next(m for m in matches if m.profile_id == 3).explanation.distance_km == 0.0


def test_stronger_nearness_widens_the_gap(twins_index: MatchingIndex) -> None:
    def gap(nearness: float) -> float:
        matches = twins_index.search(Query("keramische Filter", near=MONTABAUR, nearness=nearness))
        return matches[0].score - matches[1].score

    assert gap(1.0) > gap(0.3) > 0


def test_maximum_distance_excludes_far_and_unplaced_profiles(twins_index: MatchingIndex) -> None:
    filters = Filters(max_distance_km=150)
    assert ids(twins_index, Query("keramische Filter", near=NEUWIED, filters=filters)) == [2, 1]


def test_maximum_distance_needs_a_point(twins_index: MatchingIndex) -> None:
    with pytest.raises(ValueError, match=r"Query\.near"):
        twins_index.search(Query("Filter", filters=Filters(max_distance_km=50)))


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(kinds=frozenset({"sme"})), {1, 3}),
        (Filters(networks=frozenset({3})), {2}),
        (Filters(networks=frozenset({1, 2})), {1, 2}),
        (Filters(districts=frozenset({"14511", "07143"})), {2, 3}),
        (Filters(wz_sections=frozenset({"M"})), {2, 3}),
        (Filters(size_bands=frozenset({"50-249"})), {2}),
        (Filters(exclude_ids=frozenset({1, 4})), {2, 3}),
        (Filters(allowed_ids=frozenset({3, 4, 99})), {3, 4}),
        (Filters(kinds=frozenset({"sme"}), wz_sections=frozenset({"M"})), {3}),
        (Filters(kinds=frozenset({"university"})), set()),
    ],
)
def test_filters_are_hard(twins_index: MatchingIndex, filters: Filters, expected: set[int]) -> None:
    assert set(ids(twins_index, Query("keramische Filter", filters=filters))) == expected


def test_limit_cuts_the_list(twins_index: MatchingIndex) -> None:
    assert len(twins_index.search(Query("Filter", limit=2))) == 2


# ---------------------------------------------------------------------- explanations


def test_explanations_name_shared_words_passages_distance_and_history(
    ceramics_index: MatchingIndex,
) -> None:
    need = "Wir suchen einen Partner für keramische Hochtemperaturfilter. Prüfung bis 1000 °C."
    matches = ceramics_index.search(
        Query(need, near=NEUWIED, cooperation={1: ("H2020 CERAFIL (2018)",)}, cutoff=False)
    )
    institute = next(m for m in matches if m.profile_id == 1)
    why = institute.explanation
    assert why.passages and why.passages[0].similarity >= why.passages[-1].similarity
    assert why.passages[0].field in {"description", "competences", "equipment"}
    assert "ceramic filters" in " ".join(p.passage for p in why.passages)
    assert why.passages[0].need_part in {
        "Wir suchen einen Partner für keramische Hochtemperaturfilter.",
        "Prüfung bis 1000 °C.",
    }
    assert why.cooperation == ("H2020 CERAFIL (2018)",)
    assert why.distance_km == pytest.approx(distance_km(NEUWIED, DORTMUND), abs=0.1)
    assert matches[0].profile_id == 1
    studio = next(m for m in matches if m.profile_id == 2).explanation
    # words that frame the request ("Partner", "suchen") are not shared words
    assert "Temperatur" in studio.shared_terms
    assert not {"Partner", "suchen"} & set(studio.shared_terms)


def test_shared_terms_are_the_profiles_own_words(ceramics_index: MatchingIndex) -> None:
    matches = ceramics_index.search(Query("ceramic filter testing"))
    institute = next(m for m in matches if m.profile_id == 1)
    shown = {word.casefold() for word in institute.explanation.shared_terms}
    assert {"ceramic", "filters", "testing"} <= shown


def test_without_explain_the_ranking_is_the_same(ceramics_index: MatchingIndex) -> None:
    need = "keramische Filter"
    plain = ceramics_index.search(Query(need, explain=False))
    full = ceramics_index.search(Query(need))
    assert [(m.profile_id, m.score) for m in plain] == [(m.profile_id, m.score) for m in full]
    assert plain[0].explanation.passages == ()


# ---------------------------------------------------------------------- building and persistence


def test_stored_embeddings_are_used_as_they_are(use: Embedder) -> None:
    profiles = twins()
    stored = {1: use.embed(["Bäckerei und Konditorei"])[0]}
    index = MatchingIndex.build(profiles, embedder=use, embeddings=stored)
    assert np.allclose(index.vectors[0], stored[1], atol=1e-6)
    assert np.allclose(index.vectors[1], use.embed([profile_text(profiles[1])])[0], atol=1e-6)


def test_a_stored_embedding_of_the_wrong_size_is_refused(use: Embedder) -> None:
    with pytest.raises(ValueError, match="shape"):
        MatchingIndex.build(twins(), embedder=use, embeddings={1: np.ones(3)})


def test_duplicate_ids_are_refused(use: Embedder) -> None:
    with pytest.raises(ValueError, match="unique"):
        MatchingIndex.build([profile(1, "A", "x"), profile(1, "B", "y")], embedder=use)


def test_save_and_load_give_identical_results(
    ceramics_index: MatchingIndex, use: Embedder, tmp_path: Path
) -> None:
    ceramics_index.save(tmp_path / "index")
    loaded = MatchingIndex.load(tmp_path / "index", embedder=use)
    assert len(loaded) == len(ceramics_index)
    assert loaded.profile(0) == ceramics_index.profile(0)
    for query in (
        Query("Wir suchen einen Partner für keramische Hochtemperaturfilter", near=NEUWIED),
        Query("Holz", filters=Filters(kinds=frozenset({"sme"}))),
    ):
        assert loaded.search(query) == ceramics_index.search(query)
    assert not list(tmp_path.glob("index/*.pkl"))


def test_an_index_from_another_embedder_is_refused(
    ceramics_index: MatchingIndex, tmp_path: Path
) -> None:
    ceramics_index.save(tmp_path)
    with pytest.raises(ValueError, match="rebuild"):
        MatchingIndex.load(tmp_path, embedder=ConceptEmbedder())  # type: ignore[arg-type]


def test_profile_text_puts_the_name_and_competences_first() -> None:
    p = Profile(
        7,
        "Keramik GmbH",
        fields=(
            ("wz_titles", "Herstellung von Keramik"),
            ("description", "Wir sintern."),
            ("competences", "Filter"),
        ),
    )
    assert profile_text(p) == "Keramik GmbH. Filter. Wir sintern. Herstellung von Keramik."


# ---------------------------------------------------------------------- odd input


@pytest.mark.parametrize("text", ["", "   ", "?!", "\x00"])
def test_an_empty_need_is_a_clear_error(twins_index: MatchingIndex, text: str) -> None:
    with pytest.raises(ValueError, match="no words"):
        twins_index.search(Query(text))


def test_a_need_that_is_not_text_is_a_clear_error(twins_index: MatchingIndex) -> None:
    with pytest.raises(TypeError, match="must be text"):
        twins_index.search(Query(b"Filter"))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("limit", "nearness", "message"),
    [(0, 0.3, "limit"), (5, 1.5, "nearness"), (5, -0.1, "nearness")],
)
def test_bad_parameters_are_clear_errors(
    twins_index: MatchingIndex, limit: int, nearness: float, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        twins_index.search(Query("Filter", limit=limit, nearness=nearness))


def test_a_very_long_need_is_answered(ceramics_index: MatchingIndex) -> None:
    need = "Wir suchen Partner für keramische Filter zur Heißgasreinigung. " * 1700
    assert len(need) > 100_000
    assert ceramics_index.search(Query(need))[0].profile_id == 1


def test_a_mixed_language_need_is_answered(ceramics_index: MatchingIndex) -> None:
    need = "Wir suchen Unterstützung. We need ceramic filters for hot gas."
    assert ceramics_index.search(Query(need))[0].profile_id == 1


def test_a_profile_without_text_is_found_by_name_and_industry(use: Embedder) -> None:
    profiles = [
        *twins(),
        Profile(10, "Glasmanufaktur Schmidt"),
        Profile(11, "Müller & Söhne", fields=(("wz_titles", "Herstellung von Hohlglas"),)),
    ]
    index = MatchingIndex.build(profiles, embedder=use)
    assert ids(index, Query("Glasmanufaktur"))[0] == 10
    assert ids(index, Query("Hohlglas"))[0] == 11


def test_an_empty_index_answers_nothing(use: Embedder) -> None:
    index = MatchingIndex.build([], embedder=use)
    assert len(index) == 0
    index.warm_up()
    assert index.search(Query("Filter")) == []


# ---------------------------------------------------------------------- large indexes


class TwoPartEmbedder:
    """Two toy models side by side, as the hybrid embedder has them."""

    name = "toy-two-parts-1"
    parts = (("e5", 8), ("use", 8))
    dim = 16

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        one = ConceptEmbedder().embed(texts)
        return np.hstack([one, one[:, ::-1]])


def test_above_the_full_scan_limit_only_candidates_get_every_signal() -> None:
    profiles = [profile(i, f"Bäckerei {i}", "Brot und Kuchen") for i in range(1, 31)]
    profiles.append(profile(99, "Akkutechnik Süd", "Batteriemanagementsysteme"))
    full = MatchingIndex.build(profiles, embedder=TwoPartEmbedder())  # type: ignore[arg-type]
    fast = full.with_config(full_scan_limit=10, candidates=5)
    need = "Akkus für Autos"
    signals = fast.signals(need)
    computed = np.isfinite(signals["sem_use"])
    assert 5 <= computed.sum() < len(profiles)
    assert np.isfinite(signals["sem_e5"]).all()  # the first part is always computed for all
    assert (signals["fused"][~computed] == -np.inf).all()
    assert fast.search(Query(need))[0].profile_id == full.search(Query(need))[0].profile_id == 99
    # filters act before the candidates are chosen: a filtered search still finds its own
    only = Filters(allowed_ids=frozenset({3, 4}))
    assert {m.profile_id for m in fast.search(Query(need, filters=only))} == {3, 4}


def test_warming_the_passages_embeds_the_members_sentences_not_the_history() -> None:
    profiles = [
        profile(1, "Keramik GmbH", "Wir sintern Keramik. Wir prüfen Filter."),
        profile(2, "Zimmerei", "Wir bauen Dächer aus Holz."),
        profile(3, "Projektpartner", "Milling of ceramic parts.", history_only=True),
    ]
    index = MatchingIndex.build(profiles, embedder=ConceptEmbedder())  # type: ignore[arg-type]
    index.clear_passage_cache()
    assert index.warm_passages() == 3
    cached = set(index._passage_cache)
    assert {"Wir sintern Keramik.", "Wir prüfen Filter.", "Wir bauen Dächer aus Holz."} <= cached
    assert "Milling of ceramic parts." not in cached
    index.clear_passage_cache()
    assert index.warm_passages(max_sentences=1) == 1
    assert len(index._passage_cache) == 1


def test_a_sentence_many_profiles_share_is_never_quoted_as_the_reason() -> None:
    boilerplate = "Wir freuen uns auf Ihre Anfrage."
    profiles = [
        profile(
            pid,
            f"Firma {pid}",
            f"{boilerplate} Keramische Filter für Heißgas."
            if pid == 1
            else f"{boilerplate} Brot aus Backstube {pid}.",
        )
        for pid in range(1, 13)
    ]
    index = MatchingIndex.build(profiles, embedder=ConceptEmbedder())  # type: ignore[arg-type]
    assert index.boilerplate == frozenset({boilerplate})
    need = "Wir freuen uns auf Ihre Anfrage. Keramische Filter gesucht."
    (first, *_rest) = index.search(Query(need, cutoff=False))
    assert first.profile_id == 1
    quoted = [p.passage for p in first.explanation.passages]
    assert quoted == ["Keramische Filter für Heißgas."]
    # shared by fewer profiles than BOILERPLATE_MIN_PROFILES, a sentence is quoted as usual
    few = MatchingIndex.build(profiles[:5], embedder=ConceptEmbedder())  # type: ignore[arg-type]
    assert few.boilerplate == frozenset()
    (first, *_rest) = few.search(Query(need, cutoff=False))
    assert boilerplate in [p.passage for p in first.explanation.passages]


class CountingConceptEmbedder(ConceptEmbedder):
    """ConceptEmbedder that remembers every text it embedded."""

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.embedded.extend(texts)
        return super().embed(texts)


def test_stored_sentence_vectors_are_read_instead_of_embedded_unless_the_profile_changed() -> None:
    profiles = [
        profile(1, "Keramik GmbH", "Wir sintern Keramik. Wir prüfen Filter für Heißgas."),
        profile(2, "Zimmerei", "Wir bauen Dächer aus Holz."),
    ]
    embedder = CountingConceptEmbedder()
    index = MatchingIndex.build(profiles, embedder=embedder)  # type: ignore[arg-type]
    need = "Keramische Filter gesucht"
    plain = index.search(Query(need, cutoff=False))

    store: dict[int, bytes] = {}
    for p in profiles:
        texts = [text for _field, text in profile_passages(p.fields)]
        store[p.id] = pack_passages(texts, embed_passages(embedder, texts))
    # a block written for an earlier text of the profile: its sentences differ
    old = ["Wir bauen Dächer."]
    store[2] = pack_passages(old, embed_passages(embedder, old))
    asked: list[list[int]] = []

    def read(ids: Sequence[int]) -> dict[int, bytes]:
        asked.append(sorted(ids))
        return {pid: store[pid] for pid in ids if pid in store}

    index.passage_store = read
    index.clear_passage_cache()
    embedder.embedded.clear()
    stored = index.search(Query(need, cutoff=False))
    assert asked == [[1, 2]]
    embedded = set(embedder.embedded)
    assert "Wir sintern Keramik." not in embedded  # read from the store
    assert "Wir bauen Dächer aus Holz." in embedded  # its block is stale: embedded anew
    assert [(m.profile_id, m.score) for m in stored] == [(m.profile_id, m.score) for m in plain]
    assert [p.passage for p in stored[0].explanation.passages] == [
        p.passage for p in plain[0].explanation.passages
    ]
    # everything cached now: the store is not asked again
    index.search(Query(need, cutoff=False))
    assert len(asked) == 1
    # a server warming its cache at start reads the store too
    index.clear_passage_cache()
    embedder.embedded.clear()
    assert index.warm_passages() == 3
    assert embedder.embedded == ["Wir bauen Dächer aus Holz."]


def test_a_packed_block_holds_float16_rows_behind_a_digest_of_its_sentences() -> None:
    texts = ["Wir sintern Keramik.", "Wir prüfen Filter."]
    vectors = ConceptEmbedder().embed(texts)
    blob = pack_passages(texts, vectors)
    assert len(blob) == 4 + 16 + 2 * vectors.size
    back = unpack_passages(blob, texts, ConceptEmbedder.dim)
    assert back is not None and back.dtype == np.float32
    assert np.abs(back - vectors).max() < 1e-3
    assert unpack_passages(blob, texts[::-1], ConceptEmbedder.dim) is None
    assert unpack_passages(blob, texts, ConceptEmbedder.dim + 1) is None
    assert unpack_passages(b"not a block", texts, ConceptEmbedder.dim) is None
    with pytest.raises(ValueError, match="2 sentences but 1 vectors"):
        pack_passages(texts, vectors[:1])
