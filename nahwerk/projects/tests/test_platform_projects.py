"""Platform projects: entering, inviting, answering, status steps, history, need, consortium."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from nahwerk.brokering import services as brokering
from nahwerk.brokering.models import NeedStatus, Posting, ReferralResponse
from nahwerk.brokering.tests.conftest import brokering as brokering_world  # noqa: F401
from nahwerk.directory.tests.factories import OrganisationFactory
from nahwerk.matching.services import earlier_cooperation
from nahwerk.projects import services
from nahwerk.projects.choices import InvitationAnswer, ParticipantRole, ProjectStatus
from nahwerk.projects.models import Participation, Project, ProjectNotification
from nahwerk.projects.services import PartnerInput, ProjectError, ProjectInput

pytestmark = pytest.mark.django_db


@pytest.fixture
def b(brokering_world: Any) -> Any:  # noqa: F811
    return brokering_world


def enter(b: Any, user: Any = None, **changes: Any) -> Project:
    """Carla's company leads a project with ina's institute as partner, in North."""
    data = ProjectInput(
        title=changes.pop("title", "Hochtemperaturfilter aus Keramik"),
        idea="Filterkerzen für die Heißgasreinigung",
        networks=(b.world.north,),
        partners=changes.pop(
            "partners",
            (
                PartnerInput(b.world.north_public, ParticipantRole.COORDINATOR),
                PartnerInput(b.institute, ParticipantRole.PARTNER, "Werkstoffprüfung"),
            ),
        ),
        **changes,
    )
    return services.create_project(user=user or b.carla, data=data)


def client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_entering_invites_the_partners_by_notification_and_mail(
    b, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        project = enter(b)
    lead, partner = project.participations.order_by("role")
    assert lead.answer == InvitationAnswer.ACCEPTED  # carla acts for the lead
    assert partner.answer == InvitationAnswer.PENDING
    assert ProjectNotification.objects.filter(user=b.ina, project=project).exists()
    assert not ProjectNotification.objects.filter(user=b.otto).exists()
    invitation = next(m for m in mail.outbox if b.ina.email in m.to)
    assert "Hochtemperaturfilter aus Keramik" in invitation.subject
    assert project.get_absolute_url() in invitation.body


def test_the_invitation_is_on_the_notifications_page_and_in_the_bell(b) -> None:
    project = enter(b)
    page = client(b.ina).get("/bedarfe/benachrichtigungen/", HTTP_ACCEPT_LANGUAGE="de")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Projekte" in body and project.get_absolute_url() in body
    assert "Hochtemperaturfilter aus Keramik" in body
    assert page.context["unread_notifications"]() == 1  # the header's bell
    client(b.ina).get(project.get_absolute_url())  # read on the project page
    assert client(b.ina).get("/bedarfe/benachrichtigungen/").context["unread_notifications"]() == 0
    # another organisation's user sees none of it
    assert (
        "Hochtemperaturfilter"
        not in client(b.otto).get("/bedarfe/benachrichtigungen/").content.decode()
    )


def test_the_invited_institute_accepts_and_the_lead_and_manager_are_told(b) -> None:
    project = enter(b)
    services.answer_invitation(user=b.ina, project=project, accept=True)
    row = Participation.objects.get(project=project, organisation=b.institute)
    assert row.answer == InvitationAnswer.ACCEPTED and row.answered_by == b.ina
    told = set(
        ProjectNotification.objects.filter(kind="answered").values_list("user__username", flat=True)
    )
    assert told == {"alice", "carla"}  # North's manager and the lead's user


def test_an_uninvited_user_cannot_answer(b) -> None:
    project = enter(b)
    with pytest.raises(PermissionDenied):
        services.answer_invitation(user=b.otto, project=project, accept=True)


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        (["finished"], "cannot become “Finished”"),
        (["granted"], "cannot become “Granted”"),
        (["submitted", "running"], "cannot become “Running”"),
    ],
)
def test_status_cannot_jump_over_the_steps_that_make_sense(b, steps, message) -> None:
    project = enter(b)
    with pytest.raises(ProjectError, match=message):
        for step in steps:
            project = services.change_status(user=b.alice, project=project, status=step)
    project.refresh_from_db()
    assert project.status != steps[-1]


def test_a_project_goes_from_idea_to_finished_with_dates_and_amounts(b) -> None:
    project = enter(b)
    day = dt.date(2025, 3, 1)
    project = services.change_status(user=b.alice, project=project, status="forming", on=day)
    project = services.change_status(
        user=b.carla, project=project, status="submitted", on=day, amount=Decimal("250000")
    )
    project = services.change_status(
        user=b.alice,
        project=project,
        status="granted",
        on=dt.date(2025, 6, 1),
        amount=Decimal("180000"),
    )
    project = services.change_status(
        user=b.alice, project=project, status="running", on=dt.date(2025, 7, 1)
    )
    project = services.change_status(
        user=b.alice, project=project, status="finished", on=dt.date(2027, 6, 30)
    )
    project.refresh_from_db()
    assert (project.requested_amount, project.granted_amount) == (250000, 180000)
    assert (project.submitted_on, project.decided_on) == (day, dt.date(2025, 6, 1))
    assert (project.start_date, project.end_date) == (dt.date(2025, 7, 1), dt.date(2027, 6, 30))


def test_amounts_are_not_negative_and_granted_only_once_granted(b) -> None:
    project = enter(b)
    with pytest.raises(ProjectError, match="negative"):
        services.update_project(
            user=b.alice, project=project, changes={"requested_amount": Decimal(-1)}
        )
    with pytest.raises(ProjectError, match="only once the project is granted"):
        services.update_project(
            user=b.alice, project=project, changes={"granted_amount": Decimal(10)}
        )
    project.refresh_from_db()
    assert project.requested_amount is None and project.granted_amount is None


def test_a_rejected_proposal_has_no_granted_amount(b) -> None:
    project = enter(b, status=ProjectStatus.CONSORTIUM_FORMING)
    project = services.change_status(user=b.alice, project=project, status="submitted")
    with pytest.raises(ProjectError, match="no granted amount"):
        services.change_status(user=b.alice, project=project, status="rejected", amount=1)


def test_each_status_change_is_in_the_audit_log(b) -> None:
    project = enter(b)
    services.change_status(user=b.alice, project=project, status="forming")
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Project), object_pk=str(project.pk)
    )
    assert any(e.changes_dict.get("status") == ["idea", "forming"] for e in entries)


def test_only_the_partner_that_accepted_a_granted_project_is_earlier_cooperation(b) -> None:
    project = enter(
        b,
        partners=(
            PartnerInput(b.world.north_public, ParticipantRole.COORDINATOR),
            PartnerInput(b.institute, ParticipantRole.PARTNER),
            PartnerInput(b.second_institute, ParticipantRole.ASSOCIATED),
        ),
    )
    services.answer_invitation(user=b.ina, project=project, accept=True)
    services.answer_invitation(user=b.otto, project=project, accept=False)
    assert earlier_cooperation(b.world.north_public) == {}  # an idea is no cooperation yet
    for step in ("forming", "submitted", "granted"):
        project = services.change_status(user=b.alice, project=project, status=step)
    history = earlier_cooperation(b.world.north_public)
    assert set(history) == {b.institute.pk}
    assert "Hochtemperaturfilter aus Keramik" in history[b.institute.pk][0]


def test_the_creator_must_manage_the_network_or_act_for_the_lead(b) -> None:
    with pytest.raises(ProjectError, match="lead organisation"):
        enter(
            b,
            user=b.ina,
            partners=(
                PartnerInput(b.world.north_public, ParticipantRole.COORDINATOR),
                PartnerInput(b.institute, ParticipantRole.PARTNER),
            ),
        )
    assert not Project.objects.filter(source="platform").exists()


def test_a_partner_the_user_may_not_see_is_refused(b) -> None:
    hidden = b.world.south_private  # visible to South's managers only
    with pytest.raises(ProjectError, match=f"Unknown organisation: {hidden.pk}"):
        enter(
            b,
            partners=(
                PartnerInput(b.world.north_public, ParticipantRole.COORDINATOR),
                PartnerInput(hidden, ParticipantRole.PARTNER),
            ),
        )


# --- From a brokered need -------------------------------------------------------------------


def cooperation_need(b: Any, posting: str = Posting.ANONYMOUS) -> Any:
    need = b.routed(posting)
    brokering.answer_referral(b.ina, need, ReferralResponse.INTERESTED, "Gern!")
    brokering.set_outcome(b.alice, need, NeedStatus.COOPERATION)
    need.refresh_from_db()
    return need


def test_the_manager_creates_a_project_from_a_need_and_the_anonymous_asker_stays_hidden(
    b,
) -> None:
    need = cooperation_need(b)
    page = client(b.alice).get(need.get_absolute_url())
    assert "Create project from this need" in page.content.decode() or page.status_code == 200
    response = client(b.alice).post(
        reverse("projects:create_from_need", args=[need.pk]), {"partner": b.institute.pk}
    )
    project = Project.objects.get(need=need)
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert project.status == ProjectStatus.CONSORTIUM_FORMING
    assert {p.organisation for p in project.participations.all()} == {
        b.world.north_public,
        b.institute,
    }
    seen_by_ina = client(b.ina).get(project.get_absolute_url()).content.decode()
    assert "Nord Keramik GmbH" not in seen_by_ina
    assert "the asking organisation (anonymous)" in seen_by_ina or "anonym" in seen_by_ina
    assert "Nord Keramik GmbH" in client(b.alice).get(project.get_absolute_url()).content.decode()
    assert "Nord Keramik GmbH" in client(b.carla).get(project.get_absolute_url()).content.decode()


def test_a_project_from_a_need_needs_the_cooperation_and_a_partner_that_did_not_decline(
    b,
) -> None:
    need = b.routed(Posting.NETWORK)
    with pytest.raises(ProjectError, match="cooperation started"):
        services.create_from_need(user=b.alice, need=need, partner=b.institute)
    brokering.answer_referral(b.otto, need, ReferralResponse.NOT_OUR_FIELD, "")
    brokering.set_outcome(b.carla, need, NeedStatus.COOPERATION)
    need.refresh_from_db()
    with pytest.raises(ProjectError, match="did not decline"):
        services.create_from_need(user=b.carla, need=need, partner=b.second_institute)
    with pytest.raises(PermissionDenied):
        services.create_from_need(user=b.ina, need=need, partner=b.institute)
    project = services.create_from_need(user=b.carla, need=need, partner=b.institute)
    assert project.participations.get(organisation=b.world.north_public).answer == "accepted"


# --- From the consortium builder ------------------------------------------------------------


def consortium_post(b: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "title": "Keramische Filter für Wasserstoffbrenner",
        "idea": "Heißgasfilter für Brenner mit Wasserstoff",
        "network": b.world.north.pk,
        "lead": b.world.north_public.pk,
        "partner": [b.institute.pk, b.second_institute.pk],
        f"role_{b.institute.pk}": "Werkstoffprüfung",
        f"role_{b.second_institute.pk}": "associated",
    }
    data.update(changes)
    return data


def test_the_consortium_builder_saves_a_forming_project_and_invites_the_partners(b) -> None:
    url = reverse("projects:create_from_consortium")
    response = client(b.alice).post(url, consortium_post(b))
    assert response.status_code == 302
    project = Project.objects.get(title="Keramische Filter für Wasserstoffbrenner")
    assert project.status == ProjectStatus.CONSORTIUM_FORMING
    roles = {p.organisation.slug: (p.role, p.task, p.answer) for p in project.participations.all()}
    assert roles == {
        "nord-keramik": ("coordinator", "", "pending"),
        "ihk": ("partner", "Werkstoffprüfung", "pending"),
        "ftk": ("associated", "", "pending"),
    }
    assert ProjectNotification.objects.filter(project=project, kind="invited").count() == 3


@pytest.mark.parametrize(
    ("persona", "changes", "field"),
    [
        ("alice", {"title": ""}, "title"),
        ("alice", {"network": 999999}, "network"),
        ("bob", {}, "network"),  # bob manages South only
        ("alice", {"lead": "abc"}, "lead"),
        ("alice", {"call": 999999}, "call"),
        ("ina", {}, "lead"),  # a user of a partner, not of the lead
        ("carla", {"partner": ["sued-geheim"]}, "partner"),
    ],
)
def test_the_consortium_endpoint_refuses_bad_input_naming_the_field(
    b, persona, changes, field
) -> None:
    before = Project.objects.count()
    response = client(getattr(b, persona)).post(
        reverse("projects:create_from_consortium"), consortium_post(b, **changes)
    )
    assert response.status_code == 400
    assert response.content.decode().startswith(field) or f"\n{field}:" in response.content.decode()
    assert Project.objects.count() == before


def test_the_consortium_endpoint_refuses_a_partner_the_user_may_not_see(b) -> None:
    hidden = b.world.south_private
    response = client(b.carla).post(
        reverse("projects:create_from_consortium"), consortium_post(b, partner=[hidden.pk])
    )
    assert response.status_code == 400
    assert str(hidden.pk) in response.content.decode()


def test_the_consortium_endpoint_wants_a_login_and_a_post(b) -> None:
    url = reverse("projects:create_from_consortium")
    assert Client().post(url, consortium_post(b)).status_code == 302
    assert client(b.alice).get(url).status_code == 405


# --- The overview and its export ------------------------------------------------------------


def test_the_export_holds_platform_and_cordis_projects_with_the_members_share(b) -> None:
    project = enter(b, status=ProjectStatus.CONSORTIUM_FORMING)
    project = services.change_status(
        user=b.alice, project=project, status="submitted", amount=Decimal(300000)
    )
    cordis = Project.objects.create(
        source="cordis",
        cordis_rcn=1,
        cordis_id=101,
        acronym="CERAFILT",
        title="Ceramic hot gas filters",
        start_date=dt.date(2019, 1, 1),
    )
    Participation.objects.create(
        project=cordis,
        pic="999000001",
        organisation=b.institute,
        role="participant",
        eu_contribution=Decimal(120000),
    )
    foreign = Project.objects.create(source="cordis", cordis_rcn=2, title="Elsewhere")
    Participation.objects.create(
        project=foreign, pic="999000002", organisation=OrganisationFactory(), role="participant"
    )
    csv = client(b.alice).get(reverse("projects:overview") + "?export=csv").content.decode()
    assert "Hochtemperaturfilter aus Keramik" in csv and "300000" in csv
    assert "CERAFILT" in csv and "120000" in csv
    assert "Elsewhere" not in csv
    assert (
        client(b.bob).get(reverse("projects:overview") + "?export=csv").content.decode().count("\n")
        == 1
    )  # only the header: South has no projects
    xlsx = client(b.alice).get(reverse("projects:overview") + "?export=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    page = client(b.alice).get(reverse("projects:overview") + "?by=quarter").content.decode()
    assert "2019-Q1" in page


def test_the_overview_refuses_a_bad_filter_naming_it(b) -> None:
    response = client(b.alice).get(reverse("projects:overview") + "?status=nonsense")
    assert response.status_code == 400
    assert "nonsense" in response.content.decode()


def test_a_platform_project_stays_off_the_partners_public_page_and_profile(b) -> None:
    from nahwerk.matching.profiles import organisation_profile

    project = enter(b, title="Geheimes Vorhaben")
    services.answer_invitation(user=b.ina, project=project, accept=True)
    for step in ("forming", "submitted", "granted"):
        project = services.change_status(user=b.alice, project=project, status=step)
    page = Client().get(b.institute.get_absolute_url()).content.decode()
    assert "Geheimes Vorhaben" not in page
    assert "Geheimes Vorhaben" not in str(organisation_profile(b.institute).fields)
