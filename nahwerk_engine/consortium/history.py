"""The cooperation history: projects, their participants and the organisation-project graph."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import scipy.sparse as sp

__all__ = ["ConsortiumHistory", "Participation", "decimal_year"]

COORDINATOR = "coordinator"


@dataclass(frozen=True, slots=True)
class Participation:
    """One organisation's part in one project, as the history records it.

    ``themes`` are the project's programme parts (e.g. ``("SC5",)``); every participation
    of a project should carry the same start and themes, the first one seen wins.
    """

    project_id: str
    organisation_id: str
    role: str = "participant"
    org_type: str = ""
    country: str = ""
    start: date | None = None
    themes: tuple[str, ...] = ()


def decimal_year(day: date) -> float:
    """The date as a fractional year, so that ages can be measured in years.

    >>> decimal_year(date(2019, 1, 1))
    2019.0
    >>> round(decimal_year(date(2019, 7, 2)), 2)
    2019.5
    """
    return day.year + (day.timetuple().tm_yday - 1) / 365.25


@dataclass(frozen=True, eq=False)
class ConsortiumHistory:
    """Projects and participants, indexed for graph computations.

    Organisations and projects are numbered ``0..n-1``; ``incidence`` is the
    organisation x project 0/1 matrix of the bipartite cooperation graph (CSR), and
    ``incidence_t`` its transpose (also CSR, so that the participants of a project are one
    row). Projects are ordered by start date. Build it with :meth:`from_participations`.
    """

    organisation_ids: tuple[str, ...]
    org_types: tuple[str, ...]
    org_countries: tuple[str, ...]
    project_ids: tuple[str, ...]
    project_starts: tuple[date, ...]
    project_themes: tuple[frozenset[str], ...]
    project_leads: np.ndarray  # organisation index of the coordinator, -1 when none
    incidence: sp.csr_matrix
    incidence_t: sp.csr_matrix
    _index: dict[str, int] = field(repr=False)

    @classmethod
    def from_participations(
        cls,
        participations: Iterable[Participation],
        *,
        themes: Mapping[str, Sequence[str]] | None = None,
    ) -> ConsortiumHistory:
        """Index a list of participations.

        Parameters
        ----------
        participations
            The rows of the history. Rows without a start date are skipped: a project
            that cannot be placed in time cannot be used without looking into the future.
        themes
            Programme parts by project id, for sources that keep them apart from the
            participations; they are added to the themes the rows carry.

        Notes
        -----
        O(n log n) for n participations. An organisation's type and country are taken
        from its most recent participation that names them.
        """
        starts: dict[str, date] = {}
        project_themes: dict[str, set[str]] = {}
        members: dict[str, dict[str, str]] = {}
        attributes: dict[str, tuple[date, str, str]] = {}
        for row in participations:
            if row.start is None:
                continue
            starts.setdefault(row.project_id, row.start)
            project_themes.setdefault(row.project_id, set()).update(t for t in row.themes if t)
            roles = members.setdefault(row.project_id, {})
            if row.role == COORDINATOR or row.organisation_id not in roles:
                roles[row.organisation_id] = row.role
            known = attributes.get(row.organisation_id)
            if known is None or row.start >= known[0]:
                org_type = row.org_type or (known[1] if known else "")
                country = row.country or (known[2] if known else "")
                attributes[row.organisation_id] = (row.start, org_type, country)
        for project_id, extra in (themes or {}).items():
            if project_id in project_themes:
                project_themes[project_id].update(t for t in extra if t)

        project_ids = sorted(starts, key=lambda p: (starts[p], p))
        organisation_ids = sorted(attributes)
        index = {org: i for i, org in enumerate(organisation_ids)}
        rows: list[int] = []
        cols: list[int] = []
        leads = np.full(len(project_ids), -1, dtype=np.int64)
        for j, project_id in enumerate(project_ids):
            for org, role in sorted(members[project_id].items()):
                rows.append(index[org])
                cols.append(j)
                if role == COORDINATOR and leads[j] < 0:
                    leads[j] = index[org]
        incidence = sp.csr_matrix(
            (np.ones(len(rows)), (np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64))),
            shape=(len(organisation_ids), len(project_ids)),
        )
        return cls(
            organisation_ids=tuple(organisation_ids),
            org_types=tuple(attributes[o][1] for o in organisation_ids),
            org_countries=tuple(attributes[o][2] for o in organisation_ids),
            project_ids=tuple(project_ids),
            project_starts=tuple(starts[p] for p in project_ids),
            project_themes=tuple(frozenset(project_themes[p]) for p in project_ids),
            project_leads=leads,
            incidence=incidence,
            incidence_t=incidence.T.tocsr(),
            _index=index,
        )

    @property
    def n_organisations(self) -> int:
        """Number of organisations with at least one project."""
        return len(self.organisation_ids)

    @property
    def n_projects(self) -> int:
        """Number of projects."""
        return len(self.project_ids)

    @property
    def latest_start(self) -> date | None:
        """Start of the most recent project, ``None`` for an empty history."""
        return self.project_starts[-1] if self.project_starts else None

    def index_of(self, organisation_id: str) -> int:
        """Index of an organisation, -1 when the history does not know it."""
        return self._index.get(organisation_id, -1)

    def project_times(self) -> np.ndarray:
        """Start of every project as a fractional year (see :func:`decimal_year`)."""
        return np.array([decimal_year(d) for d in self.project_starts], dtype=np.float64)

    def participants(self, project: int) -> np.ndarray:
        """Organisation indices of one project's participants, the coordinator included."""
        t = self.incidence_t
        return t.indices[t.indptr[project] : t.indptr[project + 1]]

    def projects_of(self, organisation: int) -> np.ndarray:
        """Project indices of one organisation, oldest first."""
        m = self.incidence
        return np.sort(m.indices[m.indptr[organisation] : m.indptr[organisation + 1]])

    def before(self, day: date) -> ConsortiumHistory:
        """The history as it was known on ``day``: only projects that started earlier.

        Organisations left without a project are dropped and everything is renumbered; an
        organisation keeps the type and country of the full history (CORDIS never changes
        them). O(nnz).
        """
        keep = np.array([start < day for start in self.project_starts], dtype=bool)
        if keep.all():
            return self
        projects = np.flatnonzero(keep)
        sub = self.incidence[:, projects]
        active = np.flatnonzero(np.diff(sub.tocsr().indptr) > 0)
        sub = sub[active, :].tocsr()
        renumber = np.full(self.n_organisations, -1, dtype=np.int64)
        renumber[active] = np.arange(len(active))
        leads = self.project_leads[projects]
        leads = np.where(leads >= 0, renumber[np.maximum(leads, 0)], -1)
        organisation_ids = tuple(self.organisation_ids[i] for i in active)
        return ConsortiumHistory(
            organisation_ids=organisation_ids,
            org_types=tuple(self.org_types[i] for i in active),
            org_countries=tuple(self.org_countries[i] for i in active),
            project_ids=tuple(self.project_ids[j] for j in projects),
            project_starts=tuple(self.project_starts[j] for j in projects),
            project_themes=tuple(self.project_themes[j] for j in projects),
            project_leads=leads,
            incidence=sub,
            incidence_t=sub.T.tocsr(),
            _index={org: i for i, org in enumerate(organisation_ids)},
        )
