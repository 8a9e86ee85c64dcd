"""Addresses spell umlauts and ß out, as German domain names do."""

from __future__ import annotations

import pytest

from nahwerk.slugs import german_slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        (
            "Heißgas-Filtertechnik Kannenbäckerland GmbH",
            "heissgas-filtertechnik-kannenbaeckerland-gmbh",
        ),
        ("Qualitätsprüfung für dünnwandige Teile", "qualitaetspruefung-fuer-duennwandige-teile"),
        ("Ölmühle Überlingen", "oelmuehle-ueberlingen"),
        ("Café Ruhr", "cafe-ruhr"),
        ("!!!", "fallback"),
    ],
)
def test_umlauts_and_sharp_s_are_spelled_out(text: str, slug: str) -> None:
    assert german_slug(text, fallback="fallback") == slug


def test_a_slug_is_cut_without_a_trailing_hyphen() -> None:
    assert german_slug("Sehr lange Bezeichnung", max_length=5) == "sehr"
