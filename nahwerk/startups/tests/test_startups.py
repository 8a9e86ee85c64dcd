"""Start-ups and funds finding each other, the released fields, the pipeline, bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from nahwerk.startups import services
from nahwerk.startups.choices import PipelineStage
from nahwerk.startups.matching import funds_for, startups_for
from nahwerk.startups.models import InvestorProfile, PipelineEntry, PipelineMove, StartupProfile

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_start_up_sees_the_seed_fund_with_its_reasons_and_why_the_growth_fund_does_not_fit(
    founding,
) -> None:
    fitting, others = funds_for(founding.profile, founding.stella)
    assert [m.fund for m in fitting] == [founding.fund]
    reasons = " ".join(r.text for r in fitting[0].reasons)
    assert "Seed" in reasons
    assert "400.000 €" in reasons and "100.000 €" in reasons
    assert "Westerwaldkreis" in reasons
    assert "23" in reasons
    assert [m.fund for m in others] == [founding.growth_fund]
    assert any("Growth" in r.text or "Wachstum" in r.text for r in others[0].why_not)


def test_the_fund_sees_the_start_up_with_only_what_it_released_to_investors(founding) -> None:
    fitting, _not_fitting = startups_for(founding.fund, founding.ivo)
    assert [m.startup for m in fitting] == [founding.profile]
    released = fitting[0].released
    assert released["pitch"].startswith("Wir drucken")
    assert released["capital_sought"] == 400_000
    assert "figures" not in released  # nobody
    assert "team" not in released  # members of North only; the fund is not one
    page = client_of(founding.ivo).get(reverse("startups:fund_matches", args=[founding.fund.pk]))
    text = page.content.decode()
    assert "KeraLayer Westerwald UG" in text
    assert "180.000" not in text and "Werkstoffingenieurinnen" not in text


def test_a_fund_that_nothing_fits_says_so(founding) -> None:
    page = client_of(founding.ivo).get(
        reverse("startups:fund_matches", args=[founding.growth_fund.pk])
    )
    assert page.status_code == 200
    assert page.context["fitting"] == []
    assert 'data-testid="nothing-fits"' in page.content.decode()


def test_when_no_fund_fits_the_start_up_page_says_so_plainly(founding) -> None:
    InvestorProfile.objects.filter(pk=founding.fund.pk).update(ticket_max=200_000)
    page = client_of(founding.stella).get(
        reverse("startups:startup_matches", args=[founding.startup_org.slug])
    )
    assert page.context["fitting"] == []
    assert 'data-testid="nothing-fits"' in page.content.decode()


def test_an_unreleased_capital_is_not_held_against_the_start_up(founding) -> None:
    founding.profile.capital_sought = 50_000_000
    founding.profile.capital_sought_release = "nobody"
    founding.profile.save()
    fitting, _ = startups_for(founding.fund, founding.ivo)
    assert [m.startup for m in fitting] == [founding.profile]
    assert "capital_sought" not in fitting[0].released
    assert "50.000.000" not in " ".join(r.text for r in fitting[0].reasons)


def test_members_of_north_see_the_team_the_public_sees_the_pitch_only(founding) -> None:
    url = reverse("startups:startup", args=[founding.startup_org.slug])
    member = client_of(founding.world.carla).get(url).context["released"]
    public = Client().get(url).context["released"]
    assert set(member) == {"pitch", "team"}
    assert set(public) == {"pitch"}
    own = client_of(founding.stella).get(url).context["released"]
    assert set(own) == {"pitch", "figures", "team", "capital_sought"}


def test_the_manager_moves_the_start_up_through_the_pipeline(founding) -> None:
    alice = founding.world.alice
    client = client_of(alice)
    url = reverse("startups:pipeline", args=[founding.world.north.slug])
    response = client.post(
        url, {"action": "add", "add-startup": founding.profile.pk, "add-note": "Auf der Messe"}
    )
    assert response.status_code == 302
    entry = PipelineEntry.objects.get()
    today = timezone.localdate()
    for stage in ("advice", "pitch_ready", "investor_talks"):
        response = client.post(
            url,
            {
                "action": "move",
                "entry": entry.pk,
                f"move{entry.pk}-to_stage": stage,
                f"move{entry.pk}-note": f"Weiter nach {stage}",
            },
        )
        assert response.status_code == 302
    services.move_in_pipeline(
        manager=alice, entry=entry, to_stage="financed", amount=400_000, note="Seedrunde"
    )
    entry.refresh_from_db()
    assert entry.stage == PipelineStage.FINANCED and entry.amount_raised == 400_000
    assert PipelineMove.objects.filter(entry=entry).count() == 5
    figures = services.pipeline_figures(founding.world.north, dt.date(today.year, 1, 1), today)
    assert figures.financed_in_period == 1
    assert figures.capital_raised_in_period == 400_000
    assert dict((v, n) for v, _l, n in figures.by_stage)["financed"] == 1
    dashboard = client.get(reverse("reports:dashboard", args=[founding.world.north.slug]))
    assert dashboard.context["startup_figures"].financed_in_period == 1
    assert 'data-testid="startup-figures"' in dashboard.content.decode()


def test_another_networks_manager_cannot_move_a_start_up(founding) -> None:
    entry = services.add_to_pipeline(
        manager=founding.world.alice, network=founding.world.north, startup=founding.profile
    )
    response = client_of(founding.world.bob).post(
        reverse("startups:pipeline", args=[founding.world.north.slug]),
        {"action": "move", "entry": entry.pk, f"move{entry.pk}-to_stage": "advice"},
    )
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.stage == PipelineStage.FIRST_CONTACT


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"ticket_min": "500000", "ticket_max": "100000"},
            "ticket_max",
            "kleiner als das kleinste (500.000 €)",
        ),
        ({"ticket_min": "-5"}, "ticket_min", "negative"),
        ({"focus": "<script>alert(1)</script>"}, "focus", "HTML"),
        ({"industry_codes": "23, 99.99"}, "industry_codes", "99.99"),
    ],
)
def test_bad_fund_input_is_refused_by_field_and_changes_nothing(
    founding, changes, field, message
) -> None:
    data = {
        "name": "Neuer Fonds",
        "kind": "fund",
        "focus": "Keramik",
        "ticket_min": "100000",
        "ticket_max": "200000",
    } | changes
    before = InvestorProfile.objects.count()
    response = client_of(founding.ivo).post(reverse("startups:fund_create"), data)
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors or message.lower() in errors.lower(), errors
    assert InvestorProfile.objects.count() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"founded_on": (dt.date.today() + dt.timedelta(days=30)).isoformat()}, "founded_on"),
        ({"capital_sought": "-1000"}, "capital_sought"),
        ({"pitch": "Wir sind <b>toll</b>"}, "pitch"),
        ({"team_size": "0"}, "team_size"),
    ],
)
def test_bad_start_up_input_is_refused_and_changes_nothing(founding, changes, field) -> None:
    data = {
        "founded_on": "2023-04-01",
        "stage": "seed",
        "team_size": "5",
        "pitch": "Neuer Pitch",
        "pitch_release": "public",
        "figures_release": "nobody",
        "team_release": "members",
        "capital_sought_release": "investors",
    } | changes
    response = client_of(founding.stella).post(
        reverse("startups:startup_edit", args=[founding.startup_org.slug]), data
    )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    founding.profile.refresh_from_db()
    assert founding.profile.pitch.startswith("Wir drucken")


def test_a_move_with_a_future_date_or_markup_is_refused(founding) -> None:
    entry = services.add_to_pipeline(
        manager=founding.world.alice, network=founding.world.north, startup=founding.profile
    )
    client = client_of(founding.world.alice)
    url = reverse("startups:pipeline", args=[founding.world.north.slug])
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    for data in (
        {f"move{entry.pk}-to_stage": "advice", f"move{entry.pk}-moved_on": future},
        {f"move{entry.pk}-to_stage": "advice", f"move{entry.pk}-note": "<img src=x>"},
        {f"move{entry.pk}-to_stage": "financed", f"move{entry.pk}-amount": "-10"},
        {f"move{entry.pk}-to_stage": "declined"},
    ):
        response = client.post(url, {"action": "move", "entry": entry.pk} | data)
        assert response.status_code == 400, data
    entry.refresh_from_db()
    assert entry.stage == PipelineStage.FIRST_CONTACT
    assert entry.moves.count() == 1


def test_the_start_up_saves_its_profile(founding) -> None:
    StartupProfile.objects.all().delete()
    response = client_of(founding.stella).post(
        reverse("startups:startup_edit", args=[founding.startup_org.slug]),
        {
            "founded_on": "2024-01-15",
            "stage": "pre_seed",
            "team_size": "3",
            "industry_codes": "23.44, 72.19",
            "seeking": ["capital", "mentors"],
            "pitch": "Keramik aus dem Drucker",
            "pitch_release": "public",
            "figures_release": "investors",
            "team_release": "members",
            "capital_sought": "250000",
            "capital_sought_release": "investors",
            "listed_for_investors": "on",
        },
    )
    assert response.status_code == 302
    profile = StartupProfile.objects.get()
    assert profile.seeking == ["capital", "mentors"]
    assert sorted(c.code for c in profile.industry_codes.all()) == ["23.44", "72.19"]


def test_a_mentors_data_is_exported_and_erased_with_the_person(founding) -> None:
    from nahwerk.directory.tests.factories import PersonFactory
    from nahwerk.privacy.erasure import erase
    from nahwerk.privacy.export import collect
    from nahwerk.privacy.subjects import DataSubject
    from nahwerk.startups.models import MentorOffer

    mentor = PersonFactory(organisation=founding.world.north_public, first_name="Marta")
    MentorOffer.objects.create(
        organisation=founding.world.north_public,
        network=founding.world.north,
        person=mentor,
        topics="Vertrieb an Industriekunden",
    )
    subject = DataSubject(user=None, people=[mentor])
    data = collect(subject)
    assert data["mentor_offers"][0]["topics"] == "Vertrieb an Industriekunden"
    erase(subject, by=founding.world.alice, by_manager=True)
    assert not MentorOffer.objects.exists()
