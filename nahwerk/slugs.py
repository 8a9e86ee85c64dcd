"""Slugs as a German reader spells them: "Heißgas-Filtertechnik" → heissgas-filtertechnik.

Django's ``slugify`` drops what it cannot spell in ASCII ("heigas", "kannenbackerland");
German spells umlauts and ß out instead (ae, oe, ue, ss), as in domain names.
"""

from __future__ import annotations

from django.utils.text import slugify

_SPELLED_OUT = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ẞ": "SS"}
)


def german_slug(text: str, *, max_length: int = 100, fallback: str = "") -> str:
    """``text`` as a slug with umlauts and ß spelled out, cut to ``max_length``.

    >>> german_slug("Heißgas-Filtertechnik Kannenbäckerland GmbH")
    'heissgas-filtertechnik-kannenbaeckerland-gmbh'
    >>> german_slug("Qualitätsprüfung für dünnwandige Teile")
    'qualitaetspruefung-fuer-duennwandige-teile'
    >>> german_slug("!!!", fallback="organisation")
    'organisation'
    """
    return slugify(text.translate(_SPELLED_OUT))[:max_length].strip("-") or fallback
