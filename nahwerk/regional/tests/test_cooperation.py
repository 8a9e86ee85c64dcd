"""The cooperation network on the database: ties, the page, introductions and the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from conftest import World, login
from nahwerk.brokering.models import EventKind, Need, NeedEvent, Referral
from nahwerk.directory.models import Organisation
from nahwerk.directory.tests.factories import (
    CordisOrganisationFactory,
    OrganisationFactory,
    PersonFactory,
)
from nahwerk.events.models import (
    Meeting,
    MeetingRequest,
    Registration,
    ScheduleRun,
    Slot,
    Table,
)
from nahwerk.events.tests.factories import EventFactory
from nahwerk.networks.tests.factories import MembershipFactory
from nahwerk.projects.models import Participation, Project
from nahwerk.regional import cooperation
from nahwerk.regional.cooperation import Period, TieKind
from nahwerk.regional.models import Introduction

pytestmark = pytest.mark.django_db

PAGE = "/regionen/netzwerke/nord/kooperationen/"
SEND = "/regionen/netzwerke/nord/kooperationen/vorstellen/"
API = "/api/regional/networks/nord/cooperation/"


def project(
    partners: list[Organisation],
    *,
    source: str = "cordis",
    status: str = "",
    start: dt.date = dt.date(2019, 1, 1),
    end: dt.date = dt.date(2021, 12, 31),
    answer: str = "",
) -> Project:
    p = Project.objects.create(
        source=source,
        status=status,
        title=f"Projekt {Project.objects.count()}",
        start_date=start,
        end_date=end,
    )
    for i, organisation in enumerate(partners):
        Participation.objects.create(
            project=p,
            organisation=organisation,
            pic=None if source == "platform" else f"{p.pk}{i:03d}",
            role="coordinator" if i == 0 else "participant",
            answer=answer,
        )
    return p


def b2b_meeting(world: World, a: Organisation, b: Organisation, *, days_ago: int) -> Meeting:
    start = timezone.now() - dt.timedelta(days=days_ago)
    event = EventFactory(
        organiser=world.north, kind="b2b", starts_at=start, ends_at=start + dt.timedelta(hours=4)
    )
    regs = [
        Registration.objects.create(
            event=event, user=user, organisation=org, status="confirmed", price_charged=Decimal(0)
        )
        for user, org in ((world.carla, a), (world.alice, b))
    ]
    request = MeetingRequest.objects.create(
        event=event, requester=regs[0], recipient=regs[1], status="accepted"
    )
    run = ScheduleRun.objects.create(
        event=event, method="test", value=1, upper_bound=1, gap=0, seconds=0.1
    )
    slot = Slot.objects.create(
        event=event, index=1, starts_at=start, ends_at=start + dt.timedelta(minutes=20)
    )
    table = Table.objects.create(event=event, index=1, name="Tisch 1")
    return Meeting.objects.create(
        run=run, event=event, request=request, slot=slot, table=table, published=True
    )


def brokered(world: World, asker: Organisation, partner: Organisation, response: str) -> Need:
    need = Need.objects.create(
        organisation=asker,
        network=world.north,
        created_by=world.carla,
        title="Wir suchen ein Labor",
        description="Für Dilatometrie.",
        posting="named",
        status="cooperation",
    )
    Referral.objects.create(
        need=need, organisation=partner, response=response, responded_at=timezone.now()
    )
    NeedEvent.objects.create(
        need=need,
        kind=EventKind.STATUS,
        actor=world.alice,
        actor_role="manager",
        status="cooperation",
    )
    return need


@pytest.fixture
def ties(world: World) -> World:
    """North: public and private member work together; a third member has no tie."""
    world.third = OrganisationFactory(name="Nord Drittfirma GmbH", slug="nord-dritt")
    MembershipFactory(organisation=world.third, network=world.north)
    world.bologna = CordisOrganisationFactory(name="UNIVERSITA DI BOLOGNA")
    project([world.north_public, world.north_private, world.bologna])
    return world


def test_eu_project_partners_are_tied_members_and_beyond_the_border(ties: World) -> None:
    found, members = cooperation.gather_ties(ties.north, Period())
    w = ties
    assert members == {w.north_public.pk, w.north_private.pk, w.third.pk}
    pairs = {(frozenset((t.a, t.b)), t.kind) for t in found}
    assert pairs == {
        (frozenset((w.north_public.pk, w.north_private.pk)), TieKind.EU_PROJECT),
        (frozenset((w.north_public.pk, w.bologna.pk)), TieKind.EU_PROJECT),
        (frozenset((w.north_private.pk, w.bologna.pk)), TieKind.EU_PROJECT),
    }


def test_the_period_keeps_projects_that_overlap_it(ties: World) -> None:
    assert len(cooperation.gather_ties(ties.north, Period(2021, 2024))[0]) == 3
    assert cooperation.gather_ties(ties.north, Period(2022, 2024))[0] == []
    assert cooperation.gather_ties(ties.north, Period(None, 2018))[0] == []


def test_platform_projects_count_once_granted_and_with_accepted_partners(world: World) -> None:
    a, b = world.north_public, world.north_private
    project([a, b], source="platform", status="submitted", answer="accepted")
    project([a, b], source="platform", status="running", answer="")
    assert cooperation.gather_ties(world.north, Period())[0] == []
    project([a, b], source="platform", status="finished", answer="accepted")
    found = cooperation.gather_ties(world.north, Period())[0]
    assert [t.kind for t in found] == [TieKind.PLATFORM_PROJECT]


def test_a_need_that_led_to_cooperation_ties_asker_and_interested_partner(world: World) -> None:
    outside = OrganisationFactory(name="Labor Außen GmbH")
    brokered(world, world.north_public, outside, "interested")
    brokered(world, world.north_private, world.north_public, "not_our_field")
    found = cooperation.gather_ties(world.north, Period())[0]
    assert [(t.a, t.b, t.kind) for t in found] == [
        (world.north_public.pk, outside.pk, TieKind.BROKERED)
    ]
    this_year = timezone.localdate().year
    assert cooperation.gather_ties(world.north, Period(this_year - 3, this_year - 1))[0] == []


def test_b2b_meetings_count_once_held(world: World) -> None:
    held = b2b_meeting(world, world.north_public, world.south_public, days_ago=10)
    b2b_meeting(world, world.north_public, world.north_private, days_ago=-10)  # next week
    found = cooperation.gather_ties(world.north, Period())[0]
    assert [(t.kind, {t.a, t.b}) for t in found] == [
        (TieKind.B2B, {world.north_public.pk, world.south_public.pk})
    ]
    MeetingRequest.objects.filter(pk=held.request_id).update(status="withdrawn")
    assert cooperation.gather_ties(world.north, Period())[0] == []


def test_the_manager_sees_graph_tables_and_isolated_member(client: Client, ties: World) -> None:
    response = login(client, ties.alice).get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="cooperation-data"' in html and "cytoscape/cytoscape.min.js" in html
    assert "<script>" not in html.split('id="cooperation-data"')[0].rsplit("<script", 1)[-1]
    graph = response.context["graph"]
    assert len(graph["nodes"]) == 4 and len(graph["edges"]) == 3
    isolated = html.split('id="isolated-list"')[1].split("</ul>")[0]
    assert "Nord Drittfirma GmbH" in isolated
    border = html.split('id="border-table"')[1].split("</table>")[0]
    assert "UNIVERSITA DI BOLOGNA" in border and "EU-Projekt (1)" in border
    central = html.split('id="central-table"')[1].split("</table>")[0]
    assert "Nord Keramik GmbH" in central and "Nord Drittfirma" not in central


def test_a_partner_the_manager_may_not_see_is_not_named(client: Client, ties: World) -> None:
    project([ties.north_public, ties.south_private])  # South's managers-only member
    response = login(client, ties.alice).get(PAGE)
    assert "Süd Geheim GmbH" not in response.content.decode()
    labels = {n["label"] for n in response.context["graph"]["nodes"]}
    assert "Organisation außerhalb des Netzwerks (für Sie nicht sichtbar)" in labels


def test_a_bad_period_is_a_400_naming_the_parameter(client: Client, ties: World) -> None:
    response = login(client, ties.alice).get(PAGE + "?von=2020&bis=2019")
    assert response.status_code == 400
    assert "„bis“" in response.content.decode()
    assert login(client, ties.alice).get(PAGE + "?von=zwanzig").status_code == 400


@pytest.fixture
def suggestible(ties: World) -> World:
    """The third member shares Bologna with both others: it should meet them."""
    project([ties.third, ties.bologna])
    PersonFactory(organisation=ties.third, first_name="Dora", email="dora@dritt.example")
    return ties


def test_suggestions_name_shared_partners_and_an_introduction_is_sent_once(
    client: Client, suggestible: World, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    w = suggestible
    html = login(client, w.alice).get(PAGE).content.decode()
    suggestions = html.split('id="suggestions-list"')[1].split("</ol>")[0]
    assert "Nord Drittfirma GmbH" in suggestions
    assert "1 gemeinsamer Partner: UNIVERSITA DI BOLOGNA" in suggestions
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            SEND, {"a": w.third.pk, "b": w.north_private.pk, "reason": "1 gemeinsamer Partner"}
        )
    assert response.status_code == 302
    introduction = Introduction.objects.get()
    assert {introduction.organisation_a, introduction.organisation_b} == {
        w.third,
        w.north_private,
    }
    assert sorted(m.to[0] for m in mailoutbox) == ["dora@dritt.example", "nora@nord.example"]
    to_dora = next(m for m in mailoutbox if m.to == ["dora@dritt.example"])
    assert "Nord Geheim GmbH" in to_dora.subject and "Hallo Dora" in to_dora.body
    assert "1 gemeinsamer Partner" in to_dora.body
    # Nora's address is for managers only: Dora gets her name, not her address
    assert "Nora Nord" in to_dora.body and "nora@nord.example" not in to_dora.body
    page = client.get(response["Location"]).content.decode()
    assert "an 2 Kontaktpersonen gesendet" in page
    report = client.get(PAGE).context["report"]
    pairs = [{row.a.id, row.b.id} for row in report.suggestions]
    assert {w.third.pk, w.north_public.pk} in pairs  # the other pair is still suggested
    assert {w.third.pk, w.north_private.pk} not in pairs  # introduced: not again


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"a": "x", "b": "1"}, "„a“"),
        ("same", "zwei verschiedene Organisationen"),
        ("outsider", "ist kein Mitglied von Netzwerk Nord"),
        ("no_contact", "hat weder eine Kontaktperson noch einen Benutzer mit E-Mail-Adresse"),
    ],
)
def test_an_introduction_that_cannot_be_sent_says_why_and_changes_nothing(
    client: Client, suggestible: World, mailoutbox: Any, data: Any, message: str
) -> None:
    w = suggestible
    if data == "same":
        data = {"a": w.third.pk, "b": w.third.pk}
    elif data == "outsider":
        data = {"a": w.third.pk, "b": w.south_public.pk}
    elif data == "no_contact":
        mute = OrganisationFactory(name="Nord Stumm GmbH")  # no person, no user
        MembershipFactory(organisation=mute, network=w.north)
        data = {"a": w.third.pk, "b": mute.pk}
    response = login(client, w.alice).post(SEND, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Introduction.objects.exists() and mailoutbox == []


def test_without_a_contact_person_the_organisations_users_are_written_to(
    client: Client, suggestible: World, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    w = suggestible  # Nord Keramik has no contact person; carla works for it
    with django_capture_on_commit_callbacks(execute=True):
        response = login(client, w.alice).post(SEND, {"a": w.third.pk, "b": w.north_public.pk})
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mailoutbox) == ["carla@example.org", "dora@dritt.example"]
    to_dora = next(m for m in mailoutbox if m.to == ["dora@dritt.example"])
    assert "carla@example.org" not in to_dora.body  # a user's address is not passed on


def test_a_person_who_withdrew_consent_is_not_written_to(suggestible: World) -> None:
    w = suggestible
    PersonFactory(
        organisation=w.north_public,
        email="weg@nord.example",
        lawful_basis="consent",
        consent_given_at=timezone.now(),
        consent_purpose="Newsletter",
        consent_withdrawn_at=timezone.now(),
    )
    assert cooperation.mailable_contacts(w.north_public) == []


def test_the_api_gives_nodes_edges_and_metrics_to_managers_only(
    client: Client, ties: World
) -> None:
    assert client.get(API).status_code == 401
    assert login(client, ties.bob).get(API).status_code == 403
    data = login(client, ties.alice).get(API + "?from_year=2019&to_year=2020").json()
    assert (data["from_year"], data["to_year"]) == (2019, 2020)
    assert len(data["nodes"]) == 4 and len(data["edges"]) == 3
    assert data["isolated"] == [str(ties.third.pk)]
    bologna = next(n for n in data["nodes"] if n["label"] == "UNIVERSITA DI BOLOGNA")
    assert bologna["member"] is False and bologna["degree"] == 2
    assert client.get(API + "?from_year=abc").status_code == 400
    assert client.get("/api/regional/networks/gibtsnicht/cooperation/").status_code == 404


def test_a_large_network_is_computed_by_the_worker_while_the_page_says_so(
    client: Client, ties: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django_q.models import OrmQ

    from nahwerk.jobs.queue import run_queued

    monkeypatch.setattr(cooperation, "INLINE_TIES", 1)  # the three ties count as large
    login(client, ties.alice)
    first = client.get(PAGE)
    assert first.status_code == 200
    html = first.content.decode()
    assert 'id="cooperation-pending"' in html and "3 Verbindungen" in html
    assert '<meta http-equiv="refresh" content="15">' in html
    assert "cooperation-graph" not in html
    api = client.get(API)
    assert api.status_code == 202 and api["Retry-After"] == "30"
    assert "3 Verbindungen" in api.json()["detail"]
    assert OrmQ.objects.count() == 1  # the page, its reload and the API queue one job
    assert run_queued() == 1
    done = client.get(PAGE)
    assert 'id="cooperation-pending"' not in done.content.decode()
    assert len(done.context["graph"]["edges"]) == 3
    assert client.get(API).status_code == 200
    # a new tie makes another network: the worker is asked again
    project([ties.third, ties.north_public])
    assert 'id="cooperation-pending"' in client.get(PAGE).content.decode()
    assert OrmQ.objects.count() == 1


def test_a_drawing_with_a_limit_keeps_the_most_connected_members_first(ties: World) -> None:
    report = cooperation.cooperation_report(ties.north, ties.alice, Period(), suggestions=0)
    drawn = report.graph_data(limit=2)
    assert not drawn["complete"]
    assert {n["label"] for n in drawn["nodes"]} == {"Nord Keramik GmbH", "Nord Geheim GmbH"}
    assert len(drawn["edges"]) == 1
    everything = report.graph_data(limit=None)
    assert everything["complete"] and len(everything["nodes"]) == 4
