"""Text analysis: language, normalisation, compounds, stems, passages."""

from __future__ import annotations

import pytest

from nahwerk_engine.text import (
    analyze,
    analyze_with_surface,
    cognate_key,
    content_terms,
    decompound,
    detect_language,
    normalise,
    sentences,
    split_compound,
    stem,
)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Wir suchen einen Partner für keramische Hochtemperaturfilter", "de"),
        ("Entwicklung von Batteriemanagementsystemen für Elektrofahrzeuge", "de"),
        ("Our institute develops ceramic filters for hot-gas cleaning", "en"),
        ("We are looking for a partner in laser welding", "en"),
        ("Nous cherchons un partenaire pour la fabrication de filtres céramiques", "fr"),
        ("Filter", "de"),  # too short to tell: the platform's main language
        ("", "de"),
        ("12345 67890 !!!", "de"),
    ],
)
def test_it_detects_the_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_normalise_folds_case_width_and_sharp_s_but_keeps_umlauts() -> None:
    fullwidth = "\uff27\uff32\u00d6SSE"  # "GRÖSSE" in full-width letters, as from a PDF
    assert normalise(f"{fullwidth}  und\tStraße") == "grösse und strasse"


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("Hochtemperaturfilter", ["hoch", "temperatur", "filter"]),
        ("Filterkeramik", ["filter", "keramik"]),
        ("Hochtemperaturanwendungen", ["hoch", "temperatur", "anwendungen"]),
        ("Wirtschaftsförderung", ["wirtschaft", "förderung"]),  # Fugen-s removed
        ("Arbeitsschutz", ["arbeit", "schutz"]),
        ("Abwasserreinigung", ["abwasser", "reinigung"]),
        ("Keramik", ["keramik"]),
        ("Temperatur", ["temperatur"]),
        ("Glas", ["glas"]),
    ],
)
def test_it_splits_german_compounds(word: str, parts: list[str]) -> None:
    assert split_compound(word) == parts


@pytest.mark.parametrize(
    ("word", "language", "expected"),
    [
        ("keramische", "de", "keram"),
        ("Häuser".lower(), "de", "haus"),
        ("haeuser", "de", "haus"),  # typed without umlauts
        ("filters", "en", "filter"),
        ("cleaning", "en", "clean"),
    ],
)
def test_it_stems_per_language(word: str, language: str, expected: str) -> None:
    assert stem(word, language) == expected


def test_ceramic_high_temperature_filters_and_filter_ceramics_share_terms() -> None:
    need = set(analyze("keramische Hochtemperaturfilter"))
    offer = set(analyze("Filterkeramik für Hochtemperaturanwendungen"))
    assert {"keram", "filt", "hoch", "temperatur"} <= need & offer


def test_analysis_keeps_the_whole_compound_and_drops_stop_words() -> None:
    terms = analyze("Wir suchen einen Partner für Hochtemperaturfilter und die Keramik")
    assert "hochtemperaturfilt" in terms
    assert not {"wir", "einen", "für", "und", "die"} & set(terms)


@pytest.mark.parametrize(
    ("text", "language"),
    [("Höhe der Maße", "de"), ("Hoehe der Masse", "de")],
)
def test_umlauts_and_their_folded_spelling_give_the_same_terms(text: str, language: str) -> None:
    assert analyze(text, language) == ["hoh", "mass"]


def test_english_text_is_stemmed_as_english_and_not_split() -> None:
    assert analyze("ceramic filters for hot-gas cleaning") == [
        "ceram",
        "filter",
        "hot",
        "gas",
        "clean",
    ]


def test_surface_words_are_the_original_words() -> None:
    pairs = analyze_with_surface("Keramische Hochtemperaturfilter", "de")
    assert ("filt", "Hochtemperaturfilter") in pairs
    assert ("keram", "Keramische") in pairs


@pytest.mark.parametrize(
    ("german", "english"),
    [
        ("keramische", "ceramic"),
        ("Metall", "metal"),
        ("Medizintechnik", "medicine"),
        ("Zement", "cement"),
    ],
)
def test_cognates_share_a_key(german: str, english: str) -> None:
    assert cognate_key(german.lower()) == cognate_key(english)


def test_decompound_writes_compounds_apart() -> None:
    assert decompound("Hochtemperaturfilter aus Keramik") == "Hoch Temperatur Filter aus Keramik"


def test_sentences_respects_abbreviations_lines_and_bullets() -> None:
    text = "Wir fertigen z. B. Filter. Prüfung nach DIN EN 1822!\n- Labor\n- Technikum"
    assert sentences(text) == [
        "Wir fertigen z. B. Filter.",
        "Prüfung nach DIN EN 1822!",
        "Labor",
        "Technikum",
    ]


def test_sentences_cuts_very_long_passages() -> None:
    passages = sentences(" ".join(["Wort"] * 150))
    assert [len(p.split()) for p in passages] == [60, 60, 30]


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01", "💡🔥", "1234"])
def test_odd_input_gives_no_terms_and_no_error(text: str) -> None:
    assert analyze(text) == []


def test_content_terms_leave_out_the_words_that_frame_a_request() -> None:
    need = "Wir suchen einen Partner für keramische Filter"
    kept = content_terms(analyze(need, "de"), "de")
    assert "partn" not in kept and "such" not in kept
    assert {"keram", "filt"} <= set(kept)
    # a need made only of such words keeps them: there is nothing else to search for
    assert content_terms(analyze("Partner gesucht", "de"), "de")
