"""Import of EU calls from the portal's JSON records (``data/eu_calls/open_calls.jsonl.gz``).

The file is read as a whole first: every record is checked and repaired (mis-encoded
characters such as "â€™" with ``ftfy``); when any record is bad, the report names each
bad row, field and value and nothing is written. Otherwise programmes and calls are
created or updated in one transaction, keyed by the topic id, so a second run updates
instead of duplicating.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import ftfy
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nahwerk.funding.choices import CallSource, Collaboration, FundingLevel
from nahwerk.funding.models import Call, Programme
from nahwerk.funding.rules import rule_for

__all__ = [
    "DEFAULT_FILE",
    "CallImportError",
    "CallImportResult",
    "Problem",
    "import_calls",
    "read_records",
]

DEFAULT_FILE = Path(settings.BASE_DIR) / "data" / "eu_calls" / "open_calls.jsonl.gz"
EU_FUNDER = "European Commission"
PORTAL_URL = "https://ec.europa.eu/info/funding-tenders/opportunities/portal/"
TOPIC_URL = PORTAL_URL + "screen/opportunities/topic-details/{}"
MAX_FILE_BYTES = 50 * 1024 * 1024
# a topic id as the portal writes them: HORIZON-CL4-2027-01-03, ERC-2026-POC, LIFE-2026-SAP-ENV
_TOPIC = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")
# section headings the portal glues to the text before them ("...impact.Scope:The ...")
_SECTION = re.compile(
    r"(?<=\S)(Expected Outcome|Expected Impact|Objective|Scope|Themes and priorities"
    r"|Specific Challenge):"
)


# The portal's export wrote an empty section as the word "null" between two sentences
# ("… research effort.nullActivities are expected …"); 142 of the 629 descriptions have it.
_STRAY_NULL = re.compile(r"(?<=[.:;!?)\]])\s*null(?=[A-Z])")

# Where the portal's export dropped a paragraph or list break, two sentences or items touch
# ("… the approach.Demonstrate …", "tourism;Facilitate", "Objective:The"). A space goes
# back in after the punctuation when letters stand on both sides; addresses, file names
# and abbreviations keep theirs (see _unglue).
_GLUED_BREAK = re.compile(r"(?:(?<=[^\W_]{2})|(?<=[)\]]))([.!?])(?=[A-Z][a-z])")
_GLUED_ITEM = re.compile(r"(?<=[^\W\d_]|[)\]])([;:,)])(?=[^\W\d_])")
# a list item's last word and the next item's first ("recycling technologiesDemonstrated
# solutions"): never inside a name such as "InvestEU", "McKinsey" or "GreenComp"
_GLUED_WORDS = re.compile(r"(?<=[a-z]{4})(?=[A-Z][a-z]{4,})")
_GLUED_LOWER = re.compile(r"(?<=[^\W\d_]{3})\.(?=([^\W\d_]{3,})\b)")
# what follows the dot of an address or a file name, not a sentence
_NOT_A_SENTENCE = re.compile(
    r"(?:com|org|net|int|edu|gov|info|europa|eu|de|uk|fr|it|es|nl|be|at|ch|pl|pt|se|fi|dk|ie"
    r"|pdf|docx?|xlsx?|pptx?|zip|html?|php|aspx|xml|json|csv|txt)",
    re.IGNORECASE,
)
_ADDRESS = re.compile(r"://|^www\.|@|\.[^\W\d_]+\.[^\W\d_]+")


def _unglue(text: str) -> str:
    """The description with the spaces back that the portal's export lost between
    sentences and list items; web and mail addresses stay as they are."""

    def token(match: re.Match[str]) -> str:
        word = match.group(0)
        if _ADDRESS.search(word):
            return word
        word = _GLUED_BREAK.sub(r"\1 ", word)
        word = _GLUED_ITEM.sub(r"\1 ", word)
        word = _GLUED_WORDS.sub(" ", word)
        return _GLUED_LOWER.sub(
            lambda m: "." if _NOT_A_SENTENCE.fullmatch(m.group(1)) else ". ", word
        )

    return re.sub(r"\S+", token, text)


_FTFY = ftfy.TextFixerConfig(uncurl_quotes=False, explain=False)


class CallImportError(ValueError):
    """The file as a whole cannot be read (not JSON, not gzip, empty, too large)."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))


@dataclass(frozen=True)
class Problem:
    """Why one record cannot be imported; ``row`` counts the records from 1."""

    row: int
    field: str
    value: str
    reason: str
    topic_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "field": self.field,
            "value": self.value,
            "reason": self.reason,
            "topic_id": self.topic_id,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Problem:
        return cls(
            row=int(data["row"]),
            field=str(data["field"]),
            value=str(data["value"]),
            reason=str(data["reason"]),
            topic_id=str(data.get("topic_id", "")),
        )


@dataclass
class CallImportResult:
    """Counts and problems of one import; in a dry run the counts say what would happen."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    programmes_created: int = 0
    repaired: int = 0
    problems: list[Problem] = field(default_factory=list)
    written: bool = False
    dry_run: bool = False

    @property
    def invalid_rows(self) -> int:
        return len({problem.row for problem in self.problems})

    @property
    def rejected(self) -> bool:
        return bool(self.problems)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "programmes_created": self.programmes_created,
            "repaired": self.repaired,
            "problems": [problem.to_dict() for problem in self.problems],
            "written": self.written,
            "dry_run": self.dry_run,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CallImportResult:
        return cls(
            rows=int(data.get("rows", 0)),
            created=int(data.get("created", 0)),
            updated=int(data.get("updated", 0)),
            programmes_created=int(data.get("programmes_created", 0)),
            repaired=int(data.get("repaired", 0)),
            problems=[Problem.from_dict(p) for p in data.get("problems", [])],
            written=bool(data.get("written")),
            dry_run=bool(data.get("dry_run")),
        )

    def summary(self) -> str:
        if self.rejected:
            return _("Nothing was imported: %(invalid)d of %(rows)d rows are invalid.") % {
                "invalid": self.invalid_rows,
                "rows": self.rows,
            }
        return _(
            "%(rows)d calls read: %(created)d new, %(updated)d updated, %(programmes)d new "
            "programmes; mis-encoded characters repaired in %(repaired)d."
        ) % {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "programmes": self.programmes_created,
            "repaired": self.repaired,
        }


# --- Reading -----------------------------------------------------------------------------


def _content_of(source: bytes | str | Path | IO[bytes]) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, str | Path):
        return Path(source).read_bytes()
    return source.read()


def read_records(content: bytes) -> tuple[list[tuple[int, Any]], list[Problem]]:
    """The JSON values of a call file, numbered from 1, and the rows that are not JSON.

    Accepts gzip or plain text, a byte-order mark, and objects that are concatenated
    without line breaks as well as one per line. A row that is not JSON is reported and
    reading goes on at the next line.
    """
    if len(content) > MAX_FILE_BYTES:
        raise CallImportError(
            _("The file is too large; at most %(size)d MB are accepted.")
            % {"size": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if content[:2] == b"\x1f\x8b":
        try:
            content = gzip.decompress(content)
        except (OSError, EOFError) as error:
            raise CallImportError(
                _("The file is not a readable gzip file: %(error)s") % {"error": error}
            ) from error
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CallImportError(
            _("The file is not UTF-8 text (byte %(position)d).") % {"position": error.start}
        ) from error
    decoder = json.JSONDecoder()
    records: list[tuple[int, Any]] = []
    problems: list[Problem] = []
    position, row = 0, 0
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text):
            break
        row += 1
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            end = text.find("\n", position)
            end = len(text) if end < 0 else end
            problems.append(
                Problem(
                    row,
                    _("record"),
                    text[position:end][:80],
                    _("not readable as JSON: %(error)s") % {"error": error.msg},
                )
            )
            position = end
            continue
        records.append((row, value))
    if not records and not problems:
        raise CallImportError(_("The file contains no calls."))
    return records, problems


# --- Checking ----------------------------------------------------------------------------


def _repair(value: Any) -> tuple[str, bool]:
    """The text with mis-encoded characters repaired, and whether anything changed."""
    if value is None:
        return "", False
    text = str(value)
    # typographic quotes stay (German texts quote „so“); everything else as ftfy fixes it
    fixed = text if text.isascii() else ftfy.fix_text(text, _FTFY)
    return fixed, fixed != text


def _display_text(text: str) -> str:
    """Paragraph breaks before the section headings the portal glued to the text, and
    where its export left "null" for an empty section."""
    text = _STRAY_NULL.sub("\n\n", text.strip())
    return _unglue(_SECTION.sub(lambda m: "\n\n" + m.group(1) + ": ", text))


def _keywords(value: str, ids: tuple[str, ...]) -> str:
    """The keywords without the topic and call ids the portal repeats among them."""
    skip = {i.casefold() for i in ids if i}
    seen: dict[str, str] = {}
    for word in (w.strip() for w in value.split(",")):
        if word and word.casefold() not in skip:
            seen.setdefault(word.casefold(), word)
    return ", ".join(seen.values())


@dataclass
class _Checked:
    row: int
    programme: str
    values: dict[str, Any]


class _Checker:
    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.problems: list[Problem] = []
        self.repaired = 0
        self.seen: dict[str, int] = {}
        self._url = URLValidator(schemes=["http", "https"])

    def problem(self, row: int, name: str, value: Any, reason: str, topic: str = "") -> None:
        shown = "" if value is None else str(value)
        self.problems.append(Problem(row, name, shown[:120], reason, topic))

    def text(self, row: int, record: Mapping[str, Any], name: str, limit: int | None) -> str:
        value = record.get(name)
        if value is not None and not isinstance(value, str | int | float):
            self.problem(row, name, value, _("must be text"))
            return ""
        fixed, changed = _repair(value)
        self.repaired += changed
        fixed = fixed.strip()
        if limit is not None and len(fixed) > limit:
            self.problem(
                row,
                name,
                fixed[:60] + "…",
                _("longer than %(limit)d characters") % {"limit": limit},
            )
        return fixed

    def date(self, row: int, record: Mapping[str, Any], name: str, *, required: bool) -> Any:
        value = record.get(name)
        if value in (None, ""):
            if required:
                self.problem(row, name, "", _("missing"))
            return None
        try:
            day = dt.date.fromisoformat(str(value)[:10]) if len(str(value)) >= 10 else None
            if day is None:
                raise ValueError
        except ValueError:
            self.problem(row, name, value, _("not a date (YYYY-MM-DD)"))
            return None
        if not 2000 <= day.year <= self.today.year + 10:
            self.problem(row, name, value, _("not a plausible year"))
            return None
        return day

    def amount(self, row: int, record: Mapping[str, Any], name: str) -> Decimal | None:
        value = record.get(name)
        if value in (None, ""):
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.problem(row, name, value, _("not a number"))
            return None
        try:
            number = Decimal(str(value).strip())
        except ArithmeticError:
            self.problem(row, name, value, _("not a number"))
            return None
        if not number.is_finite() or number < 0 or number >= Decimal("1e12"):
            self.problem(row, name, value, _("not an amount between 0 and 10^12 EUR"))
            return None
        return number.quantize(Decimal("0.01"))

    def check(self, row: int, record: Any) -> _Checked | None:
        if not isinstance(record, dict):
            self.problem(row, _("record"), str(record)[:80], _("not a JSON object"))
            return None
        before = len(self.problems)
        topic = self.text(row, record, "topicId", 120)
        if not topic:
            self.problem(row, "topicId", "", _("missing"))
        elif not _TOPIC.match(topic):
            self.problem(row, "topicId", topic, _("not a topic id (letters, digits, - . / _)"))
        elif topic.upper() in self.seen:
            self.problem(
                row,
                "topicId",
                topic,
                _("already in row %(row)d of this file") % {"row": self.seen[topic.upper()]},
            )
        else:
            self.seen[topic.upper()] = row
        title = self.text(row, record, "title", 500)
        if not title:
            self.problem(row, "title", "", _("missing"), topic)
        programme = self.text(row, record, "programme", 200)
        if not programme:
            self.problem(row, "programme", "", _("missing"), topic)
        deadline = self.date(row, record, "deadline", required=True)
        opens = self.date(row, record, "openingDate", required=False)
        budget_min = self.amount(row, record, "budgetMin")
        budget_max = self.amount(row, record, "budgetMax")
        if budget_min is not None and budget_max is not None and budget_max < budget_min:
            self.problem(
                row,
                "budgetMax",
                record.get("budgetMax"),
                _("smaller than budgetMin (%(min)s)") % {"min": record.get("budgetMin")},
                topic,
            )
        grants = record.get("expectedGrants")
        if grants in (None, ""):
            grants = None
        elif isinstance(grants, bool) or not isinstance(grants, int) or not 0 <= grants < 10**6:
            self.problem(row, "expectedGrants", grants, _("not a whole number of grants"), topic)
            grants = None
        url = self.text(row, record, "portalUrl", 500)
        if url:
            try:
                self._url(url)
            except ValidationError:
                self.problem(row, "portalUrl", url, _("not a web address"), topic)
        elif topic:
            url = TOPIC_URL.format(topic.lower())
        types_of_action = self.text(row, record, "typesOfAction", 200)
        action_type = self.text(row, record, "actionType", 30)
        description = self.text(row, record, "description", None)
        objectives = self.text(row, record, "objectives", None)
        conditions = self.text(row, record, "topicConditions", None).lstrip('">').strip()
        call_identifier = self.text(row, record, "callIdentifier", 120)
        for problem in self.problems[before:]:
            if not problem.topic_id and topic:
                index = self.problems.index(problem)
                self.problems[index] = Problem(
                    problem.row, problem.field, problem.value, problem.reason, topic
                )
        if len(self.problems) > before:
            return None
        rule = rule_for(types_of_action, action_type)
        full_description = "\n\n".join(p for p in (description, objectives) if p)
        return _Checked(
            row=row,
            programme=programme,
            values={
                "topic_id": topic,
                "call_identifier": call_identifier,
                "title": title,
                "call_title": self.text(row, record, "callTitle", 500),
                "description": _display_text(full_description),
                "keywords": _keywords(
                    self.text(row, record, "keywords", None), (topic, call_identifier)
                ),
                "conditions": _display_text(conditions),
                "action_type": action_type,
                "action_type_name": types_of_action,
                "cluster": self.text(row, record, "cluster", 30),
                "opens_on": opens,
                "deadline": deadline,
                "deadline_model": self.text(row, record, "deadlineModel", 30),
                "budget_min": budget_min,
                "budget_max": budget_max,
                "expected_grants": grants,
                "min_partners": rule.min_partners,
                "min_countries": rule.min_countries,
                "source": CallSource.EU_PORTAL,
                "source_url": url,
                "checked_on": self.today,
            },
        )


# --- Writing -----------------------------------------------------------------------------


def _programmes(names: set[str], today: dt.date) -> tuple[dict[str, Programme], int]:
    """The EU programmes by name, created where missing and marked as checked today."""
    existing = {p.name: p for p in Programme.objects.filter(funder=EU_FUNDER, name__in=names)}
    created = 0
    for name in sorted(names - existing.keys()):
        existing[name] = Programme.objects.create(
            name=name,
            funder=EU_FUNDER,
            level=FundingLevel.EU,
            collaboration=Collaboration.BOTH,
            source_url=PORTAL_URL,
            source_note="EU Funding & Tenders Portal (© European Union)",
            checked_on=today,
        )
        created += 1
    Programme.objects.filter(pk__in=[p.pk for p in existing.values()]).update(checked_on=today)
    return existing, created


def import_calls(
    source: bytes | str | Path | IO[bytes] | None = None,
    *,
    dry_run: bool = False,
    today: dt.date | None = None,
) -> CallImportResult:
    """Check every record of a call file, then create or update all of them, or none.

    Parameters
    ----------
    source : bytes, path or binary file, optional
        The call file (gzip or plain); the shipped EU calls by default.
    dry_run : bool
        Check and count only; nothing is written.
    today : date, optional
        The "checked on" date of the programmes and calls (the import date).

    Returns
    -------
    CallImportResult
        With ``problems`` naming row, field and value of every bad record; when there
        are any, nothing was written.

    Raises
    ------
    CallImportError
        If the file as a whole cannot be read.
    """
    today = today or timezone.localdate()
    content = _content_of(DEFAULT_FILE if source is None else source)
    records, problems = read_records(content)
    checker = _Checker(today)
    checker.problems.extend(problems)
    checked = [c for row, record in records if (c := checker.check(row, record)) is not None]
    result = CallImportResult(
        rows=len(records) + len(problems),
        problems=sorted(checker.problems, key=lambda p: (p.row, p.field)),
        repaired=checker.repaired,
        dry_run=dry_run,
    )
    existing = set(
        Call.objects.filter(topic_id__in=[c.values["topic_id"] for c in checked]).values_list(
            "topic_id", flat=True
        )
    )
    result.updated = sum(c.values["topic_id"] in existing for c in checked)
    result.created = len(checked) - result.updated
    if result.rejected or dry_run:
        if result.rejected:
            result.created = result.updated = 0
        return result
    with transaction.atomic():
        programmes, result.programmes_created = _programmes({c.programme for c in checked}, today)
        for item in checked:
            values = dict(item.values)
            topic = values.pop("topic_id")
            Call.objects.update_or_create(
                topic_id=topic, defaults={**values, "programme": programmes[item.programme]}
            )
    result.written = True
    return result
