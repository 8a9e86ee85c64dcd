"""Matches as the search page shows them: visible passages, highlighted words, a reason."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from nahwerk.accounts.permissions import Viewer
from nahwerk.directory import models as directory_models
from nahwerk.directory.models import Organisation
from nahwerk.matching.services import PartnerMatch
from nahwerk.reference.models import IndustryCode
from nahwerk_engine.matching import FitLevel
from nahwerk_engine.text import (
    analyze,
    analyze_with_surface,
    cognate_keys,
    content_terms,
    detect_language,
    sentences,
    weak_part,
)

# The same word pattern as nahwerk_engine.text, so the surfaces it reports are found again.
_WORD = re.compile(r"[^\W_]+(?:[-'\u2019][^\W_]+)*")

# Profile fields whose text is an attribute of the organisation, each with (perhaps) its
# own ``<field>_visibility``; shared words are checked against them.
TEXT_FIELDS: tuple[str, ...] = getattr(
    directory_models,
    "PROFILE_TEXT_FIELDS",
    ("description", "competences", "equipment", "references", "offers"),
)

FIELD_LABELS = {
    "description": gettext_lazy("Profile"),
    "competences": gettext_lazy("Competences"),
    "equipment": gettext_lazy("Equipment"),
    "references": gettext_lazy("References"),
    "offers": gettext_lazy("Offers"),
    "wz_titles": gettext_lazy("Economic activities (WZ 2008)"),
    "projects": gettext_lazy("Cooperation history"),
}


FIT_LABELS = {
    FitLevel.STRONG: gettext_lazy("very good fit"),
    FitLevel.GOOD: gettext_lazy("good fit"),
    FitLevel.PARTIAL: gettext_lazy("partial fit"),
}

# A part of the need quoted beside a passage is cut to about this many characters.
NEED_PART_CHARS = 80


def fit_label(fit: FitLevel | None) -> str:
    """How well a match fits, in words ("sehr passend"); empty without a relevance model."""
    return str(FIT_LABELS[fit]) if fit is not None else ""


def shorten(text: str, limit: int = NEED_PART_CHARS) -> str:
    """``text`` cut at a word boundary to about ``limit`` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:-\u2013")
    return f"{cut} …"


@dataclass(frozen=True)
class Need:
    """The analysed need, computed once per search."""

    text: str
    language: str
    terms: frozenset[str]
    keys: frozenset[str]

    @classmethod
    def of(cls, text: str) -> Need:
        language = detect_language(text)
        return cls(
            text=text,
            language=language,
            terms=frozenset(content_terms(analyze(text, language), language)),
            keys=frozenset(cognate_keys(text, language)),
        )


@dataclass(frozen=True)
class PassageView:
    field: str
    label: str
    html: SafeString
    # the part of the need this passage answers, shortened; empty when the need is one part
    need_part: str


@dataclass(frozen=True)
class ResultView:
    rank: int
    organisation: Organisation
    fit: FitLevel | None
    distance_km: float | None
    passages: tuple[PassageView, ...]
    shared_terms: tuple[str, ...]
    cooperation: tuple[str, ...]
    reasons: tuple[str, ...]

    @property
    def fit_label(self) -> str:
        return fit_label(self.fit)

    @property
    def place(self) -> str:
        org = self.organisation
        district = org.district.name if org.district_id and org.district else ""
        parts = [org.city, district] if district != org.city else [org.city]
        return ", ".join(part for part in parts if part)

    def marker(self) -> dict[str, Any] | None:
        org = self.organisation
        if org.latitude is None or org.longitude is None:
            return None
        return {
            "rank": self.rank,
            "name": org.name,
            "url": org.get_absolute_url(),
            "place": self.place,
            "lat": org.latitude,
            "lon": org.longitude,
        }


def field_label(field: str) -> str:
    if field in FIELD_LABELS:
        return str(FIELD_LABELS[field])
    try:
        model_field = Organisation._meta.get_field(field)
    except FieldDoesNotExist:
        model_field = None
    verbose_name = getattr(model_field, "verbose_name", None)
    return capfirst(str(verbose_name or field.replace("_", " ")))


def highlight(text: str, words: Collection[str]) -> SafeString:
    """The text escaped, with the given words (case-folded) wrapped in <mark>.

    Every piece of the profile's text is escaped before any markup is added, so a
    profile can never bring its own HTML into the page.
    """
    pieces: list[str] = []
    last = 0
    for match in _WORD.finditer(text):
        if match.group().casefold() not in words:
            continue
        pieces.append(escape(text[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # every piece is escaped above


def matched_words(passage: str, need: Need, shared: Iterable[str] = ()) -> set[str]:
    """Words of the passage that meet the need: the same stem, or across languages a cognate."""
    language = detect_language(passage)
    pairs = analyze_with_surface(passage, language)
    words = {surface.casefold() for _term, surface in pairs}
    found = {
        surface.casefold()
        for term, surface in pairs
        if term in need.terms and not weak_part(term, surface)
    }
    if language != need.language and need.keys:
        for word in words:
            if set(cognate_keys(word, language, split_compounds=False)) & need.keys:
                found.add(word)
    found.update(term.casefold() for term in shared if term.casefold() in words)
    return found


class FieldGate:
    """Which profile fields of an organisation a viewer may read.

    A field with its own ``<field>_visibility`` is checked against that; without one it
    follows the organisation's visibility (and fields that are not attributes at all,
    such as WZ titles or project titles, too).
    """

    def __init__(self, viewer: Viewer, organisation: Organisation) -> None:
        self.viewer = viewer
        self.organisation = organisation
        self._seen: dict[str, bool] = {}

    def visibility(self, field: str) -> str:
        org = self.organisation
        narrowed = getattr(org, "field_visibility", None)
        if callable(narrowed):
            try:
                return str(narrowed(field))
            except ValueError:  # a field without a visibility of its own
                return org.visibility
        return getattr(org, f"{field}_visibility", None) or org.visibility

    def sees(self, field: str) -> bool:
        if field not in self._seen:
            self._seen[field] = self.viewer.sees(self.visibility(field), self.organisation)
        return self._seen[field]

    def _texts(self, *, visible: bool) -> str:
        texts = [self.organisation.name] if visible else []
        for field in TEXT_FIELDS:
            text = getattr(self.organisation, field, "")
            if isinstance(text, str) and text and self.sees(field) == visible:
                texts.append(text)
        return "\n".join(texts)

    def shown_terms(self, terms: Iterable[str]) -> tuple[str, ...]:
        """Shared words, leaving out those found only in fields the viewer may not read."""
        terms = tuple(terms)
        hidden = self._texts(visible=False)
        if not hidden:
            return terms
        visible = self._texts(visible=True)

        def occurs(term: str, text: str) -> bool:
            return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE) is not None

        return tuple(t for t in terms if not occurs(t, hidden) or occurs(t, visible))


def reasons(match: PartnerMatch, *, origin: str) -> tuple[str, ...]:
    """Why this organisation is on the list beyond its profile's words, in plain sentences."""
    why = match.explanation
    sentences_: list[str] = []
    if why.distance_km is not None and origin:
        sentences_.append(
            _("About %(km)s km from %(origin)s.")
            % {"km": number_format(round(why.distance_km)), "origin": origin}
        )
    return tuple(sentences_)


def by_fit(results: list[ResultView]) -> tuple[list[ResultView], list[ResultView]]:
    """The results that fit well or very well, and those that fit only partly."""
    close = [r for r in results if r.fit != FitLevel.PARTIAL]
    return close, [r for r in results if r.fit == FitLevel.PARTIAL]


def industry_titles(matches: Iterable[PartnerMatch]) -> dict[str, str]:
    """The WZ titles quoted from these matches' profiles, in the page's language.

    The index holds the German titles (they are matched as written); an English page
    shows the English title of the same code. One query for all matches.
    """
    if (get_language() or "de").startswith("de"):
        return {}
    quoted = {
        p.passage for match in matches for p in match.explanation.passages if p.field == "wz_titles"
    }
    if not quoted:
        return {}
    return {code.title_de: code.title for code in IndustryCode.objects.filter(title_de__in=quoted)}


def present(
    matches: Iterable[PartnerMatch], *, need_text: str, viewer: Viewer, origin: str
) -> list[ResultView]:
    """The page's view of the matches, showing only what the viewer may read."""
    need = Need.of(need_text)
    matches = list(matches)
    titles = industry_titles(matches)
    # quoting the need part a passage answers helps only when the need has several parts
    several_parts = len(sentences(need_text)) > 2
    # partial fits follow the others, which are shown first and apart from them
    matches = sorted(matches, key=lambda m: m.fit == FitLevel.PARTIAL)
    results = []
    for rank, match in enumerate(matches, start=1):
        org = match.organisation
        gate = FieldGate(viewer, org)
        shared = gate.shown_terms(match.explanation.shared_terms)
        passages = tuple(
            PassageView(
                field=p.field,
                label=field_label(p.field),
                html=highlight(text, matched_words(text, need, shared)),
                need_part=shorten(p.need_part) if several_parts else "",
            )
            for p in match.explanation.passages
            if gate.sees(p.field)
            for text in [titles.get(p.passage, p.passage)]
        )
        results.append(
            ResultView(
                rank=rank,
                organisation=org,
                fit=match.fit,
                distance_km=match.explanation.distance_km,
                passages=passages,
                shared_terms=shared,
                cooperation=match.cooperation,
                reasons=reasons(match, origin=origin),
            )
        )
    return results
