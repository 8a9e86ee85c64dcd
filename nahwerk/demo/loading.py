"""Load the demo: reference data, EU project history, seed networks, members and logins."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils.translation import gettext as _

from nahwerk.accounts.models import User
from nahwerk.dbstats import refresh_planner_statistics
from nahwerk.demo import startups as demo_startups
from nahwerk.demo.association import load_demo_association
from nahwerk.demo.cooperation import load_demo_cooperation
from nahwerk.demo.events import load_demo_events
from nahwerk.demo.fictitious import (
    ARCHETYPES,
    FICTITIOUS_SOURCE_NOTE,
    PROFILES,
    PROSPECTS,
    FictitiousOrganisation,
    PostcodeOption,
    generate_members,
)
from nahwerk.demo.needs import load_demo_needs
from nahwerk.demo.projects import load_demo_projects
from nahwerk.demo.seed_data import NETWORKS, ORGANISATIONS, PEOPLE, SeedNetwork, SeedOrganisation
from nahwerk.demo.showcase import load_demo_showcase
from nahwerk.demo.talent import load_demo_talent
from nahwerk.directory.choices import DataSource, LawfulBasis, Visibility
from nahwerk.directory.models import Organisation, Person, unique_slug
from nahwerk.networks.choices import MembershipStatus
from nahwerk.networks.models import FocusIndustry, Membership, Network, NetworkRole, NetworkService
from nahwerk.reference.loading import LoadReport, load_reference_data
from nahwerk.reference.models import District, IndustryCode, Postcode
from nahwerk.regional.importing import load_shipped_employment

__all__ = ["DEMO_PASSWORD", "DemoDataError", "DemoLogin", "DemoReport", "load_demo"]

# A local demo: the password is printed with the logins. Set only when a user is created.
DEMO_PASSWORD = "nahwerk-demo"
ADMIN_USERNAME = "admin"
MEMBER_USERNAME = "mitglied-imkk"
# The member login acts for this fictitious IMKK company (a technical-ceramics SME).
MEMBER_ORGANISATION = "demo:imkk:01"
# The institute login acts for this fictitious IMKK research institute.
INSTITUTE_USERNAME = "institut-imkk"
INSTITUTE_ORGANISATION = "demo:imkk:07"
# The demo needs are routed to the institute login's organisation and to this real one.
ROUTED_INSTITUTE_SLUG = "fgk-forschungsinstitut-glas-keramik"

M = TypeVar("M", bound=models.Model)


class DemoDataError(Exception):
    """The demo cannot be loaded as it stands (missing reference data or importer)."""


@dataclass(frozen=True)
class DemoLogin:
    """A demo user; ``role`` is "admin", "manager" or "member", ``scope`` what it acts for."""

    username: str
    role: str
    scope: str
    created: bool


@dataclass
class Tally:
    """How many rows the loader created and changed (a second run changes none)."""

    created: int = 0
    updated: int = 0


@dataclass
class DemoReport:
    """What load_demo did: the importers' reports and the demo rows it stands for."""

    reference: LoadReport | None = None
    cordis: Any = None
    history: Any = None
    calls: Any = None
    networks: int = 0
    seed_organisations: int = 0
    fictitious_organisations: int = 0
    prospects: int = 0  # fictitious organisations of a region that are no members
    people: int = 0
    roles: int = 0
    memberships: int = 0
    members_by_network: dict[str, int] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)
    created: int = 0
    updated: int = 0


def load_demo(
    *,
    with_history: bool = True,
    with_calls: bool | None = None,
    log: Callable[[str], object] | None = None,
) -> DemoReport:
    """Load everything `make run` shows, idempotently: a second run changes nothing.

    ``with_history=False`` skips the 116,000 Horizon 2020 participations (for speed), and
    unless ``with_calls`` says otherwise also the 629 EU funding calls (about 15 s).
    """
    say = log or (lambda message: None)
    report = DemoReport()
    say(_("Loading reference data (districts, postcodes, WZ 2008) ..."))
    report.reference = load_reference_data()
    say(_("Loading the employment figures by district and sector (2015-2020) ..."))
    load_shipped_employment()
    import_records, import_participations = _cordis_importers()
    say(_("Importing CORDIS project records ..."))
    report.cordis = import_records()
    if with_history:
        say(_("Importing Horizon 2020 participations (the cooperation history) ..."))
        report.history = import_participations()
    if with_history if with_calls is None else with_calls:
        say(_("Importing the EU funding calls ..."))
        from nahwerk.funding.importing import import_calls

        # the shipped file; updates by topic id, so a second run creates nothing
        report.calls = import_calls()
    say(_("Loading the demo networks, organisations, people and members ..."))
    tally = Tally()
    with transaction.atomic():
        _check_reference_data()
        organisations = _load_seed_organisations(tally, report)
        people = _load_people(organisations, tally, report)
        networks = {
            seed.slug: _load_network(seed, organisations, people, tally, report)
            for seed in NETWORKS
        }
        fictitious = _load_fictitious_members(networks, tally, report)
        report.prospects = _load_prospects(networks, tally)
        report.logins = _load_users(networks, fictitious, tally)
        say(_("Taking the demo needs through the brokering steps ..."))
        tally.created += _load_needs(fictitious)
        tally.created += _load_events(fictitious, report)
        say(_("Entering the demo projects and fields of action ..."))
        tally.created += load_demo_projects(
            imkk_member=User.objects.get(username=MEMBER_USERNAME),
            imkk_institute=User.objects.get(username=INSTITUTE_USERNAME),
        )
        say(_("Entering the members' joint projects (the cooperation network) ..."))
        tally.created += load_demo_cooperation()
        say(_("Entering IMKK e.V.'s fee categories, dues and a membership application ..."))
        tally.created += load_demo_association()
        tally.created += load_demo_showcase()
        tally.created += load_demo_talent(member=User.objects.get(username=MEMBER_USERNAME))
        say(_("Entering start-ups, funds, mentor offers and the start-up pipelines ..."))
        tally.created += _load_startups(report, tally)
    report.created, report.updated = tally.created, tally.updated
    refresh_planner_statistics()  # the demo fills nearly every table
    return report


def _cordis_importers() -> tuple[Callable[[], Any], Callable[[], Any]]:
    try:
        from nahwerk.projects.importing import import_cordis_records, import_h2020_participations
    except ImportError as exc:
        raise DemoDataError(
            _(
                "The CORDIS importers (projects.importing.import_cordis_records and "
                "import_h2020_participations) are not available: %(error)s"
            )
            % {"error": exc}
        ) from exc
    return import_cordis_records, import_h2020_participations


def _check_reference_data() -> None:
    """Every district and WZ code the demo refers to must exist; say which do not."""
    ags = {a for seed in NETWORKS for a in seed.district_ags}
    ags |= {o.district_ags for o in ORGANISATIONS if o.district_ags}
    missing = sorted(ags - set(District.objects.filter(ags__in=ags).values_list("ags", flat=True)))
    if missing:
        raise DemoDataError(
            _("Districts missing from the reference data (run load_reference_data): %(ags)s")
            % {"ags": ", ".join(missing)}
        )
    codes = {c for o in ORGANISATIONS for c in o.industry_codes}
    codes |= {c for seed in NETWORKS for f in seed.focus_industries for c in f.industry_codes}
    codes |= {c for profile in PROFILES.values() for c in _profile_codes(profile.archetypes)}
    codes |= {c for profile in PROSPECTS.values() for c in _profile_codes(profile.archetypes)}
    found = set(IndustryCode.objects.filter(code__in=codes).values_list("code", flat=True))
    if codes - found:
        raise DemoDataError(
            _("WZ 2008 codes missing from the reference data: %(codes)s")
            % {"codes": ", ".join(sorted(codes - found))}
        )


def _profile_codes(archetypes: Iterable[str]) -> set[str]:
    return {c for key in archetypes for c in ARCHETYPES[key].industry_codes}


def _upsert(
    model: type[M], lookup: dict[str, Any], values: dict[str, Any], tally: Tally
) -> tuple[M, bool]:
    """Create or update one row, writing only when something differs (unlike update_or_create).

    Writing nothing on an unchanged row keeps ``updated_at`` stable, so that a second run of
    the loader really changes nothing. Rows are validated (lengths, choices, e-mail, URL)
    before they are written, as PostgreSQL would reject what SQLite lets through.
    """
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**{**lookup, **values})
        obj.full_clean()
        obj.save()
        tally.created += 1
        return obj, True
    changed = {name: value for name, value in values.items() if getattr(obj, name) != value}
    if changed:
        for name, value in changed.items():
            setattr(obj, name, value)
        obj.full_clean()
        obj.save()
        tally.updated += 1
    return obj, False


def _set_m2m(manager: Any, pks: Iterable[str], tally: Tally, *, created: bool) -> None:
    """Make a many-to-many relation exactly ``pks``; counts as a change of an existing row."""
    wanted = set(pks)
    if set(manager.values_list("pk", flat=True)) != wanted:
        manager.set(wanted)
        if not created:
            tally.updated += 1


def _load_seed_organisations(tally: Tally, report: DemoReport) -> dict[str, Organisation]:
    organisations = {}
    for seed in ORGANISATIONS:
        lookup: dict[str, Any] = {"slug": seed.slug}
        holder = Organisation.objects.filter(pic=seed.pic).first() if seed.pic else None
        if holder is not None:
            # The CORDIS import created it first: the seed takes the record over (the import
            # then only fills gaps of it), so there is one organisation, not two.
            lookup = {"pk": holder.pk}
        organisation, created = _upsert(
            Organisation, lookup, _seed_organisation_values(seed), tally
        )
        _set_m2m(organisation.industry_codes, seed.industry_codes, tally, created=created)
        organisations[seed.slug] = organisation
    report.seed_organisations = len(organisations)
    return organisations


def _seed_organisation_values(seed: SeedOrganisation) -> dict[str, Any]:
    values: dict[str, Any] = {
        "slug": seed.slug,
        "name": seed.name,
        "legal_form": seed.legal_form,
        "kind": seed.kind,
        "street": seed.street,
        "postcode": seed.postcode,
        "city": seed.city,
        "country": "DE",
        "website": seed.website,
        "description": seed.description,
        "competences": seed.competences,
        "offers": seed.offers,
        "visibility": Visibility.PUBLIC,
        "source": DataSource.SEED,
        "source_note": seed.source_note,
        "is_fictitious": False,
    }
    if seed.pic:
        values["pic"] = seed.pic
    if not seed.postcode:
        # Without a postcode nothing derives the district; it is set by hand (or left empty).
        values["district_id"] = seed.district_ags or None
    return values


def _load_people(
    organisations: dict[str, Organisation], tally: Tally, report: DemoReport
) -> dict[str, Person]:
    people = {}
    for seed in PEOPLE:
        organisation = organisations[seed.organisation] if seed.organisation else None
        people[seed.key], _created = _upsert(
            Person,
            {
                "first_name": seed.first_name,
                "last_name": seed.last_name,
                "organisation": organisation,
            },
            {
                "title": seed.title,
                "function": seed.function,
                "email": seed.email,
                "phone": seed.phone,
                "lawful_basis": LawfulBasis.LEGITIMATE_INTEREST,
                "basis_note": seed.basis_note,
                "visibility": Visibility.PUBLIC if seed.public else Visibility.MEMBERS,
                "email_visibility": Visibility.MEMBERS,
                "phone_visibility": Visibility.MEMBERS,
            },
            tally,
        )
    report.people = len(people)
    return people


def _load_network(
    seed: SeedNetwork,
    organisations: dict[str, Organisation],
    people: dict[str, Person],
    tally: Tally,
    report: DemoReport,
) -> Network:
    network, created = _upsert(
        Network,
        {"slug": seed.slug},
        {
            "name": seed.name,
            "short_name": seed.short_name,
            "kind": seed.kind,
            "region_name": seed.region_name,
            "description": seed.description,
            "founded_on": seed.founded_on,
            "founding_note": seed.founding_note,
            "website": seed.website,
            "source_note": seed.source_note,
        },
        tally,
    )
    _set_m2m(network.districts, seed.district_ags, tally, created=created)
    for position, focus in enumerate(seed.focus_industries):
        industry, created = _upsert(
            FocusIndustry, {"network": network, "label": focus.label}, {"position": position}, tally
        )
        _set_m2m(industry.industry_codes, focus.industry_codes, tally, created=created)
    for service in seed.services:
        _upsert(
            NetworkService,
            {"network": network, "kind": service.kind},
            {"description": service.description},
            tally,
        )
    for position, role in enumerate(seed.roles):
        _upsert(
            NetworkRole,
            {
                "network": network,
                "kind": role.kind,
                "organisation": organisations[role.organisation] if role.organisation else None,
                "person": people[role.person] if role.person else None,
            },
            {"note": role.note, "position": position},
            tally,
        )
    for member in seed.members:
        _upsert(
            Membership,
            {"organisation": organisations[member.organisation], "network": network},
            {"status": MembershipStatus.ACTIVE, "fee_category": member.fee_category},
            tally,
        )
    report.networks += 1
    report.roles += len(seed.roles)
    report.memberships += len(seed.members)
    report.members_by_network[seed.slug] = len(seed.members)
    return network


def _load_fictitious_members(
    networks: dict[str, Network], tally: Tally, report: DemoReport
) -> dict[str, Organisation]:
    """Generate, store and enrol the fictitious members of every network."""
    by_external_id = {}
    for slug, profile in PROFILES.items():
        network = networks[slug]
        ags = set(network.districts.values_list("ags", flat=True))
        options = [
            PostcodeOption(code=p.code, place=p.place, district_ags=p.district_id)
            for p in Postcode.objects.filter(code__in=profile.postcodes, district_id__in=ags)
        ]
        for member in generate_members(profile, options):
            organisation, created = _upsert_fictitious(member, tally)
            _set_m2m(organisation.industry_codes, member.industry_codes, tally, created=created)
            _upsert(
                Membership,
                {"organisation": organisation, "network": network},
                {
                    "status": MembershipStatus.ACTIVE,
                    "since": member.member_since,
                    "fee_category": member.fee_category,
                },
                tally,
            )
            by_external_id[member.external_id] = organisation
            report.members_by_network[slug] += 1
            report.memberships += 1
    report.fictitious_organisations = len(by_external_id)
    return by_external_id


def _load_prospects(networks: dict[str, Network], tally: Tally) -> int:
    """Fictitious organisations in a network's region that are no members (white spots)."""
    count = 0
    for slug, profile in PROSPECTS.items():
        ags = set(networks[slug].districts.values_list("ags", flat=True))
        options = [
            PostcodeOption(code=p.code, place=p.place, district_ags=p.district_id)
            for p in Postcode.objects.filter(code__in=profile.postcodes, district_id__in=ags)
        ]
        for prospect in generate_members(profile, options):
            organisation, created = _upsert_fictitious(prospect, tally)
            _set_m2m(organisation.industry_codes, prospect.industry_codes, tally, created=created)
            count += 1
    return count


def _upsert_fictitious(member: FictitiousOrganisation, tally: Tally) -> tuple[Organisation, bool]:
    lookup = {"source": DataSource.FICTITIOUS, "external_id": member.external_id}
    values = {
        "name": member.name,
        "legal_form": member.legal_form,
        "kind": member.kind,
        "employees": member.employees,
        "size_band": member.size_band,
        "street": "",
        "postcode": member.postcode,
        "city": member.city,
        "country": "DE",
        "description": member.description,
        "competences": member.competences,
        "equipment": member.equipment,
        "references": member.references,
        "offers": member.offers,
        "visibility": Visibility.PUBLIC,
        "source_note": FICTITIOUS_SOURCE_NOTE,
        "is_fictitious": True,
    }
    if not Organisation.objects.filter(**lookup).exists():
        values["slug"] = unique_slug(member.name)
    return _upsert(Organisation, lookup, values, tally)


def _load_users(
    networks: dict[str, Network], fictitious: dict[str, Organisation], tally: Tally
) -> list[DemoLogin]:
    logins = [
        _upsert_user(ADMIN_USERNAME, {"is_staff": True, "is_superuser": True}, "admin", "", tally)
    ]
    for slug, network in networks.items():
        login = _upsert_user(
            f"manager-{slug}",
            {"is_staff": True, "is_superuser": False},
            "manager",
            str(network),
            tally,
        )
        user = User.objects.get(username=login.username)
        if not user.managed_networks.filter(pk=network.pk).exists():
            user.managed_networks.add(network)
            if not login.created:
                tally.updated += 1
        logins.append(login)
    # fictitious people of fictitious member organisations
    for username, key, first_name, last_name in (
        (MEMBER_USERNAME, MEMBER_ORGANISATION, "Miriam", "Keller"),
        (INSTITUTE_USERNAME, INSTITUTE_ORGANISATION, "Jonas", "Brandt"),
    ):
        organisation = fictitious[key]
        logins.append(
            _upsert_user(
                username,
                {
                    "is_staff": False,
                    "is_superuser": False,
                    "organisation": organisation,
                    "first_name": first_name,
                    "last_name": last_name,
                },
                "member",
                organisation.name,
                tally,
            )
        )
    return logins


def _load_needs(fictitious: dict[str, Organisation]) -> int:
    institutes = [fictitious[INSTITUTE_ORGANISATION]]
    institutes += list(Organisation.objects.filter(slug=ROUTED_INSTITUTE_SLUG))
    return load_demo_needs(
        asker=User.objects.get(username=MEMBER_USERNAME),
        manager=User.objects.get(username="manager-imkk"),
        institute_user=User.objects.get(username=INSTITUTE_USERNAME),
        institutes=institutes,
    )


def _load_events(fictitious: dict[str, Organisation], report: DemoReport) -> int:
    created, logins = load_demo_events(
        manager=User.objects.get(username="manager-imkk"),
        member=User.objects.get(username=MEMBER_USERNAME),
        institute_user=User.objects.get(username=INSTITUTE_USERNAME),
        fictitious=fictitious,
        password=DEMO_PASSWORD,
    )
    report.logins += [
        DemoLogin(user.username, "member", str(user.organisation), new) for user, new in logins
    ]
    return created


def _load_startups(report: DemoReport, tally: Tally) -> int:
    """The start-ups and investors (nahwerk.demo.startups), and a login for each side."""
    created = demo_startups.load_demo_startups()
    for username, organisation, first_name, last_name in (
        (
            demo_startups.STARTUP_USERNAME,
            Organisation.objects.filter(external_id=demo_startups.STARTUP_ORGANISATION).first(),
            "Lea",
            "Hartmann",
        ),
        (
            demo_startups.FUND_USERNAME,
            Organisation.objects.filter(slug=demo_startups.HANNOVER_IMPULS).first(),
            "Daniel",
            "Schröder",
        ),
    ):
        if organisation is None:
            continue
        values = {
            "is_staff": False,
            "is_superuser": False,
            "organisation": organisation,
            "first_name": first_name,
            "last_name": last_name,
        }
        login = _upsert_user(username, values, "member", organisation.name, tally)
        report.logins.append(login)
    return created


def _upsert_user(
    username: str, values: dict[str, Any], role: str, scope: str, tally: Tally
) -> DemoLogin:
    user = User.objects.filter(username=username).first()
    created = user is None
    if user is None:
        user = User(username=username, email=f"{username}@example.org", **values)
        user.set_password(DEMO_PASSWORD)
        user.save()
        tally.created += 1
    else:
        changed = {k: v for k, v in values.items() if getattr(user, k) != v}
        if changed:
            for name, value in changed.items():
                setattr(user, name, value)
            user.save(update_fields=list(changed))
            tally.updated += 1
    return DemoLogin(username=username, role=role, scope=scope, created=created)
