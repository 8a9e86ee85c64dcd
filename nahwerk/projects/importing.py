"""Importers for the EU project history: CORDIS project records and the H2020 network."""

from __future__ import annotations

import csv
import gzip
import json
import math
import re
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any, TypeVar

from auditlog.context import disable_auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nahwerk.dbstats import refresh_planner_statistics
from nahwerk.directory.choices import DataSource, OrganisationKind
from nahwerk.directory.models import Organisation
from nahwerk.directory.signals import organisations_changed
from nahwerk.projects.choices import ParticipantRole, ParticipantType, ProjectSource
from nahwerk.projects.models import Participation, Project
from nahwerk.reference.models import Postcode
from nahwerk_engine.postcodes import normalise_postcode

__all__ = [
    "SOURCE_NOTE",
    "CordisReport",
    "H2020Report",
    "ImportFileError",
    "default_cordis_directory",
    "default_participations_path",
    "default_programme_parts_path",
    "import_cordis_records",
    "import_h2020_participations",
    "link_participations_to_organisations",
]

T = TypeVar("T")

# Stored with every organisation the import creates: the CORDIS licence asks for attribution.
SOURCE_NOTE = "Source: CORDIS, © European Union"
CORDIS_PROJECTS_FILE = "project.json"
CORDIS_ORGANISATIONS_FILE = "organization.json"
H2020_PROGRAMME = "H2020"
# Rows per INSERT statement; Django lowers it further where SQLite allows fewer parameters.
BATCH_SIZE = 2000
CENT = Decimal("0.01")
# DecimalField(max_digits=14, decimal_places=2) holds amounts below 10^12.
AMOUNT_LIMIT = Decimal(10) ** 12

# CORDIS writes Greece and the United Kingdom as EL and UK (EU usage); the directory stores
# ISO 3166-1 codes, so these are translated to compare with everything else on the platform.
COUNTRY_ALIASES = {"EL": "GR", "UK": "GB"}

# Keys are lower-cased without separators; the Horizon Europe names map onto the H2020 ones.
ROLE_BY_SOURCE_NAME: dict[str, str] = {
    "coordinator": ParticipantRole.COORDINATOR.value,
    "participant": ParticipantRole.PARTICIPANT.value,
    "beneficiary": ParticipantRole.PARTICIPANT.value,
    "partner": ParticipantRole.PARTNER.value,
    "associatedpartner": ParticipantRole.PARTNER.value,
    "internationalpartner": ParticipantRole.PARTNER.value,
    "thirdparty": ParticipantRole.THIRD_PARTY.value,
}
# When one organisation appears twice in a project, the stronger role is kept (lower rank).
ROLE_RANK: dict[str, int] = {
    ParticipantRole.COORDINATOR.value: 0,
    ParticipantRole.PARTICIPANT.value: 1,
    ParticipantRole.PARTNER.value: 2,
    ParticipantRole.THIRD_PARTY.value: 3,
}
KIND_BY_ACTIVITY_TYPE: dict[str, str] = {
    ParticipantType.PRC.value: OrganisationKind.COMPANY.value,
    ParticipantType.HES.value: OrganisationKind.UNIVERSITY.value,
    ParticipantType.REC.value: OrganisationKind.RESEARCH_INSTITUTE.value,
    ParticipantType.PUB.value: OrganisationKind.PUBLIC_BODY.value,
    ParticipantType.OTH.value: OrganisationKind.ASSOCIATION.value,
    # A record without an activity type says nothing about the kind; "other" is closest.
    "": OrganisationKind.ASSOCIATION.value,
}

H2020_PARTICIPATION_COLUMNS = (
    "rcn",
    "role",
    "pic",
    "type",
    "contribution",
    "country",
    "start_date",
    "end_date",
    "max_contribution",
    "total_cost",
)
H2020_PROGRAMME_PART_COLUMNS = ("rcn", "programme_part")

_DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}")
_COUNTRY_PATTERN = re.compile(r"^[A-Z]{2}$")
_URL_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
# German postcodes are sometimes written with the old country prefix: "D-01069".
_GERMAN_POSTCODE_PREFIX = re.compile(r"^DE?\s*-\s*|^DE?\s+", re.IGNORECASE)
_url_validator = URLValidator(schemes=["http", "https"])
_PARTICIPANT_TYPES = frozenset(ParticipantType.values)


class ImportFileError(Exception):
    """A source file is missing or malformed; the import wrote nothing."""


class _Invalid(Exception):
    """One value is malformed; re-raised as ImportFileError naming file and record."""


@dataclass(frozen=True)
class CordisReport:
    projects_created: int
    projects_updated: int
    organisations_created: int
    organisations_updated: int
    participations_created: int
    participations_updated: int
    participations_linked: int
    seconds: float

    def summary(self) -> str:
        return _(
            "CORDIS: projects %(projects_created)d created, %(projects_updated)d "
            "updated; organisations %(organisations_created)d created, "
            "%(organisations_updated)d updated; participations "
            "%(participations_created)d created, %(participations_updated)d updated, "
            "%(participations_linked)d linked by PIC; %(seconds).1f s."
        ) % vars(self)


@dataclass(frozen=True)
class H2020Report:
    rows_read: int
    duplicates_merged: int
    projects_created: int
    projects_updated: int
    participations_created: int
    participations_updated: int
    participations_linked: int
    seconds: float

    def summary(self) -> str:
        return _(
            "H2020 network: %(rows_read)d rows read (%(duplicates_merged)d duplicates "
            "merged); projects %(projects_created)d created, %(projects_updated)d "
            "updated; participations %(participations_created)d created, "
            "%(participations_updated)d updated, %(participations_linked)d linked "
            "by PIC; %(seconds).1f s."
        ) % vars(self)


# --- Values -------------------------------------------------------------------------------


def _text(value: Any, limit: int | None = None, collapse: bool = True) -> str:
    """Text of a JSON or CSV value; over-long free text is cut to the column, not rejected."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _Invalid(_("expected text, found %(value)r") % {"value": value})
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split()) if collapse else str(value).strip()
    return text[:limit] if limit else text


def _memoised(parse: Callable[[Any], str]) -> Callable[[Any], str]:
    """Remember the results for text values: a column of 116,000 rows has a handful of codes."""
    results: dict[str, str] = {}

    def wrapper(value: Any) -> str:
        if not isinstance(value, str):
            return parse(value)
        if value not in results:
            results[value] = parse(value)
        return results[value]

    return wrapper


def _whole_number(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        number = int(value.strip())
    else:
        raise _Invalid(_("expected a whole number, found %(value)r") % {"value": value})
    if number <= 0:
        raise _Invalid(_("expected a positive number, found %(value)r") % {"value": value})
    return number


def _pic(value: Any) -> str:
    pic = str(_whole_number(value))
    if len(pic) > 12:
        raise _Invalid(_("a PIC has at most 12 digits, found %(value)r") % {"value": value})
    return pic


def _amount(value: Any) -> Decimal | None:
    """A euro amount to the cent; empty and "NA" (the CSV's missing value) mean unknown."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if text.upper() in {"", "NA", "N/A"}:
            return None
    elif isinstance(value, int | float) and not isinstance(value, bool):
        # str() of a float is its shortest round-trip form: 101058.75, not 101058.7499…
        text = str(value)
    else:
        raise _Invalid(_("expected an amount, found %(value)r") % {"value": value})
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise _Invalid(_("expected an amount, found %(value)r") % {"value": value}) from None
    if not amount.is_finite() or abs(amount) >= AMOUNT_LIMIT:
        raise _Invalid(_("amount out of range: %(value)r") % {"value": value})
    return amount.quantize(CENT)


def _date(value: Any) -> date | None:
    """A date; empty and "NA" (the CSV's missing value, 14 end dates) mean unknown."""
    if value is None or (isinstance(value, str) and value.strip().upper() in {"", "NA"}):
        return None
    if isinstance(value, str) and _DATE_PATTERN.match(value.strip()):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise _Invalid(_("expected a date YYYY-MM-DD, found %(value)r") % {"value": value})


def _first_of_list(value: Any) -> str:
    # A few CORDIS rows merge two entries of one participant as "PRC;PRC" or "FI;FI".
    parts = [part.strip() for part in _text(value).split(";") if part.strip()]
    return parts[0] if parts else ""


@_memoised
def _country(value: Any) -> str:
    # Note that "NA" is a country here (Namibia), not a missing value.
    code = _first_of_list(value).upper()
    if not code:
        return ""
    code = COUNTRY_ALIASES.get(code, code)
    if not _COUNTRY_PATTERN.match(code):
        raise _Invalid(_("expected a two-letter country code, found %(value)r") % {"value": value})
    return code


@_memoised
def _activity_type(value: Any) -> str:
    code = _first_of_list(value).upper()
    if code and code not in _PARTICIPANT_TYPES:
        raise _Invalid(_("unknown activity type %(value)r") % {"value": value})
    return code


@_memoised
def _role(value: Any) -> str:
    key = re.sub(r"[\s_-]", "", _text(value)).lower()
    if key not in ROLE_BY_SOURCE_NAME:
        raise _Invalid(_("unknown role %(value)r") % {"value": value})
    return ROLE_BY_SOURCE_NAME[key]


def _sme(value: Any) -> bool | None:
    """The SME flag: True, False or None when the record leaves it empty."""
    if isinstance(value, bool):
        return value
    if value is None:
        return None
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if not text:
            return None
        if text in {"true", "yes", "1"}:
            return True
        if text in {"false", "no", "0"}:
            return False
    raise _Invalid(_("expected true or false, found %(value)r") % {"value": value})


def _geolocation(value: Any) -> tuple[float, float] | None:
    text = _text(value)
    if not text:
        return None
    parts = text.split(",")
    try:
        if len(parts) != 2:
            raise ValueError
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        raise _Invalid(
            _("expected “latitude,longitude”, found %(value)r") % {"value": value}
        ) from None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise _Invalid(_("coordinates out of range: %(value)r") % {"value": value})
    return lat, lon


def _website(value: Any) -> str:
    """An http(s) URL; a bare host gets https://, anything still invalid is dropped."""
    text = _text(value)
    if not text:
        return ""
    if not _URL_SCHEME.match(text):
        text = "https://" + text
    if len(text) > 200:
        return ""
    try:
        _url_validator(text)
    except ValidationError:
        return ""
    return text


def _postcode(value: Any, country: str) -> str:
    """German postcodes as 5 digits (JSON numbers lose the leading 0); others as given."""
    text = _text(value)
    if not any(ch.isalnum() for ch in text):
        return ""
    if country == "DE":
        code = normalise_postcode(_GERMAN_POSTCODE_PREFIX.sub("", text))
        if code is not None:
            return code
    # Kept as written although it cannot be looked up: the address is still right.
    return text[:10]


def _get(
    record: Mapping[str, Any], key: str, parse: Callable[[Any], T], required: bool = False
) -> T:
    """Parse one field; problems name the field, the caller adds file and record."""
    if key not in record and required:
        raise _Invalid(_("the field %(field)s is missing") % {"field": key})
    try:
        return parse(record.get(key))
    except _Invalid as exc:
        raise _Invalid(_("field %(field)s: %(problem)s") % {"field": key, "problem": exc}) from None


def _is_empty(value: Any) -> bool:
    return value is None or value == ""


# --- Participations shared by both importers ----------------------------------------------


@dataclass(frozen=True)
class _ParticipationRow:
    pic: str
    role: str
    participant_type: str
    country: str
    eu_contribution: Decimal | None

    def values(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "participant_type": self.participant_type,
            "country": self.country,
            "eu_contribution": self.eu_contribution,
        }

    def merge(self, other: _ParticipationRow) -> _ParticipationRow:
        """One participation from two rows of the same organisation in the same project.

        CORDIS lists an organisation twice when it takes part in two roles, e.g. as a
        participant and as a third party linked to another participant (METSO OUTOTEC in
        Productive4.0). The platform keeps one participation per project and PIC, so the
        stronger role is kept (coordinator > participant > partner > third party) and the
        EU contributions are added up: the organisation received both.
        """
        first, second = sorted((self, other), key=lambda row: ROLE_RANK[row.role])
        amounts = [a for a in (self.eu_contribution, other.eu_contribution) if a is not None]
        return _ParticipationRow(
            pic=self.pic,
            role=first.role,
            participant_type=first.participant_type or second.participant_type,
            country=first.country or second.country,
            eu_contribution=sum(amounts, Decimal(0)) if amounts else None,
        )


def _add_participation(
    participations: dict[tuple[int, str], _ParticipationRow], rcn: int, row: _ParticipationRow
) -> bool:
    """Add or merge ``row``; True when it was a duplicate of one already there."""
    key = (rcn, row.pic)
    known = participations.get(key)
    participations[key] = row if known is None else known.merge(row)
    return known is not None


def link_participations_to_organisations() -> int:
    """Point participations without an organisation at the organisation with their PIC.

    Both importers call this last, so the order of imports does not matter: network rows
    imported before the CORDIS records get their organisation when it arrives, and the
    other way round. Returns the number of participations linked.
    """
    with_pic = Organisation.objects.filter(pic__isnull=False)
    owner = with_pic.filter(pic=OuterRef("pic")).values("pk")[:1]
    return Participation.objects.filter(
        organisation__isnull=True, pic__in=with_pic.values("pic")
    ).update(organisation=Subquery(owner))


# --- CORDIS project records --------------------------------------------------------------


@dataclass(frozen=True)
class _CordisProject:
    rcn: int
    cordis_id: int
    acronym: str
    title: str
    objective: str
    programme: str
    funding_scheme: str
    start_date: date | None
    end_date: date | None
    total_cost: Decimal | None
    eu_contribution: Decimal | None

    def values(self) -> dict[str, Any]:
        return {
            "cordis_id": self.cordis_id,
            "acronym": self.acronym,
            "title": self.title,
            "objective": self.objective,
            "programme": self.programme,
            "funding_scheme": self.funding_scheme,
            "start_date": self.start_date,
            "end_date": self.end_date,
            "total_cost": self.total_cost,
            "eu_contribution": self.eu_contribution,
        }


@dataclass(frozen=True)
class _CordisOrganisation:
    pic: str
    name: str
    street: str
    postcode: str
    city: str
    country: str
    website: str
    activity_type: str
    sme: bool | None
    geolocation: tuple[float, float] | None
    content_updated: str

    @property
    def kind(self) -> str:
        if self.activity_type == ParticipantType.PRC and self.sme:
            return OrganisationKind.SME.value
        return KIND_BY_ACTIVITY_TYPE[self.activity_type]


@dataclass(frozen=True)
class _CordisData:
    projects: list[_CordisProject]
    organisations: list[_CordisOrganisation]
    participations: dict[tuple[int, str], _ParticipationRow]


def default_cordis_directory() -> Path:
    return Path(settings.DATA_DIR) / "cordis" / "h2020_subset_semiconductor_ev"


def _load_json_records(path: Path) -> list[dict[str, Any]]:
    try:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        raise ImportFileError(_("%(file)s: file not found") % {"file": path}) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ImportFileError(
            _("%(file)s: not valid JSON (%(error)s)") % {"file": path, "error": exc}
        ) from None
    if not isinstance(data, list):
        raise ImportFileError(_("%(file)s: expected a list of records") % {"file": path})
    for number, record in enumerate(data, start=1):
        if not isinstance(record, dict):
            raise ImportFileError(
                _("%(file)s, record %(number)s: expected an object, found %(value)r")
                % {"file": path, "number": number, "value": record}
            )
    return data


def _record_error(
    path: Path, number: int, record: Mapping[str, Any], problem: object
) -> ImportFileError:
    keys = ("rcn", "id") if path.name == CORDIS_PROJECTS_FILE else ("projectID", "organisationID")
    ids = ", ".join(f"{key} {record[key]!r}" for key in keys if key in record)
    return ImportFileError(
        _("%(file)s, record %(number)s (%(ids)s): %(problem)s")
        % {"file": path, "number": number, "ids": ids or "-", "problem": problem}
    )


def _parse_cordis_project(record: Mapping[str, Any]) -> _CordisProject:
    start = _get(record, "startDate", _date)
    end = _get(record, "endDate", _date)
    if start and end and end < start:
        raise _Invalid(_("the project ends before it starts"))
    return _CordisProject(
        rcn=_get(record, "rcn", _whole_number, required=True),
        cordis_id=_get(record, "id", _whole_number, required=True),
        acronym=_get(record, "acronym", lambda v: _text(v, 60)),
        title=_get(record, "title", lambda v: _text(v, 500)),
        objective=_get(record, "objective", lambda v: _text(v, collapse=False)),
        programme=_get(record, "frameworkProgramme", lambda v: _text(v, 30)) or H2020_PROGRAMME,
        funding_scheme=_get(record, "fundingScheme", lambda v: _text(v, 60)),
        start_date=start,
        end_date=end,
        total_cost=_get(record, "totalCost", _amount),
        eu_contribution=_get(record, "ecMaxContribution", _amount),
    )


def _parse_cordis_organisation(record: Mapping[str, Any]) -> _CordisOrganisation:
    country = _get(record, "country", _country)
    name = _get(record, "name", lambda v: _text(v, 255), required=True)
    if not name:
        raise _Invalid(_("the organisation has no name"))
    return _CordisOrganisation(
        pic=_get(record, "organisationID", _pic, required=True),
        name=name,
        street=_get(record, "street", lambda v: _text(v, 200)),
        postcode=_get(record, "postCode", lambda v: _postcode(v, country)),
        city=_get(record, "city", lambda v: _text(v, 120)),
        country=country,
        website=_get(record, "organizationURL", _website),
        activity_type=_get(record, "activityType", _activity_type),
        sme=_get(record, "SME", _sme),
        geolocation=_get(record, "geolocation", _geolocation),
        content_updated=_get(record, "contentUpdateDate", _text),
    )


def read_cordis_records(directory: Path) -> _CordisData:
    """Parse and check both files completely before anything is written."""
    projects_path = directory / CORDIS_PROJECTS_FILE
    organisations_path = directory / CORDIS_ORGANISATIONS_FILE

    projects: dict[int, _CordisProject] = {}
    rcn_by_project_id: dict[int, int] = {}
    for number, record in enumerate(_load_json_records(projects_path), start=1):
        try:
            project = _parse_cordis_project(record)
            if project.rcn in projects:
                raise _Invalid(_("a second record for the same rcn"))
            if project.cordis_id in rcn_by_project_id:
                raise _Invalid(_("a second record for the same project id"))
        except _Invalid as exc:
            raise _record_error(projects_path, number, record, exc) from None
        projects[project.rcn] = project
        rcn_by_project_id[project.cordis_id] = project.rcn

    # Per PIC the newest record describes the organisation (addresses and SME status change
    # over the years); its SME flag comes from the newest record that states one at all.
    newest: dict[str, tuple[str, int, _CordisOrganisation]] = {}
    sme_by_pic: dict[str, tuple[str, int, bool]] = {}
    participations: dict[tuple[int, str], _ParticipationRow] = {}
    for number, record in enumerate(_load_json_records(organisations_path), start=1):
        try:
            organisation = _parse_cordis_organisation(record)
            project_id = _get(record, "projectID", _whole_number, required=True)
            if project_id not in rcn_by_project_id:
                raise _Invalid(
                    _("project %(id)s is not in %(file)s")
                    % {"id": project_id, "file": CORDIS_PROJECTS_FILE}
                )
            row = _ParticipationRow(
                pic=organisation.pic,
                role=_get(record, "role", _role, required=True),
                participant_type=organisation.activity_type,
                country=organisation.country,
                eu_contribution=_get(record, "ecContribution", _amount),
            )
        except _Invalid as exc:
            raise _record_error(organisations_path, number, record, exc) from None
        _add_participation(participations, rcn_by_project_id[project_id], row)
        order = (organisation.content_updated, number)
        if organisation.pic not in newest or order > newest[organisation.pic][:2]:
            newest[organisation.pic] = (*order, organisation)
        if organisation.sme is not None and (
            organisation.pic not in sme_by_pic or order > sme_by_pic[organisation.pic][:2]
        ):
            sme_by_pic[organisation.pic] = (*order, organisation.sme)

    organisations = []
    for pic, (_updated, _number, organisation) in newest.items():
        sme = sme_by_pic[pic][2] if pic in sme_by_pic else None
        organisations.append(replace(organisation, sme=sme))
    return _CordisData(list(projects.values()), organisations, participations)


def _fill_empty(instance: Any, values: Mapping[str, Any]) -> dict[str, Any]:
    """Values for the fields of ``instance`` that are empty, without touching filled ones.

    Start and end date are filled only together, so that a filled start never ends up after
    an end that came from another source.
    """
    changes = {
        key: value
        for key, value in values.items()
        if _is_empty(getattr(instance, key)) and not _is_empty(value)
    }
    if ("start_date" in changes) != ("end_date" in changes):
        changes.pop("start_date", None)
        changes.pop("end_date", None)
    return changes


def _write_cordis_projects(rows: list[_CordisProject]) -> tuple[int, int, dict[int, int]]:
    existing = {
        p.cordis_rcn: p for p in Project.objects.filter(cordis_rcn__in=[r.rcn for r in rows])
    }
    created = updated = 0
    ids: dict[int, int] = {}
    for row in rows:
        project = existing.get(row.rcn)
        if project is None:
            project = Project.objects.create(
                source=ProjectSource.CORDIS, cordis_rcn=row.rcn, **row.values()
            )
            created += 1
        else:
            if project.source == ProjectSource.PLATFORM:
                # Entered by hand on the platform: CORDIS only fills what is missing.
                changes = _fill_empty(project, row.values())
            else:
                # A network-only project (or an earlier CORDIS import) becomes the full
                # record; programme_part, which only the network file knows, is kept.
                target = {**row.values(), "source": ProjectSource.CORDIS.value}
                changes = {k: v for k, v in target.items() if getattr(project, k) != v}
            if changes:
                for key, value in changes.items():
                    setattr(project, key, value)
                project.save(update_fields=list(changes))
                updated += 1
        ids[row.rcn] = project.pk
    return created, updated, ids


def _organisation_values(
    row: _CordisOrganisation, postcodes: Mapping[str, tuple[str, float, float, str]]
) -> dict[str, Any]:
    """The directory fields as CORDIS describes the organisation.

    A German postcode known to the reference table gives district and coordinates, as
    Organisation.derive_location would; otherwise the record's own geolocation is used.
    """
    entry = postcodes.get(row.postcode) if row.country == "DE" else None
    if entry is not None:
        district_id: str | None = entry[0]
        latitude: float | None = entry[1]
        longitude: float | None = entry[2]
        city = row.city or entry[3]
    else:
        district_id = None
        latitude, longitude = row.geolocation or (None, None)
        city = row.city
    return {
        "name": row.name,
        "kind": row.kind,
        "street": row.street,
        "postcode": row.postcode,
        "city": city,
        "country": row.country,
        "district_id": district_id,
        "latitude": latitude,
        "longitude": longitude,
        "website": row.website,
    }


def _organisation_gaps(organisation: Organisation, values: Mapping[str, Any]) -> dict[str, Any]:
    """What CORDIS may add to an organisation that is maintained on the platform."""
    changes: dict[str, Any] = {}
    if not (organisation.street or organisation.postcode or organisation.city):
        # The address is taken as a whole, so street, postcode and place never mix sources.
        for key in ("street", "postcode", "city", "country"):
            if values[key]:
                changes[key] = values[key]
        if organisation.district_id is None and values["district_id"] is not None:
            changes["district_id"] = values["district_id"]
        if organisation.latitude is None and values["latitude"] is not None:
            # The pair constraint keeps latitude and longitude empty or set together.
            changes["latitude"] = values["latitude"]
            changes["longitude"] = values["longitude"]
    if not organisation.website and values["website"]:
        changes["website"] = values["website"]
    return changes


def _write_organisations(rows: list[_CordisOrganisation]) -> tuple[int, int, dict[str, int]]:
    """Create or update the organisations; returns counts and the primary key per PIC.

    Platform edits are protected: organisations from another source only get empty fields
    filled. CORDIS organisations are brought up to date as long as nobody saved them on
    the platform; the import keeps ``updated_at == created_at`` on the records it writes,
    and any save() elsewhere (admin, forms) moves updated_at, marking a user edit.
    """
    codes = {row.postcode for row in rows if row.country == "DE" and row.postcode}
    postcodes = {
        code: (district_id, lat, lon, place)
        for code, district_id, lat, lon, place in Postcode.objects.filter(
            code__in=codes
        ).values_list("code", "district_id", "latitude", "longitude", "place")
    }
    pics = [row.pic for row in rows]
    existing: dict[str, Organisation] = {
        o.pic: o for o in Organisation.objects.filter(pic__in=pics) if o.pic
    }
    # A CORDIS organisation whose PIC was cleared on the platform is still the same one.
    for orphan in Organisation.objects.filter(
        source=DataSource.CORDIS, external_id__in=pics, pic__isnull=True
    ):
        existing.setdefault(orphan.external_id, orphan)

    now = timezone.now()
    created_ids: list[int] = []
    updated = 0
    ids: dict[str, int] = {}
    for row in rows:
        values = _organisation_values(row, postcodes)
        organisation = existing.get(row.pic)
        if organisation is None:
            organisation = Organisation(
                pic=row.pic,
                source=DataSource.CORDIS,
                source_note=SOURCE_NOTE,
                external_id=row.pic,
                **values,
            )
            # save() gives the unique slug and the same location derive_location computes.
            organisation.save()
            created_ids.append(organisation.pk)
        elif (
            organisation.source == DataSource.CORDIS
            and organisation.updated_at == organisation.created_at
        ):
            target = {**values, "pic": row.pic, "source_note": SOURCE_NOTE}
            changes = {k: v for k, v in target.items() if getattr(organisation, k) != v}
            if changes:
                # update() leaves updated_at alone: the record stays "not edited by a user".
                Organisation.objects.filter(pk=organisation.pk).update(**changes)
                updated += 1
        else:
            changes = _organisation_gaps(organisation, values)
            if organisation.pic is None:
                changes["pic"] = row.pic
            if changes:
                Organisation.objects.filter(pk=organisation.pk).update(**changes, updated_at=now)
                updated += 1
        ids[row.pic] = organisation.pk
    for start in range(0, len(created_ids), 500):
        Organisation.objects.filter(pk__in=created_ids[start : start + 500]).update(
            updated_at=F("created_at")
        )
    return len(created_ids), updated, ids


def _write_cordis_participations(
    participations: Mapping[tuple[int, str], _ParticipationRow],
    project_ids: Mapping[int, int],
    organisation_ids: Mapping[str, int],
) -> tuple[int, int]:
    existing = {
        (p.project_id, p.pic): p
        for p in Participation.objects.filter(project_id__in=set(project_ids.values()))
    }
    new: list[Participation] = []
    changed: list[Participation] = []
    fields = ["role", "participant_type", "country", "eu_contribution", "organisation_id"]
    for (rcn, pic), row in participations.items():
        project_id = project_ids[rcn]
        values = {**row.values(), "organisation_id": organisation_ids.get(pic)}
        current = existing.get((project_id, pic))
        if current is None:
            new.append(Participation(project_id=project_id, pic=pic, **values))
        elif any(getattr(current, key) != value for key, value in values.items()):
            # The CORDIS record is the more complete source; it wins over network rows.
            for key, value in values.items():
                setattr(current, key, value)
            changed.append(current)
    Participation.objects.bulk_create(new, batch_size=BATCH_SIZE)
    if changed:
        Participation.objects.bulk_update(changed, fields, batch_size=BATCH_SIZE)
    return len(new), len(changed)


def import_cordis_records(directory: Path | None = None) -> CordisReport:
    """Import project.json and organization.json of a CORDIS extract, idempotently.

    Both files are read and checked completely first; the writes then happen in one
    transaction, so a malformed record raises ImportFileError and leaves the database as
    it was.
    """
    started = time.perf_counter()
    data = read_cordis_records(Path(directory) if directory else default_cordis_directory())
    with transaction.atomic():
        # The audit log is for what people change on the platform; the EU history of
        # thousands of projects is accounted for by the import's report.
        with disable_auditlog():
            projects_created, projects_updated, project_ids = _write_cordis_projects(data.projects)
        organisations_created, organisations_updated, organisation_ids = _write_organisations(
            data.organisations
        )
        participations_created, participations_updated = _write_cordis_participations(
            data.participations, project_ids, organisation_ids
        )
        linked = link_participations_to_organisations()
        # Project titles are part of the profiles; bulk writes skip Model.save().
        organisations_changed.send(sender=Organisation, ids=None)
    refresh_planner_statistics(Project, Organisation, Participation)
    return CordisReport(
        projects_created=projects_created,
        projects_updated=projects_updated,
        organisations_created=organisations_created,
        organisations_updated=organisations_updated,
        participations_created=participations_created,
        participations_updated=participations_updated,
        participations_linked=linked,
        seconds=round(time.perf_counter() - started, 2),
    )


# --- H2020 participation network ----------------------------------------------------------


@dataclass(frozen=True)
class _NetworkProject:
    start_date: date | None
    end_date: date | None
    total_cost: Decimal | None
    eu_contribution: Decimal | None


@dataclass(frozen=True)
class _NetworkData:
    projects: dict[int, _NetworkProject]
    programme_parts: dict[int, str]
    participations: dict[tuple[int, str], _ParticipationRow]
    rows_read: int
    duplicates_merged: int


def default_participations_path() -> Path:
    return Path(settings.DATA_DIR) / "cordis" / "h2020_participations_2014_2019.csv.gz"


def default_programme_parts_path() -> Path:
    return Path(settings.DATA_DIR) / "cordis" / "h2020_programme_parts_2014_2019.csv.gz"


def _open_text(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def _csv_rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) of a CSV file, plain or gzipped; read errors name the file."""
    try:
        with _open_text(path) as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise ImportFileError(
                    _("%(file)s: missing columns %(columns)s")
                    % {"file": path, "columns": ", ".join(missing)}
                )
            for row in reader:
                if None in row or any(row[c] is None for c in columns):
                    raise ImportFileError(
                        _("%(file)s, line %(line)s: wrong number of fields")
                        % {"file": path, "line": reader.line_num}
                    )
                yield reader.line_num, row
    except FileNotFoundError:
        raise ImportFileError(_("%(file)s: file not found") % {"file": path}) from None
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, csv.Error) as exc:
        raise ImportFileError(
            _("%(file)s: cannot be read (%(error)s)") % {"file": path, "error": exc}
        ) from None


def _line_error(path: Path, line: int, problem: object) -> ImportFileError:
    return ImportFileError(
        _("%(file)s, line %(line)s: %(problem)s") % {"file": path, "line": line, "problem": problem}
    )


def _read_programme_parts(path: Path) -> dict[int, str]:
    parts: dict[int, set[str]] = {}
    for line, row in _csv_rows(path, H2020_PROGRAMME_PART_COLUMNS):
        try:
            rcn = _get(row, "rcn", _whole_number)
            part = _get(row, "programme_part", _text)
        except _Invalid as exc:
            raise _line_error(path, line, exc) from None
        if part:
            parts.setdefault(rcn, set()).add(part)
    # About a fifth of the projects belong to several parts ("Innovation in SMEs" and
    # "LEIT"); all are kept, sorted so that re-imports compare equal.
    joined = {rcn: ", ".join(sorted(names)) for rcn, names in parts.items()}
    too_long = next((rcn for rcn, text in joined.items() if len(text) > 60), None)
    if too_long is not None:
        raise ImportFileError(
            _("%(file)s: the programme parts of rcn %(rcn)s exceed 60 characters")
            % {"file": path, "rcn": too_long}
        )
    return joined


def read_h2020_participations(
    participations_path: Path, programme_parts_path: Path
) -> _NetworkData:
    """Parse and check both files completely before anything is written.

    The shipped file has no repeated (rcn, pic) pair; should a later extract list one
    organisation twice in a project, the rows are merged as _ParticipationRow.merge
    describes (stronger role kept, contributions added up).
    """
    programme_parts = _read_programme_parts(programme_parts_path)
    projects: dict[int, _NetworkProject] = {}
    participations: dict[tuple[int, str], _ParticipationRow] = {}
    rows_read = duplicates = 0
    for line, row in _csv_rows(participations_path, H2020_PARTICIPATION_COLUMNS):
        rows_read += 1
        try:
            rcn = _get(row, "rcn", _whole_number)
            participation = _ParticipationRow(
                pic=_get(row, "pic", _pic),
                role=_get(row, "role", _role),
                participant_type=_get(row, "type", _activity_type),
                country=_get(row, "country", _country),
                eu_contribution=_get(row, "contribution", _amount),
            )
            # Project columns repeat on every row of a project; the first row is read.
            if rcn not in projects:
                start = _get(row, "start_date", _date)
                end = _get(row, "end_date", _date)
                if start and end and end < start:
                    raise _Invalid(_("the project ends before it starts"))
                projects[rcn] = _NetworkProject(
                    start_date=start,
                    end_date=end,
                    total_cost=_get(row, "total_cost", _amount),
                    eu_contribution=_get(row, "max_contribution", _amount),
                )
        except _Invalid as exc:
            raise _line_error(participations_path, line, exc) from None
        duplicates += _add_participation(participations, rcn, participation)
    return _NetworkData(projects, programme_parts, participations, rows_read, duplicates)


def _write_network_projects(data: _NetworkData) -> tuple[int, int, dict[int, tuple[int, str]]]:
    """Create or update one project per rcn; returns counts and (pk, source) per rcn."""
    existing = {p.cordis_rcn: p for p in Project.objects.filter(cordis_rcn__isnull=False)}
    new: list[Project] = []
    changed: list[Project] = []
    changed_fields: set[str] = set()
    for rcn, row in data.projects.items():
        values = {
            "programme": H2020_PROGRAMME,
            "programme_part": data.programme_parts.get(rcn, ""),
            "start_date": row.start_date,
            "end_date": row.end_date,
            "total_cost": row.total_cost,
            "eu_contribution": row.eu_contribution,
        }
        project = existing.get(rcn)
        if project is None:
            new.append(Project(source=ProjectSource.H2020_NETWORK, cordis_rcn=rcn, **values))
            continue
        if project.source == ProjectSource.H2020_NETWORK:
            changes = {k: v for k, v in values.items() if getattr(project, k) != v}
        else:
            # The CORDIS record (or the platform) knows the project better; the network
            # file only adds the programme part and dates where they are missing.
            changes = _fill_empty(
                project, {k: values[k] for k in ("programme_part", "start_date", "end_date")}
            )
        if changes:
            for key, value in changes.items():
                setattr(project, key, value)
            changed.append(project)
            changed_fields.update(changes)
    Project.objects.bulk_create(new, batch_size=BATCH_SIZE)
    if changed:
        Project.objects.bulk_update(changed, sorted(changed_fields), batch_size=500)
    ids = {
        rcn: (pk, source)
        for rcn, pk, source in Project.objects.filter(cordis_rcn__isnull=False).values_list(
            "cordis_rcn", "pk", "source"
        )
        if rcn is not None
    }
    return len(new), len(changed), ids


def _write_network_participations(
    participations: Mapping[tuple[int, str], _ParticipationRow],
    project_ids: Mapping[int, tuple[int, str]],
) -> tuple[int, int]:
    """Insert new participations and upsert changed ones of network-only projects.

    Participations of CORDIS projects are only added, never changed: the CORDIS record
    is newer and names roles and contributions more precisely.
    """
    existing = {
        (project_id, pic): (role, participant_type, country, contribution)
        for project_id, pic, role, participant_type, country, contribution in (
            Participation.objects.values_list(
                "project_id", "pic", "role", "participant_type", "country", "eu_contribution"
            ).iterator(chunk_size=10000)
        )
    }
    new: list[Participation] = []
    changed: list[Participation] = []
    for (rcn, pic), row in participations.items():
        project_id, source = project_ids[rcn]
        current = existing.get((project_id, pic))
        if current is None:
            new.append(Participation(project_id=project_id, pic=pic, **row.values()))
        elif source == ProjectSource.H2020_NETWORK and current != (
            row.role,
            row.participant_type,
            row.country,
            row.eu_contribution,
        ):
            changed.append(Participation(project_id=project_id, pic=pic, **row.values()))
    # The diff above already separates new from existing rows, so a plain INSERT suffices;
    # ignore_conflicts would also hide NOT NULL and CHECK failures on SQLite.
    Participation.objects.bulk_create(new, batch_size=BATCH_SIZE)
    if changed:
        Participation.objects.bulk_create(
            changed,
            batch_size=BATCH_SIZE,
            update_conflicts=True,
            unique_fields=["project", "pic"],
            update_fields=["role", "participant_type", "country", "eu_contribution"],
        )
    return len(new), len(changed)


def import_h2020_participations(
    participations_path: Path | None = None, programme_parts_path: Path | None = None
) -> H2020Report:
    """Import the H2020 cooperation network (projects and participants by PIC, no names).

    Both files are read and checked completely first; the writes then happen in one
    transaction with batched bulk inserts, so re-running changes nothing and a malformed
    row raises ImportFileError before anything is written.
    """
    started = time.perf_counter()
    data = read_h2020_participations(
        Path(participations_path) if participations_path else default_participations_path(),
        Path(programme_parts_path) if programme_parts_path else default_programme_parts_path(),
    )
    with transaction.atomic():
        projects_created, projects_updated, project_ids = _write_network_projects(data)
        participations_created, participations_updated = _write_network_participations(
            data.participations, project_ids
        )
        linked = link_participations_to_organisations()
    refresh_planner_statistics(Project, Participation)
    return H2020Report(
        rows_read=data.rows_read,
        duplicates_merged=data.duplicates_merged,
        projects_created=projects_created,
        projects_updated=projects_updated,
        participations_created=participations_created,
        participations_updated=participations_updated,
        participations_linked=linked,
        seconds=round(time.perf_counter() - started, 2),
    )
