"""A network's key figures for a period: members, needs, projects, events and B2B meetings.

Every figure comes from a fixed number of aggregate queries (about fifteen, whatever the
size of the network); nothing is counted member by member in Python. Times are local
(``TIME_ZONE``): a need posted at 23:30 on 31 March belongs to March.

Definitions (also written in ``docs/analytics.md``):

- *member on a day*: a membership that is not merely applied for, began on or before that
  day (or has no start date) and ends on or after it (no end date: still running; an
  ended membership without an end date no longer counts);
- *joined* / *left*: the membership's start / end date lies in the period;
- *needs*: posted in the period, brokered by the network; *routed*: passed to at least one
  organisation; *answered*: has a first answer; *cooperation started*: reached the status
  "cooperation started" at some point; time to first answer: from the first routing to the
  first answer;
- *projects*: the network's projects entered on the platform; by status now; *submitted*
  (with the amount requested) and *granted* (with the amount granted) by the dates
  entered for submission and decision;
- *events held*: published events the network organised that began in the period and have
  ended; *participants*: their confirmed registrations; *members' share*: of those, the
  registrations of organisations that were members on the event's first day;
- *B2B meetings requested*: meeting requests sent at the network's events in the period;
  *held*: meetings of the published schedules of the events held.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nahwerk.brokering.models import Need, NeedEvent, NeedStatus, Referral
from nahwerk.directory.choices import OrganisationKind
from nahwerk.events.choices import RegistrationStatus, RequestStatus
from nahwerk.events.models import Event, Meeting, MeetingRequest, Registration
from nahwerk.networks.choices import MembershipStatus
from nahwerk.networks.models import Membership, Network
from nahwerk.projects.choices import GRANTED_STATUSES, ProjectSource, ProjectStatus
from nahwerk.projects.models import Project

# Public figures below this are shown as "fewer than 3": a count of one or two could point
# at a single member (its need, its project, its participation).
PUBLIC_MINIMUM = 3

__all__ = [
    "PUBLIC_MINIMUM",
    "KeyFigures",
    "Period",
    "PublicFigures",
    "key_figures",
    "public_figures",
]


@dataclass(frozen=True)
class Period:
    """Whole days from ``start`` to ``end``, both included, in local time."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("the period ends before it starts")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(dt.date(year, month, 1), _month_end(year, month))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = 3 * (quarter - 1) + 1
        return cls(dt.date(year, first, 1), _month_end(year, first + 2))

    @classmethod
    def year_to_date(cls, today: dt.date) -> Period:
        return cls(dt.date(today.year, 1, 1), today)

    @property
    def starts_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.start, dt.time.min))

    @property
    def ends_before(self) -> dt.datetime:
        """The first moment after the period."""
        return timezone.make_aware(
            dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min)
        )

    def buckets(self) -> list[tuple[int, int]]:
        """The months (year, month) the period touches."""
        result = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            result.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return result

    def month_spans(self) -> list[tuple[dt.date, dt.date]]:
        """Each month's first and last day within the period."""
        return [
            (max(dt.date(y, m, 1), self.start), min(_month_end(y, m), self.end))
            for y, m in self.buckets()
        ]

    def __str__(self) -> str:
        start, end = (date_format(day, "SHORT_DATE_FORMAT") for day in (self.start, self.end))
        return f"{start}\u2013{end}"


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return following - dt.timedelta(days=1)


@dataclass(frozen=True)
class Count_:
    """One labelled count, e.g. members of one kind."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class MemberFigures:
    at_start: int
    at_end: int
    joined: int
    left: int
    by_kind: list[Count_]


@dataclass(frozen=True)
class NeedFigures:
    posted: int
    routed: int
    answered: int
    cooperation: int
    median_hours_to_first_answer: float | None


@dataclass(frozen=True)
class ProjectFigures:
    by_status: list[Count_]
    total: int
    submitted: int
    requested: Decimal
    granted: int
    granted_amount: Decimal


@dataclass(frozen=True)
class EventFigures:
    held: int
    participants: int
    member_participants: int

    @property
    def members_share(self) -> float | None:
        return self.member_participants / self.participants if self.participants else None


@dataclass(frozen=True)
class MeetingFigures:
    requested: int
    accepted: int
    held: int


@dataclass(frozen=True)
class Series:
    """Figures per month of the period, for the charts and their tables."""

    months: list[tuple[int, int]]
    members: list[int]
    joined: list[int]
    left: list[int]
    needs_posted: list[int]
    needs_answered: list[int]
    events_held: list[int]
    participants: list[int]
    meetings_held: list[int]

    @property
    def labels(self) -> list[str]:
        return [f"{month:02d}/{year}" for year, month in self.months]

    def rows(self) -> list[tuple[str, int, int, int, int, int, int, int, int]]:
        return list(
            zip(
                self.labels,
                self.members,
                self.joined,
                self.left,
                self.needs_posted,
                self.needs_answered,
                self.events_held,
                self.participants,
                self.meetings_held,
                strict=True,
            )
        )


@dataclass(frozen=True)
class KeyFigures:
    network: Network
    period: Period
    members: MemberFigures
    needs: NeedFigures
    projects: ProjectFigures
    events: EventFigures
    meetings: MeetingFigures
    series: Series


# --- members -------------------------------------------------------------------------------


def _member_on(day: dt.date, prefix: str = "") -> Q:
    """The memberships that count on ``day`` (see the module's definitions)."""
    p = prefix
    began = Q(**{f"{p}since__isnull": True}) | Q(**{f"{p}since__lte": day})
    running = Q(**{f"{p}until__gte": day}) | (
        Q(**{f"{p}until__isnull": True}) & ~Q(**{f"{p}status": MembershipStatus.ENDED})
    )
    return ~Q(**{f"{p}status": MembershipStatus.APPLIED}) & began & running


def _members(network: Network, period: Period) -> tuple[MemberFigures, dict[str, list[int]]]:
    """Members at the start, at each month's end, joined and left: one grouped query.

    Each membership falls into buckets by its dates against the days that matter (the day
    before the period, each month's last day): the first of those days on which it had
    begun (``sb``), the last on which it still ran (``ub``), the first on or after its end
    (``lb``). The database compares dates only (no date function per row) and returns at
    most one row per combination of buckets, however many members there are.
    """
    memberships = Membership.objects.filter(network=network).exclude(
        status=MembershipStatus.APPLIED
    )
    spans = period.month_spans()
    days = [period.start - dt.timedelta(days=1), *(last for _, last in spans)]
    n = len(days) - 1
    began = Case(
        When(since__isnull=True, then=Value(0)),
        *[When(since__lte=day, then=Value(k)) for k, day in enumerate(days)],
        default=Value(n + 1),
        output_field=IntegerField(),
    )
    running = Case(
        When(until__isnull=True, status=MembershipStatus.ENDED, then=Value(-1)),
        When(until__isnull=True, then=Value(n)),
        *[When(until__gte=day, then=Value(k)) for k, day in reversed(list(enumerate(days)))],
        default=Value(-1),
        output_field=IntegerField(),
    )
    ended = Case(
        When(until__isnull=True, then=Value(-1)),
        *[When(until__lte=day, then=Value(k)) for k, day in enumerate(days)],
        default=Value(n + 1),
        output_field=IntegerField(),
    )
    rows = list(
        memberships.annotate(sb=began, ub=running, lb=ended)
        .values("sb", "ub", "lb")
        .annotate(count=Count("pk"))
        .values_list("sb", "ub", "lb", "count")
    )

    def members_on(k: int) -> int:
        return sum(count for sb, ub, _, count in rows if sb <= k <= ub)

    joined = [sum(c for sb, _, _, c in rows if sb == k + 1) for k in range(n)]
    left = [sum(c for _, _, lb, c in rows if lb == k + 1) for k in range(n)]
    kinds = dict(
        memberships.filter(_member_on(period.end))
        .values("organisation__kind")
        .annotate(n=Count("pk"))
        .values_list("organisation__kind", "n")
    )
    by_kind = [
        Count_(kind.value, str(kind.label), kinds.get(kind.value, 0))
        for kind in OrganisationKind
        if kinds.get(kind.value)
    ]
    figures = MemberFigures(
        at_start=members_on(0),
        at_end=members_on(n),
        joined=sum(joined),
        left=sum(left),
        by_kind=by_kind,
    )
    return figures, {
        "members": [members_on(k) for k in range(1, n + 1)],
        "joined": joined,
        "left": left,
    }


# --- needs ---------------------------------------------------------------------------------


def _needs(network: Network, period: Period) -> tuple[NeedFigures, dict[str, list[int]]]:
    needs = Need.objects.filter(
        network=network, created_at__gte=period.starts_at, created_at__lt=period.ends_before
    )
    spans = period.month_spans()
    monthly: dict[str, Any] = {}
    for index, (first, last) in enumerate(spans):
        in_month = Q(created_at__gte=Period(first, last).starts_at) & Q(
            created_at__lt=Period(first, last).ends_before
        )
        monthly[f"p{index}"] = Count("pk", filter=in_month)
        monthly[f"a{index}"] = Count("pk", filter=in_month & Q(first_answer_at__isnull=False))
    counts = needs.annotate(
        was_routed=Exists(Referral.objects.filter(need=OuterRef("pk"))),
        cooperated=Exists(
            NeedEvent.objects.filter(need=OuterRef("pk"), status=NeedStatus.COOPERATION)
        ),
    ).aggregate(
        posted=Count("pk"),
        routed=Count("pk", filter=Q(was_routed=True)),
        answered=Count("pk", filter=Q(first_answer_at__isnull=False)),
        cooperation=Count("pk", filter=Q(cooperated=True) | Q(status=NeedStatus.COOPERATION)),
        **monthly,
    )
    waits = [
        (answered - routed).total_seconds() / 3600
        for answered, routed in needs.filter(first_answer_at__isnull=False)
        .annotate(first_routed=Min("referrals__routed_at"))
        .values_list("first_answer_at", "first_routed")
        if routed is not None and answered >= routed
    ]
    figures = NeedFigures(
        posted=counts["posted"],
        routed=counts["routed"],
        answered=counts["answered"],
        cooperation=counts["cooperation"],
        median_hours_to_first_answer=statistics.median(waits) if waits else None,
    )
    return figures, {
        "posted": [counts[f"p{i}"] for i in range(len(spans))],
        "answered": [counts[f"a{i}"] for i in range(len(spans))],
    }


# --- projects ------------------------------------------------------------------------------


def _projects(network: Network, period: Period) -> ProjectFigures:
    projects = Project.objects.filter(networks=network, source=ProjectSource.PLATFORM).filter(
        Q(created_at__isnull=True) | Q(created_at__lt=period.ends_before)
    )
    statuses = dict(projects.values("status").annotate(n=Count("pk")).values_list("status", "n"))
    in_period = {"gte": period.start, "lte": period.end}
    sums = projects.aggregate(
        submitted=Count(
            "pk",
            filter=Q(submitted_on__gte=in_period["gte"], submitted_on__lte=in_period["lte"]),
        ),
        requested=Sum(
            "requested_amount",
            filter=Q(submitted_on__gte=in_period["gte"], submitted_on__lte=in_period["lte"]),
        ),
        granted=Count(
            "pk",
            filter=Q(
                decided_on__gte=in_period["gte"],
                decided_on__lte=in_period["lte"],
                status__in=GRANTED_STATUSES,
            ),
        ),
        granted_amount=Sum(
            "granted_amount",
            filter=Q(
                decided_on__gte=in_period["gte"],
                decided_on__lte=in_period["lte"],
                status__in=GRANTED_STATUSES,
            ),
        ),
    )
    return ProjectFigures(
        by_status=[Count_(s.value, str(s.label), statuses.get(s.value, 0)) for s in ProjectStatus],
        total=sum(statuses.values()),
        submitted=sums["submitted"],
        requested=sums["requested"] or Decimal(0),
        granted=sums["granted"],
        granted_amount=sums["granted_amount"] or Decimal(0),
    )


# --- events and B2B meetings ---------------------------------------------------------------


def _held_events(network: Network, period: Period, now: dt.datetime) -> QuerySet[Event]:
    return Event.objects.filter(
        organiser=network,
        published=True,
        starts_at__gte=period.starts_at,
        starts_at__lt=period.ends_before,
        ends_at__lte=now,
    )


def _events(
    network: Network, period: Period, now: dt.datetime
) -> tuple[EventFigures, MeetingFigures, dict[str, dict]]:
    held = _held_events(network, period, now)
    # the events themselves are few (not per member): their local day and month in Python,
    # so that no row of the registrations needs a date function of the database
    days = {
        pk: timezone.localtime(starts_at).date()
        for pk, starts_at in held.values_list("pk", "starts_at")
    }
    by_event: dict[str, dict[int, int]] = {"participants": {}, "members": {}, "meetings": {}}
    if days:
        event_day = Case(
            *[When(event_id=pk, then=Value(day)) for pk, day in days.items()],
            output_field=DateField(),
        )
        # a member on the event's first day: the membership's dates against that day
        member = (
            Membership.objects.filter(network=network, organisation=OuterRef("organisation"))
            .exclude(status=MembershipStatus.APPLIED)
            .filter(
                Q(since__isnull=True) | Q(since__lte=OuterRef("event_day")),
                Q(until__gte=OuterRef("event_day"))
                | (Q(until__isnull=True) & ~Q(status=MembershipStatus.ENDED)),
            )
        )
        confirmed = Registration.objects.filter(
            event__in=list(days), status=RegistrationStatus.CONFIRMED
        )
        for row in confirmed.values("event").annotate(n=Count("pk")):
            by_event["participants"][row["event"]] = row["n"]
        # the members among them in a query of their own: as a filter, the membership test
        # becomes a semi-join (one pass over the memberships), not a sub-query per row
        members = (
            confirmed.annotate(event_day=event_day)
            .filter(Exists(member))
            .values("event")
            .annotate(n=Count("pk"))
        )
        for row in members:
            by_event["members"][row["event"]] = row["n"]
        meetings = (
            Meeting.objects.filter(
                event__in=list(days), published=True, run__published_at__isnull=False
            )
            .values("event")
            .annotate(n=Count("request", distinct=True))
        )
        by_event["meetings"] = {row["event"]: row["n"] for row in meetings}
    requests = MeetingRequest.objects.filter(
        event__organiser=network,
        created_at__gte=period.starts_at,
        created_at__lt=period.ends_before,
    ).aggregate(
        requested=Count("pk"), accepted=Count("pk", filter=Q(status=RequestStatus.ACCEPTED))
    )
    monthly: dict[str, dict[tuple[int, int], int]] = {
        "events": {},
        "participants": {},
        "meetings": {},
    }
    for pk, day in days.items():
        month = (day.year, day.month)
        monthly["events"][month] = monthly["events"].get(month, 0) + 1
        for name in ("participants", "meetings"):
            monthly[name][month] = monthly[name].get(month, 0) + by_event[name].get(pk, 0)
    return (
        EventFigures(
            held=len(days),
            participants=sum(by_event["participants"].values()),
            member_participants=sum(by_event["members"].values()),
        ),
        MeetingFigures(
            requested=requests["requested"],
            accepted=requests["accepted"],
            held=sum(by_event["meetings"].values()),
        ),
        monthly,
    )


def key_figures(network: Network, period: Period, *, now: dt.datetime | None = None) -> KeyFigures:
    """All key figures of ``network`` in ``period`` (``now``: which events have ended)."""
    now = now or timezone.now()
    members, members_series = _members(network, period)
    needs, needs_monthly = _needs(network, period)
    events, meetings, events_monthly = _events(network, period, now)
    months = period.buckets()

    def series(values: dict[tuple[int, int], int]) -> list[int]:
        return [values.get(month, 0) for month in months]

    return KeyFigures(
        network=network,
        period=period,
        members=members,
        needs=needs,
        projects=_projects(network, period),
        events=events,
        meetings=meetings,
        series=Series(
            months=months,
            members=members_series["members"],
            joined=members_series["joined"],
            left=members_series["left"],
            needs_posted=needs_monthly["posted"],
            needs_answered=needs_monthly["answered"],
            events_held=series(events_monthly["events"]),
            participants=series(events_monthly["participants"]),
            meetings_held=series(events_monthly["meetings"]),
        ),
    )


# --- the public's version ------------------------------------------------------------------


@dataclass(frozen=True)
class PublicFigure:
    key: str
    label: str
    count: int

    @property
    def shown(self) -> bool:
        return self.count >= PUBLIC_MINIMUM


@dataclass(frozen=True)
class PublicFigures:
    period: Period
    figures: list[PublicFigure]
    minimum: int = PUBLIC_MINIMUM


def public_figures(figures: KeyFigures) -> PublicFigures:
    """Counts only, no names, no amounts; a count below the minimum is not shown as such."""
    return PublicFigures(
        period=figures.period,
        figures=[
            PublicFigure("members", _("Member organisations"), figures.members.at_end),
            PublicFigure("joined", _("New members in the period"), figures.members.joined),
            PublicFigure("needs", _("Needs posted"), figures.needs.posted),
            PublicFigure(
                "cooperations", _("Cooperations started from needs"), figures.needs.cooperation
            ),
            PublicFigure("granted", _("Projects granted"), figures.projects.granted),
            PublicFigure("events", _("Events held"), figures.events.held),
            PublicFigure("participants", _("Event participants"), figures.events.participants),
            PublicFigure("meetings", _("B2B meetings held"), figures.meetings.held),
        ],
    )
