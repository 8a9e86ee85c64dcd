"""The demo's start-ups and investors: they find each other, the pipelines show moves."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from nahwerk.accounts.models import User
from nahwerk.demo.fictitious import NAME_MARKER
from nahwerk.demo.loading import load_demo
from nahwerk.demo.startups import (
    FUND_NAME,
    FUND_USERNAME,
    STARTUP_USERNAME,
    load_demo_startups,
)
from nahwerk.demo.tests.test_load_demo import fast, importer_calls  # noqa: F401
from nahwerk.directory.choices import LawfulBasis
from nahwerk.networks.models import Network
from nahwerk.startups.choices import PipelineStage
from nahwerk.startups.models import (
    InvestorProfile,
    MentorOffer,
    PipelineEntry,
    PipelineMove,
    StartupProfile,
)
from nahwerk.startups.services import pipeline_figures

MODELS = (StartupProfile, InvestorProfile, MentorOffer, PipelineEntry, PipelineMove)


@pytest.mark.django_db
def test_the_demo_startup_and_fund_find_each_other_and_a_second_load_adds_nothing(
    importer_calls: Any,  # noqa: F811
    fast: Any,  # noqa: F811
) -> None:
    report = load_demo(with_history=False)
    assert {STARTUP_USERNAME, FUND_USERNAME} <= {login.username for login in report.logins}
    # every start-up is a fictitious organisation, every investor marked as an example
    assert StartupProfile.objects.count() >= 6
    assert not StartupProfile.objects.filter(organisation__is_fictitious=False).exists()
    assert all(
        NAME_MARKER in name for name in InvestorProfile.objects.values_list("name", flat=True)
    )
    for slug in ("imkk", "smarterz", "emscher-lippe", "hannoverimpuls"):
        assert PipelineEntry.objects.filter(network__slug=slug).exists(), slug
    hannover = PipelineEntry.objects.filter(network__slug="hannoverimpuls")
    assert hannover.filter(stage=PipelineStage.FINANCED, amount_raised__gt=0).exists()
    assert hannover.filter(stage=PipelineStage.DECLINED).exists()
    # each entry's moves lead from the first contact to its stage, in order
    for entry in PipelineEntry.objects.all():
        moves = list(entry.moves.order_by("moved_on"))
        assert moves[0].from_stage == "" and moves[0].to_stage == PipelineStage.FIRST_CONTACT
        assert moves[-1].to_stage == entry.stage and moves[-1].moved_on == entry.stage_since
    # the key-figure box of the last 90 days shows the financing and the start-ups per stage
    today = dt.date.today()
    figures = pipeline_figures(
        Network.objects.get(slug="hannoverimpuls"), today - dt.timedelta(days=90), today
    )
    assert figures.shown and figures.in_pipeline == 3
    assert figures.financed_in_period == 1 and figures.capital_raised_in_period > 0
    # mentors are named only with their consent
    named = MentorOffer.objects.exclude(person=None)
    assert named.exists()
    for offer in named:
        assert offer.person.lawful_basis == LawfulBasis.CONSENT
        assert offer.person.consent_given_at and offer.person.consent_purpose

    startup_user = User.objects.get(username=STARTUP_USERNAME)
    fund_user = User.objects.get(username=FUND_USERNAME)
    startup = StartupProfile.objects.get(organisation=startup_user.organisation)
    fund = InvestorProfile.objects.get(name=FUND_NAME)
    client = Client()
    client.force_login(startup_user)
    page = client.get(reverse("startups:startup_matches", args=[startup.organisation.slug]))
    assert page.status_code == 200
    assert fund in [match.fund for match in page.context["fitting"]]
    assert f'data-testid="fund-match-{fund.pk}"' in page.content.decode()
    client.force_login(fund_user)
    page = client.get(reverse("startups:fund_matches", args=[fund.pk]))
    assert page.status_code == 200
    assert startup in [match.startup for match in page.context["fitting"]]
    assert escape(startup.organisation.name) in page.content.decode()
    manager = User.objects.get(username="manager-hannoverimpuls")
    client.force_login(manager)
    page = client.get(reverse("startups:pipeline", args=["hannoverimpuls"]))
    assert escape(startup.organisation.name) in page.content.decode()
    mentoring = Client()
    mentoring.force_login(User.objects.get(username="mitglied-imkk"))
    assert "Miriam Keller" in mentoring.get(reverse("startups:mentoring")).content.decode()

    counts = {m.__name__: m._default_manager.count() for m in MODELS}
    assert load_demo_startups() == 0
    again = load_demo(with_history=False)
    assert (again.created, again.updated) == (0, 0)
    assert {m.__name__: m._default_manager.count() for m in MODELS} == counts
