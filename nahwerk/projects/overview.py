"""The manager's project overview: counts by status, funding per period and network, export.

Platform projects count with their own amounts: requested in the period of submission,
granted in the period of the decision. EU projects from CORDIS count with the EU
contribution of the network's members (their share, not the whole project's), in the
period the project started, as granted.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from nahwerk.directory.models import Organisation
from nahwerk.networks.models import Network
from nahwerk.projects.choices import ProjectSource, ProjectStatus
from nahwerk.projects.models import FieldOfAction, Participation, Project

EU_HISTORY = "eu"


def period_of(day: dt.date | None, by: str) -> str:
    if day is None:
        return ""
    if by == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return str(day.year)


@dataclass
class ProjectRow:
    """One project as the overview and the export show it."""

    project: Project
    networks: list[Network]
    members: list[Participation]
    status_key: str
    status_label: str
    requested: Decimal | None
    granted: Decimal | None
    requested_period: str
    granted_period: str


@dataclass
class Overview:
    rows: list[ProjectRow]
    by_status: list[tuple[str, str, int]]
    funding: list[dict[str, Any]] = field(default_factory=list)
    total_requested: Decimal = Decimal(0)
    total_granted: Decimal = Decimal(0)


def rows_for(
    projects: QuerySet[Project], network_ids: set[int], *, by: str = "year"
) -> list[ProjectRow]:
    networks = {n.pk: n for n in Network.objects.filter(pk__in=network_ids)}
    members_of: dict[int, set[int]] = defaultdict(set)
    for org_id, network_id in Organisation.objects.filter(
        memberships__network__in=network_ids
    ).values_list("pk", "memberships__network"):
        members_of[org_id].add(network_id)
    for org_id, network_id in Organisation.objects.filter(
        network_roles__network__in=network_ids
    ).values_list("pk", "network_roles__network"):
        members_of[org_id].add(network_id)
    projects = projects.prefetch_related(
        "networks",
        Prefetch(
            "participations",
            queryset=Participation.objects.filter(organisation__isnull=False).select_related(
                "organisation"
            ),
        ),
    ).select_related("call", "funding_programme")
    rows = []
    for project in projects:
        parts = list(project.participations.all())
        members = [p for p in parts if p.organisation_id in members_of]
        requested: Decimal | None
        granted: Decimal | None
        if project.is_platform:
            project_networks = [n for n in project.networks.all() if n.pk in networks]
            status_key = project.status
            status_label = str(ProjectStatus(project.status).label)
            requested, granted = project.requested_amount, project.granted_amount
            requested_period = period_of(project.submitted_on, by)
            granted_period = period_of(project.decided_on, by) if granted is not None else ""
        else:
            ids = {n for p in members for n in members_of[p.organisation_id or 0]}
            project_networks = [networks[n] for n in sorted(ids) if n in networks]
            status_key = EU_HISTORY
            status_label = _("EU project (CORDIS)")
            shares = [p.eu_contribution for p in members if p.eu_contribution is not None]
            requested = None
            granted = sum(shares, Decimal(0)) if shares else None
            requested_period = ""
            granted_period = period_of(project.start_date, by) if granted is not None else ""
        rows.append(
            ProjectRow(
                project=project,
                networks=project_networks,
                members=members,
                status_key=status_key,
                status_label=status_label,
                requested=requested,
                granted=granted,
                requested_period=requested_period,
                granted_period=granted_period,
            )
        )
    return rows


def build_overview(rows: list[ProjectRow]) -> Overview:
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row.status_key] += 1
    by_status = [(s.value, str(s.label), counts.get(s.value, 0)) for s in ProjectStatus]
    by_status.append((EU_HISTORY, _("EU project (CORDIS)"), counts.get(EU_HISTORY, 0)))
    cells: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        cell_networks: list[Network | None] = [*row.networks] or [None]
        for network in cell_networks:
            name = network.name if network is not None else "\N{EN DASH}"
            for period, key, amount in (
                (row.requested_period, "requested", row.requested),
                (row.granted_period, "granted", row.granted),
            ):
                if not period or amount is None:
                    continue
                cell = cells.setdefault(
                    (period, name),
                    {
                        "period": period,
                        "network": name,
                        "requested": Decimal(0),
                        "granted": Decimal(0),
                        "projects": set(),
                    },
                )
                cell[key] += amount
                cell["projects"].add(row.project.pk)
    funding = sorted(cells.values(), key=lambda c: (c["period"], c["network"]), reverse=True)
    for cell in funding:
        cell["projects"] = len(cell["projects"])
    return Overview(
        rows=rows,
        by_status=by_status,
        funding=funding,
        total_requested=sum((r.requested for r in rows if r.requested is not None), Decimal(0)),
        total_granted=sum((r.granted for r in rows if r.granted is not None), Decimal(0)),
    )


def export_table(rows: list[ProjectRow]) -> tuple[list[str], list[list[object]]]:
    header = [
        _("Project"),
        _("Source"),
        _("Status"),
        _("Networks"),
        _("Partners from the networks"),
        _("Call or programme"),
        _("Requested funding (EUR)"),
        _("Granted funding (EUR)"),
        _("Submitted on"),
        _("Decided on"),
        _("Start"),
        _("End"),
        _("Link"),
    ]
    table: list[list[object]] = []
    for row in rows:
        project = row.project
        funding = ""
        if project.call is not None:
            funding = f"{project.call.topic_id}: {project.call.title}"
        elif project.funding_programme is not None:
            funding = str(project.funding_programme)
        elif project.source != ProjectSource.PLATFORM:
            funding = project.description
        table.append(
            [
                project.name,
                str(ProjectSource(project.source).label),
                row.status_label,
                ", ".join(n.name for n in row.networks),
                ", ".join(p.organisation.name for p in row.members if p.organisation),
                funding,
                row.requested,
                row.granted,
                project.submitted_on,
                project.decided_on,
                project.start_date,
                project.end_date,
                project.link,
            ]
        )
    return header, table


# --- Fields of action -----------------------------------------------------------------------


@dataclass
class FieldProgress:
    field: FieldOfAction
    projects_by_status: list[tuple[str, int]]
    project_count: int
    need_count: int
    event_count: int
    indicators: list[Any]


def field_progress(network: Network) -> list[FieldProgress]:
    """Each field of action of the network with its assigned work and its indicators."""
    fields = network.fields_of_action.prefetch_related("indicators", "projects")
    result = []
    for field_ in fields:
        counts: dict[str, int] = defaultdict(int)
        projects = list(field_.projects.all())
        for project in projects:
            key = project.status if project.is_platform else EU_HISTORY
            counts[key] += 1
        labels = {s.value: str(s.label) for s in ProjectStatus}
        labels[EU_HISTORY] = _("EU project (CORDIS)")
        result.append(
            FieldProgress(
                field=field_,
                projects_by_status=[(labels[k], n) for k, n in counts.items() if n],
                project_count=len(projects),
                need_count=field_.needs.count(),
                event_count=field_.events.count(),
                indicators=list(field_.indicators.all()),
            )
        )
    return result
