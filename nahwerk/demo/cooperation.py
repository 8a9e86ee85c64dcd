"""The demo's cooperation history: finished and running joint projects of the members.

The fictitious members have no EU project history, so without these the cooperation
graph of a demo network would be a handful of dots. Each network gets joint projects,
seeded so that every load gives the same: most within a few groups of members (so that
the graph has communities), some across them (bridges), some with a partner outside the
network (ties across the border), and a few members with none (isolated). They are
platform projects in the states that count as cooperation (running, finished), marked
"(Beispiel)" like every fictitious thing of the demo.
"""

from __future__ import annotations

import datetime as dt
import random

from auditlog.context import disable_auditlog
from django.db import transaction
from django.db.models import Q

from nahwerk.accounts.models import User
from nahwerk.directory.choices import OrganisationKind
from nahwerk.directory.models import Organisation
from nahwerk.networks.choices import MembershipStatus
from nahwerk.networks.models import Network
from nahwerk.projects.choices import (
    InvitationAnswer,
    ParticipantRole,
    ProjectSource,
    ProjectStatus,
)
from nahwerk.projects.models import Participation, Project

MARKER = "(Beispiel)"
PREFIX = "Verbundprojekt"
SEED = 2013
TOPICS = (
    "Energieeffiziente Fertigung",
    "Digitale Qualitätssicherung",
    "Sensorik für die Prozessüberwachung",
    "Kreislaufwirtschaft in der Produktion",
    "Additive Fertigung von Ersatzteilen",
    "Leichtbau-Demonstrator",
    "KI-gestützte Instandhaltung",
    "Prozesswärme aus Wasserstoff",
    "Oberflächen mit neuen Funktionen",
    "Gemeinsame Prüfstandsnutzung",
    "Automatisierte Montage kleiner Serien",
    "Werkstoffdatenbank der Region",
)
GROUP_SIZE = 6
ISOLATED = 2  # members left without a joint project
# Joint projects on production topics are for makers, builders, utilities, IT, engineering
# and research, education: not for a beauty salon or a bakery shop (WZ sections).
PROJECT_SECTIONS = ("C", "D", "E", "F", "J", "M", "P")


def _off_topic_ids() -> set[int]:
    """Organisations whose WZ codes are all outside the sections that such projects need."""
    technical = Q(kind__in=(OrganisationKind.UNIVERSITY, OrganisationKind.RESEARCH_INSTITUTE)) | Q(
        industry_codes__section__in=PROJECT_SECTIONS
    )
    return set(
        Organisation.objects.filter(industry_codes__isnull=False)
        .exclude(pk__in=Organisation.objects.filter(technical).values("pk"))
        .values_list("pk", flat=True)
    )


def _partners_outside(network: Network) -> list[Organisation]:
    """Organisations of the demo that are not members: other networks' members, seeds."""
    return list(
        Organisation.objects.filter(
            Q(memberships__status=MembershipStatus.ACTIVE) | Q(network_roles__isnull=False)
        )
        .exclude(memberships__network=network)
        .exclude(pk__in=_off_topic_ids())
        .distinct()
        .order_by("pk")[:40]
    )


def load_demo_cooperation() -> int:
    """Create the joint projects if missing; returns how many."""
    created = 0
    for network in Network.objects.order_by("slug"):
        if Project.objects.filter(
            networks=network, title__startswith=PREFIX, title__endswith=MARKER
        ).exists():
            continue
        members = list(
            Organisation.objects.filter(
                memberships__network=network, memberships__status=MembershipStatus.ACTIVE
            ).order_by("pk")
        )
        if len(members) < 6:
            continue
        manager = User.objects.filter(managed_networks=network).order_by("pk").first()
        rng = random.Random(f"{SEED}-{network.slug}")
        rng.shuffle(members)
        # members whose trade has no place in these projects are the ones left without
        off_topic = _off_topic_ids()
        members.sort(key=lambda organisation: organisation.pk in off_topic)
        active, _isolated = members[:-ISOLATED], members[-ISOLATED:]
        groups = [active[i : i + GROUP_SIZE] for i in range(0, len(active), GROUP_SIZE)]
        groups = [g for g in groups if len(g) >= 2] or [active]
        outside = _partners_outside(network)
        with transaction.atomic(), disable_auditlog():
            for number in range(len(active) + len(groups) * 2):
                group = groups[number % len(groups)]
                team = rng.sample(group, k=min(len(group), rng.choice((2, 2, 3, 3, 4))))
                if number % 5 == 4 and len(groups) > 1:  # a bridge into the next group
                    team.append(rng.choice(groups[(number + 1) % len(groups)]))
                if outside and number % 3 == 0:  # a partner outside the network
                    team.append(rng.choice(outside))
                team = list(dict.fromkeys(team))
                created += _project(network, manager, number, team, rng)
    return created


def _project(
    network: Network,
    manager: User | None,
    number: int,
    team: list[Organisation],
    rng: random.Random,
) -> int:
    start = dt.date(2016 + rng.randrange(9), 1 + rng.randrange(12), 1)
    end = start + dt.timedelta(days=365 * rng.choice((1, 2, 3)))
    finished = end < dt.date(2025, 6, 30)
    topic = TOPICS[number % len(TOPICS)]
    name = network.short_name or network.name
    project = Project.objects.create(
        source=ProjectSource.PLATFORM,
        status=ProjectStatus.FINISHED if finished else ProjectStatus.RUNNING,
        title=f"{PREFIX} {topic} {number + 1} – {name} {MARKER}",  # noqa: RUF001
        objective=(
            f"{topic}: gemeinsames Vorhaben von {len(team)} Partnern aus dem Netzwerk "
            f"{name} und seinem Umfeld (fiktives Beispiel für das Kooperationsnetz)."
        ),
        start_date=start,
        end_date=end,
        created_by=manager,
        created_at=dt.datetime.combine(start, dt.time(9), tzinfo=dt.UTC),
    )
    project.networks.add(network)
    Participation.objects.bulk_create(
        Participation(
            project=project,
            organisation=organisation,
            role=ParticipantRole.COORDINATOR if i == 0 else ParticipantRole.PARTNER,
            answer=InvitationAnswer.ACCEPTED,
        )
        for i, organisation in enumerate(team)
    )
    return 1
