"""Demo platform projects and In|Die RegionRuhr's fields of action, loaded idempotently.

The projects are fictitious, marked "(Beispiel)" like the fictitious members, and taken
through the real steps of ``projects.services`` (entering, invitation, status with dates
and amounts). The fields of action of In|Die RegionRuhr name the aims its press texts of
2010 give for the regional development concept (REK); the REK itself is not published
in them, so the indicators and their targets are examples too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from auditlog.context import disable_auditlog
from django.db import transaction

from nahwerk.accounts.models import User
from nahwerk.directory.choices import OrganisationKind
from nahwerk.directory.models import Organisation
from nahwerk.networks.models import Network
from nahwerk.projects import services
from nahwerk.projects.choices import InvitationAnswer, ParticipantRole, ProjectStatus
from nahwerk.projects.models import FieldOfAction, Indicator, Project

MARKER = "(Beispiel)"
COMPANIES = (OrganisationKind.SME, OrganisationKind.COMPANY, OrganisationKind.STARTUP)
SCIENCE = (OrganisationKind.RESEARCH_INSTITUTE, OrganisationKind.UNIVERSITY)


@dataclass(frozen=True)
class DemoProject:
    network: str
    title: str
    idea: str
    # the statuses it passes through after "idea", each with its day and amount
    steps: tuple[tuple[str, dt.date, Decimal | None], ...] = ()
    partners: int = 1
    accepted: bool = True


D = dt.date
PROJECTS = (
    DemoProject(
        "imkk",
        f"Keramische Heißgasfilter für Brennöfen {MARKER}",
        "Filterkerzen aus poröser Keramik reinigen die Abgase der Brennöfen bei bis zu "
        "900 °C; ein Mitgliedsunternehmen entwickelt sie mit einem Institut der Region.",
        (
            ("forming", D(2024, 6, 3), None),
            ("submitted", D(2024, 9, 16), Decimal(380000)),
            ("granted", D(2025, 2, 10), Decimal(310000)),
            ("running", D(2025, 4, 1), None),
        ),
    ),
    DemoProject(
        "imkk",
        f"Recycling von Keramikbruch zu Schamotte {MARKER}",
        "Bruch aus der Produktion wird gemahlen und als Schamotte wieder eingesetzt.",
        (
            ("forming", D(2025, 1, 20), None),
            ("submitted", D(2025, 5, 30), Decimal(220000)),
        ),
        partners=2,
    ),
    DemoProject(
        "imkk",
        f"Inline-Sensorik für die Kunststoff-Extrusion {MARKER}",
        "Messung der Wanddicke während der Extrusion, um Ausschuss zu vermeiden.",
        (("forming", D(2025, 9, 1), None),),
        accepted=False,
    ),
    DemoProject(
        "indie-regionruhr",
        f"Vorausschauende Instandhaltung in der Produktion {MARKER}",
        "Zustandsdaten von Werkzeugmaschinen sagen Ausfälle voraus; ein Zulieferer und "
        "eine Hochschule der Region erproben es in der Fertigung.",
        (
            ("forming", D(2023, 10, 2), None),
            ("submitted", D(2024, 1, 15), Decimal(450000)),
            ("granted", D(2024, 5, 6), Decimal(405000)),
        ),
    ),
    DemoProject(
        "indie-regionruhr",
        f"Wasserstoffbrenner für Schmiedeöfen {MARKER}",
        "Umstellung eines Schmiedeofens von Erdgas auf Wasserstoff.",
        (
            ("forming", D(2024, 2, 1), None),
            ("submitted", D(2024, 4, 30), Decimal(600000)),
            ("rejected", D(2024, 9, 12), None),
        ),
    ),
    DemoProject(
        "indie-regionruhr",
        f"Leichtbau für Zulieferer des Handwerks {MARKER}",
        "Idee: Faserverbund-Bauteile für kleine Serien im Handwerk.",
    ),
    DemoProject(
        "smarterz",
        f"Smarte Textilien für die Maschinenüberwachung {MARKER}",
        "Gewebe mit eingewebten Sensoren melden Verschleiß an Maschinen.",
        (
            ("forming", D(2021, 3, 1), None),
            ("submitted", D(2021, 6, 1), Decimal(290000)),
            ("granted", D(2021, 11, 15), Decimal(260000)),
            ("running", D(2022, 1, 1), None),
            ("finished", D(2024, 12, 31), None),
        ),
    ),
)

# German quotation marks and dashes, as the press texts print them
REK_SOURCE = (
    "Presse-Info WFG Herne, 22. Januar 2010 („Neue Netzwerk-Initiative startet“); "
    "Wirtschaftsförderung Dortmund, 2010 („Zusage eingetroffen: Land fördert Netzwerk "
    "‚In|Die RegionRuhr‘“)"  # noqa: RUF001
)
# (title, goal as the press texts put it, indicators: name, unit, target, current)
FIELDS = (
    (
        "Innovationen anstoßen",
        "„Wirtschaft und Wissenschaft miteinander verbinden, Innovationen anstoßen“ – "  # noqa: RUF001
        "die Potenziale von Unternehmen, Hochschulen und Forschungseinrichtungen im "
        "Produktions-/Dienstleistungsverbund bündeln.",
        ((f"Kooperationsprojekte Unternehmen–Hochschule {MARKER}", "Projekte", 10, 3),),  # noqa: RUF001
    ),
    (
        "Nachfrageorientierung",
        "„Wir erkunden den Bedarf der Unternehmen und tragen diesen direkt in die "
        "Hochschulen der Region.“",
        ((f"Vermittelte Bedarfe {MARKER}", "Bedarfe", 40, 12),),
    ),
    (
        "Fördermittel akquirieren und Kooperationsprojekte fördern",
        "„Fördermittel zu akquirieren und Kooperationsprojekte zu fördern“.",
        ((f"Eingeworbene Fördermittel {MARKER}", "EUR", 1_000_000, 405_000),),
    ),
    (
        "Neue Märkte erschließen",
        "„neue Märkte zu erschließen“ – mit Branchentreffen, gemeinsamen Messeauftritten "  # noqa: RUF001
        "und Unternehmerreisen, wie das Netzwerk sie seit 2008 organisiert.",
        ((f"Gemeinsame Messeauftritte und Unternehmerreisen {MARKER}", "Auftritte", 4, 1),),
    ),
)


def _members(network: Network, kinds: tuple[str, ...]) -> list[Organisation]:
    return list(
        Organisation.objects.filter(
            memberships__network=network, is_fictitious=True, kind__in=kinds
        ).order_by("pk")
    )


def load_demo_projects(*, imkk_member: User, imkk_institute: User) -> int:
    """Create the demo projects and fields of action if missing; returns how many."""
    created = 0
    networks = {n.slug: n for n in Network.objects.filter(slug__in={p.network for p in PROJECTS})}
    for index, demo in enumerate(PROJECTS):
        network = networks.get(demo.network)
        if network is None or Project.objects.filter(title=demo.title).exists():
            continue
        manager = User.objects.filter(managed_networks=network).order_by("pk").first()
        if manager is None:
            continue
        if demo.network == "imkk" and index == 0:
            lead = imkk_member.organisation
            partners = [imkk_institute.organisation]
        else:
            companies, science = _members(network, COMPANIES), _members(network, SCIENCE)
            if not companies or not science:
                continue
            lead = companies[index % len(companies)]
            partners = [science[(index + n) % len(science)] for n in range(demo.partners)]
            partners = list(dict.fromkeys(partners))
        if lead is None or any(p is None for p in partners):
            continue
        with transaction.atomic():
            _create(demo, network, manager, lead, [p for p in partners if p is not None])
        created += 1
    created += _load_fields()
    return created


def _create(
    demo: DemoProject,
    network: Network,
    manager: User,
    lead: Organisation,
    partners: list[Organisation],
) -> None:
    project = services.create_project(
        user=manager,
        data=services.ProjectInput(
            title=demo.title,
            idea=demo.idea,
            networks=(network,),
            partners=(
                services.PartnerInput(lead, ParticipantRole.COORDINATOR),
                *(services.PartnerInput(p, ParticipantRole.PARTNER) for p in partners),
            ),
        ),
        check_networks=False,
    )
    if demo.accepted:
        # the demo's partners have no users of their own to answer for them
        first = demo.steps[0][1] if demo.steps else None
        project.participations.update(answer=InvitationAnswer.ACCEPTED, answered_at=None)
        if first is not None:
            Project.objects.filter(pk=project.pk).update(
                created_at=dt.datetime.combine(first, dt.time(9), tzinfo=dt.UTC)
            )
    for status, day, amount in demo.steps:
        project = services.change_status(
            user=manager, project=project, status=status, on=day, amount=amount
        )
    assert project.status in ProjectStatus.values


def _load_fields() -> int:
    network = Network.objects.filter(slug="indie-regionruhr").first()
    if network is None:
        return 0
    created = 0
    with disable_auditlog():
        for order, (title, goal, indicators) in enumerate(FIELDS, start=1):
            field, new = FieldOfAction.objects.get_or_create(
                network=network,
                title=title,
                defaults={"goal": goal, "source_note": REK_SOURCE, "order": order},
            )
            created += int(new)
            if not new:
                continue
            for position, (name, unit, target, current) in enumerate(indicators, start=1):
                Indicator.objects.create(
                    field=field,
                    name=name,
                    unit=unit,
                    target=Decimal(target),
                    current=Decimal(current),
                    order=position,
                )
        fields = {f.title: f for f in network.fields_of_action.all()}
        for project in Project.objects.filter(networks=network, title__endswith=MARKER):
            title = (
                "Fördermittel akquirieren und Kooperationsprojekte fördern"
                if project.status != ProjectStatus.IDEA
                else "Innovationen anstoßen"
            )
            if title in fields:
                fields[title].projects.add(project)
    return created
