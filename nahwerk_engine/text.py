"""Text analysis for German and English: language, normalisation, compounds, stems."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "STOP_WORDS",
    "analyze",
    "analyze_with_surface",
    "cognate_key",
    "cognate_keys",
    "content_terms",
    "decompound",
    "detect_language",
    "fold",
    "index_terms",
    "normalise",
    "request_terms",
    "sentences",
    "split_compound",
    "stem",
    "tokens",
    "weak_part",
]

DEFAULT_LANGUAGE = "de"

# Languages the detector may answer with, and the Snowball stemmer for each. Restricting
# the detector to languages that occur in a German innovation network keeps it from
# calling a short technical German phrase Luxembourgish or Afrikaans.
LANGUAGES: dict[str, str] = {
    "de": "german",
    "en": "english",
    "fr": "french",
    "nl": "dutch",
    "it": "italian",
    "es": "spanish",
    "pl": "polish",
    "cs": "czech",
    "da": "danish",
}

# Below this many letters a text carries too little evidence for the detector.
_MIN_LETTERS_TO_DETECT = 12
# Below this normalised probability the detector is guessing; German is the safer guess.
_MIN_CONFIDENCE = 0.5

_GERMAN_STOP_WORDS = """
aber alle allem allen aller alles als also am an ander andere anderem anderen anderer
anderes anderm andern anders auch auf aus bei beim bin bis bist da dabei damit dann das
dass dasselbe dazu daß dein deine deinem deinen deiner deines dem demselben den denn
denselben der derer derselbe derselben des desselben dessen dich die dies diese dieselbe
dieselben diesem diesen dieser dieses dir doch dort du durch ein eine einem einen einer
eines einig einige einigem einigen einiger einiges einmal er es etwas euch euer eure
eurem euren eurer eures für gegen gewesen hab habe haben hat hatte hatten hier hin
hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im in indem ins ist jede jedem
jeden jeder jedes jene jenem jenen jener jenes jetzt kann kein keine keinem keinen
keiner keines können könnte machen man manche manchem manchen mancher manches mein meine
meinem meinen meiner meines mich mir mit muss musste nach nicht nichts noch nun nur ob
oder ohne sehr sein seine seinem seinen seiner seines selbst sich sie sind so solche
solchem solchen solcher solches soll sollte sondern sonst sowie über um und uns unser
unsere unserem unseren unserer unseres unter viel vom von vor während war waren warst
was weg weil weiter welche welchem welchen welcher welches wenn werde werden wie wieder
will wir wird wirst wo wollen wollte würde würden zu zum zur zwar zwischen bzw ca usw
z.b sowohl jemand jemanden
"""

_ENGLISH_STOP_WORDS = """
a about above after again against all am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for
from further had has have having he her here hers herself him himself his how i if in
into is it its itself just me more most my myself no nor not now of off on once only or
other our ours ourselves out over own same she should so some such than that the their
theirs them themselves then there these they this those through to too under until up
very was we were what when where which while who whom why will with would you your yours
yourself yourselves also etc via within upon per
"""

STOP_WORDS: dict[str, frozenset[str]] = {
    "de": frozenset(_GERMAN_STOP_WORDS.split()),
    "en": frozenset(_ENGLISH_STOP_WORDS.split()),
}
# Function words of both languages are dropped whatever the detected language, because
# profiles mix languages and a misdetected short text must not index "und" or "the".
_ALL_STOP_WORDS = STOP_WORDS["de"] | STOP_WORDS["en"]

# Words that frame a request ("Wir suchen einen Partner für …", "looking for a company")
# rather than say what is sought. A need drops them from its lexical terms (see
# request_terms): they occur in many profiles ("Partner", "Unternehmen") and would count
# as covered words of the need.
_REQUEST_WORDS = {
    "de": """suchen sucht suche gesucht benötigen benötigt brauchen braucht partner
        partnerin partnern anbieter firma unternehmen betrieb wer hilfe helfen kontakt
        kontakte möglichst dringend kurzfristig""",
    "en": """look looking seek seeking search searching need needs want wanted partner
        partners company companies someone anyone who help find provider""",
}

# Letters, digits and inner hyphens or apostrophes; a hyphenated word is split below.
_TOKEN = re.compile(r"[^\W_]+(?:[-'\u2019][^\W_]+)*")
_WORD = re.compile(r"[^\W_]+")
_LETTER = re.compile(r"[^\W\d_]")
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})

# Compound splitting (German): the split's score from compound_split must reach this
# threshold; genuine compounds score ~0.6-1.0, simple words at most ~0.1.
COMPOUND_THRESHOLD = 0.4
MIN_COMPOUND_PART = 3
MIN_COMPOUND_WORD = 7
# A linking "s" (Fugen-s) follows these endings: Arbeit-s-schutz, Wirtschaft-s-förderung.
_FUGEN_S_ENDINGS = ("ungs", "heits", "keits", "schafts", "ions", "täts", "lings", "tums", "ts")


def normalise(text: str) -> str:
    """Unicode NFKC, lower case, ß as ss, whitespace collapsed; umlauts are kept.

    >>> normalise("  Straße\u00a0für  HOCHTEMPERATUR-Filter ")
    'strasse für hochtemperatur-filter'
    """
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def fold(term: str) -> str:
    """Spell umlauts as two letters, so that "Hoehe" and "Höhe" give one term.

    Applied to documents and queries alike, after stemming.

    >>> fold("höhe"), fold("hoehe")
    ('hoehe', 'hoehe')
    """
    return term.translate(_FOLD)


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(sorted(LANGUAGES))
    return identifier


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, among :data:`LANGUAGES`.

    Very short texts count as German, the platform's main language; when the detector
    is unsure, the likelier of German and English wins.

    >>> detect_language("ceramic filters for hot-gas cleaning")
    'en'
    >>> detect_language("Filter"), detect_language("")
    ('de', 'de')
    """
    if len(_LETTER.findall(text[:2000])) < _MIN_LETTERS_TO_DETECT:
        return DEFAULT_LANGUAGE
    identifier = _identifier()
    language, confidence = identifier.classify(text[:2000])
    if confidence >= _MIN_CONFIDENCE and language in LANGUAGES:
        return str(language)
    # unsure: most texts here are German or English, so take the likelier of the two
    for candidate, _ in identifier.rank(text[:2000]):
        if candidate in ("de", "en"):
            return str(candidate)
    return DEFAULT_LANGUAGE


@lru_cache(maxsize=16)
def _stemmer(language: str) -> Any:
    import Stemmer

    stemmer = Stemmer.Stemmer(LANGUAGES.get(language, LANGUAGES[DEFAULT_LANGUAGE]))
    stemmer.maxCacheSize = 100_000
    return stemmer


def stem(word: str, language: str = DEFAULT_LANGUAGE) -> str:
    """Snowball stem of a normalised word, umlauts folded.

    >>> stem("keramische"), stem("filters", "en"), stem("häuser"), stem("haeuser")
    ('keram', 'filter', 'haus', 'haus')
    """
    return fold(_stemmer(language).stemWord(word))


def _strip_fugen_s(part: str) -> str:
    if part.endswith(_FUGEN_S_ENDINGS) and len(part) > MIN_COMPOUND_PART + 1:
        return part[:-1]
    return part


@lru_cache(maxsize=1)
def _ngram_probs() -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    # only the German model: compound_split.char_split imports the Dutch one as well,
    # which doubles its load time (seconds) and memory
    from compound_split import de_ngram_probs

    return de_ngram_probs.prefix, de_ngram_probs.infix, de_ngram_probs.suffix


def _cut_off_fugen_s(word: str) -> str:
    if word.endswith(("ts", "gs", "ks", "hls", "ns")) and len(word) > 3:
        return word[:-1]
    return word


def _best_split(word: str) -> tuple[float, str, str]:
    """The best two-part split of a lower-case word and its score.

    The scoring of ``compound_split.char_split.split_compound`` (Tuggener 2016, MIT):
    how likely the left part ends a word, plus how likely the right part starts one,
    minus how common the right part's n-grams are inside words.
    """
    prefix, infix, suffix = _ngram_probs()
    best = (-math.inf, word, word)
    for n in range(3, len(word) - 2):
        start = prefix.get(_cut_off_fugen_s(word[n:]), -1)
        inner = min(infix.get(word[n:k], 1) for k in range(len(word), n + 2, -1))
        end = suffix.get(_cut_off_fugen_s(word[:n]), -1)
        best = max(best, (start - inner + end, word[:n], word[n:]))
    return best


@lru_cache(maxsize=200_000)
def split_compound(word: str) -> list[str]:
    """Split a German compound into its parts (recursively); a simple word stays whole.

    Parts are lower case, linking "s" removed; parts shorter than
    ``MIN_COMPOUND_PART`` and splits scoring below ``COMPOUND_THRESHOLD`` are rejected.

    >>> split_compound("Hochtemperaturfilter")
    ['hoch', 'temperatur', 'filter']
    >>> split_compound("Arbeitsschutz"), split_compound("Keramik")
    (['arbeit', 'schutz'], ['keramik'])
    """
    lower = word.lower()
    if len(lower) < MIN_COMPOUND_WORD or not lower.isalpha():
        return [lower]
    score, left, right = _best_split(lower)
    if (
        score < COMPOUND_THRESHOLD
        or len(left) < MIN_COMPOUND_PART
        or len(right) < MIN_COMPOUND_PART
    ):
        return [lower]
    return split_compound(_strip_fugen_s(left)) + split_compound(right)


_LONG_WORD = re.compile(rf"[^\W\d_]{{{MIN_COMPOUND_WORD},}}")


def decompound(text: str) -> str:
    """The text with German compounds written as separate words.

    Sentence embedders know "Temperatur" and "Filter" better than the rare
    "Hochtemperaturfilter", so needs are embedded both ways.

    >>> decompound("Wir suchen keramische Hochtemperaturfilter")
    'Wir suchen keramische Hoch Temperatur Filter'
    """

    def parts(match: re.Match[str]) -> str:
        word = match.group()
        split = split_compound(word)
        if len(split) == 1:
            return word
        if word[0].isupper():
            split = [part.capitalize() for part in split]
        return " ".join(split)

    return _LONG_WORD.sub(parts, text)


def tokens(text: str) -> Iterator[str]:
    """Normalised word tokens; hyphenated words give their parts, one-letter tokens go.

    >>> list(tokens("Heißgas-Reinigung, 3D-Druck & CO2"))
    ['heissgas', 'reinigung', '3d', 'druck', 'co2']
    """
    for match in _WORD.finditer(normalise(text)):
        token = match.group()
        if len(token) > 1 and not token.isdigit():
            yield token


@lru_cache(maxsize=500_000)
def _word_terms(token: str, language: str, split: bool) -> tuple[str, ...]:
    """Terms of one token: its stem, and for German compounds the stems of the parts."""
    if token in _ALL_STOP_WORDS:
        return ()
    whole = stem(token, language)
    if not split:
        return (whole,)
    parts = split_compound(token)
    if len(parts) == 1:
        return (whole,)
    part_terms = [stem(part, language) for part in parts if part not in _ALL_STOP_WORDS]
    return (whole, *(term for term in part_terms if term != whole))


def analyze_with_surface(
    text: str, language: str | None = None, *, split_compounds: bool | None = None
) -> list[tuple[str, str]]:
    """Index terms with the word each came from, for explanations.

    Parameters
    ----------
    text : str
        Any text; documents and queries go through the same analysis.
    language : str, optional
        ISO 639-1 code; detected from the text when not given.
    split_compounds : bool, optional
        Split German compounds; by default only when the language is German.

    Returns
    -------
    list of (term, surface word)
        In text order; a compound yields its whole stem and then its parts, all with the
        compound as the surface word.
    """
    language = language or detect_language(text)
    split = language == "de" if split_compounds is None else split_compounds
    pairs: list[tuple[str, str]] = []
    for match in _TOKEN.finditer(unicodedata.normalize("NFKC", text)):
        surface = match.group()
        for token in tokens(surface):
            pairs.extend((term, surface) for term in _word_terms(token, language, split))
    return pairs


def analyze(
    text: str, language: str | None = None, *, split_compounds: bool | None = None
) -> list[str]:
    """Index terms of a text: tokens, stop words removed, compounds split, stemmed.

    Parameters
    ----------
    text : str
        A document field or a query.
    language : str, optional
        ISO 639-1 code; detected from the text when not given.
    split_compounds : bool, optional
        Split German compounds; by default only when the language is German. A German
        query stemmed as English (to meet English loanwords) keeps splitting.

    Returns
    -------
    list of str
        Terms in text order, repeated as often as they occur.

    Examples
    --------
    >>> analyze("keramische Hochtemperaturfilter")
    ['keram', 'hochtemperaturfilt', 'hoch', 'temperatur', 'filt']
    >>> analyze("ceramic filters for hot-gas cleaning")
    ['ceram', 'filter', 'hot', 'gas', 'clean']
    """
    language = language or detect_language(text)
    split = language == "de" if split_compounds is None else split_compounds
    terms: list[str] = []
    for token in tokens(text):
        terms.extend(_word_terms(token, language, split))
    return terms


COGNATE_PREFIX = 5
# Spellings that differ between German and English words of one (mostly Latin or
# Greek) origin: Keramik/ceramic, Medizin/medicine, Technik/technical, Metall/metal.
_COGNATE_SPELLINGS = (
    ("sch", "sh"),
    ("ph", "f"),
    ("th", "t"),
    ("ch", "k"),
    ("c", "k"),
    ("z", "k"),
    ("y", "i"),
)
_DOUBLE_LETTER = re.compile(r"(.)\1+")


def weak_part(term: str, surface: str) -> bool:
    """True when ``term`` is only a short first part of the longer compound ``surface``.

    Such a match ("hoch" in "Hochschule" for a need about "Hochtemperaturfilter") counts
    for the ranking but is not worth showing as a word the profile shares with the need.

    >>> weak_part("hoch", "Hochschule"), weak_part("filt", "Heißgasfilter")
    (True, False)
    """
    word = fold(surface.casefold())
    if len(term) >= 5 or len(word) <= len(term) + 4:
        return False
    return not fold(stem(surface.casefold(), "de")).endswith(term)


@lru_cache(maxsize=4)
def request_terms(language: str) -> frozenset[str]:
    """The analysed forms of the words that frame a request in ``language``.

    >>> "such" in request_terms("de") and "look" in request_terms("en")
    True
    """
    return frozenset(analyze(" ".join(_REQUEST_WORDS.get(language, "").split()), language))


def content_terms(terms: Iterable[str], language: str) -> list[str]:
    """``terms`` of a need without the words that frame the request ("gesucht", "Partner").

    A need made only of such words ("Partner gesucht") keeps them: there is nothing else.

    >>> content_terms(["partn", "keram", "filt"], "de")
    ['keram', 'filt']
    """
    terms = list(terms)
    framing = request_terms(language)
    kept = [term for term in terms if term not in framing]
    return kept if kept else terms


def cognate_key(word: str) -> str | None:
    """Spelling skeleton of a word shared by its German and English cognates, or None.

    The first ``COGNATE_PREFIX`` letters after harmonising spellings; words shorter
    than that have none. Used only across languages (see ``MatchingIndex``), where it
    lets "keramische Filter" meet "ceramic filters" without a dictionary.

    >>> cognate_key("keramische"), cognate_key("ceramic"), cognate_key("metall")
    ('keram', 'keram', 'metal')
    >>> cognate_key("glas") is None
    True
    """
    key = fold(word)
    for old, new in _COGNATE_SPELLINGS:
        key = key.replace(old, new)
    key = _DOUBLE_LETTER.sub(r"\1", key)
    if len(key) < COGNATE_PREFIX or not key.isalpha():
        return None
    return key[:COGNATE_PREFIX]


def cognate_keys(
    text: str, language: str | None = None, *, split_compounds: bool | None = None
) -> list[str]:
    """Cognate keys of a text's words (and of German compounds' parts), stop words left out.

    >>> cognate_keys("keramische Hochtemperaturfilter")
    ['keram', 'hokte', 'tempe', 'filte']
    """
    language = language or detect_language(text)
    split = language == "de" if split_compounds is None else split_compounds
    keys: list[str] = []
    for token in tokens(text):
        keys.extend(_word_keys(token, split))
    return keys


@lru_cache(maxsize=500_000)
def _word_keys(token: str, split: bool) -> tuple[str, ...]:
    if token in _ALL_STOP_WORDS:
        return ()
    words = split_compound(token) if split else [token]
    if len(words) > 1:
        words = [token, *words]
    return tuple(
        key for word in words if word not in _ALL_STOP_WORDS and (key := cognate_key(word))
    )


def index_terms(text: str, language: str | None = None) -> list[str]:
    """Analysed terms of a document field, then its cognate keys tagged with its language.

    One pass over the text, for indexing; a key looks like ``~en:keram``.

    >>> index_terms("ceramic filters", "en")
    ['ceram', 'filter', '~en:keram', '~en:filte']
    """
    language = language or detect_language(text)
    split = language == "de"
    terms: list[str] = []
    keys: list[str] = []
    for token in tokens(text):
        terms.extend(_word_terms(token, language, split))
        keys.extend(_word_keys(token, split))
    terms.extend(f"~{language}:{key}" for key in keys)
    return terms


# Abbreviations whose full stop does not end a sentence (normalised, without the dot).
_ABBREVIATION_TEXT = """
z.b u.a d.h bzw ca dr prof nr inkl ggf usw vgl sog evtl e.v etc e.g i.e no approx mr mrs
dipl ing st str abs bspw abt max min mio mrd tel
"""
_ABBREVIATIONS = frozenset(_ABBREVIATION_TEXT.split())
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\s+[•·▪]\s+")
_BULLET = re.compile(r"^\s*(?:[-*•·▪\u2013]|\d+[.)])\s+")
MAX_PASSAGE_WORDS = 60


def sentences(text: str) -> list[str]:
    """Split a text into passages: sentences, lines and bullet points.

    Passages longer than ``MAX_PASSAGE_WORDS`` words are cut into pieces of that length,
    so that each passage can be embedded and shown on its own.

    >>> sentences("Wir fertigen z. B. Filter. Dazu: Keramik!\\n- Prüfstand\\n- Labor")
    ['Wir fertigen z. B. Filter.', 'Dazu: Keramik!', 'Prüfstand', 'Labor']
    """
    pieces: list[str] = []
    for line in text.splitlines():
        buffer = ""
        for raw in _SENTENCE_END.split(_BULLET.sub("", line)):
            piece = raw.strip()
            if not piece:
                continue
            buffer = f"{buffer} {piece}" if buffer else piece
            last_word = buffer.rsplit(None, 1)[-1].strip("()[]\"'„“.").lower()
            if buffer.endswith(".") and (last_word in _ABBREVIATIONS or len(last_word) == 1):
                continue  # "z. B." or an initial: the sentence goes on
            pieces.append(buffer)
            buffer = ""
        if buffer:
            pieces.append(buffer)
    passages: list[str] = []
    for piece in pieces:
        words = piece.split()
        for start in range(0, len(words), MAX_PASSAGE_WORDS):
            passages.append(" ".join(words[start : start + MAX_PASSAGE_WORDS]))
    return passages
