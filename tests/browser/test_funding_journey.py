"""In Chromium, the whole way from an EU call to a consortium project (issue 12, "Done when").

Alice manages the network Nord. She uploads a file of real EU calls from the shipped
portal export: first one with three broken rows (per-row report, nothing written), then
the clean one. Carla's ceramics SME describes a project idea in German and gets the calls
ranked and explained; she follows the best one. Alice opens that call, sees the members
that fit it, builds a consortium with Carla's company as lead, swaps one partner, saves
the team as a project and so invites the partners. Ina accepts for her institute; the
project shows its partners and its status. Two weeks before the deadline the reminder
job (the registered periodic job, run with the clock moved) writes the reminder into the
mail directory.

The data are the smallest that still make every step real: eight of the 629 calls, five
members and two EU partners from CORDIS for the call's three countries.
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib
from email import message_from_bytes
from email.header import decode_header, make_header
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
import time_machine

from conftest import ensure_reference_data
from nahwerk.accounts.tests.factories import UserFactory
from nahwerk.directory.tests.factories import CordisOrganisationFactory, OrganisationFactory
from nahwerk.funding.models import Call, CallFollow, FundingNotification, Programme
from nahwerk.funding.tests.conftest import call_file, shipped_records
from nahwerk.jobs.periodic import PERIODIC_JOBS
from nahwerk.jobs.queue import run_queued
from nahwerk.matching import services as matching_services
from nahwerk.networks.tests.factories import MembershipFactory
from nahwerk.projects.models import Project
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# eight calls of the shipped export, all open on the journey's day; the first is the one
# the idea is about (conversion of industrial waste heat to power, an Innovation Action)
TOPICS = (
    "HORIZON-CL5-2027-05-D4-09",
    "HORIZON-CL4-2027-02-MAT-PROD-32-two-stage",
    "HORIZON-MISS-2027-04-CIT-02",
    "HORIZON-CID-2027-01-01",
    "HORIZON-CL5-2027-02-D3-07",
    "HORIZON-CL4-2027-01-MAT-PROD-61",
    "HORIZON-NEB-2027-01-REGEN-01",
    "HORIZON-CL2-2027-01-HERITAGE-04",
)
HEAT_CALL = TOPICS[0]
IDEA = (
    "Wir wollen die Abwärme unserer Brennöfen zurückgewinnen und daraus Strom erzeugen, "
    "kombiniert mit einem Wärmespeicher, damit wir flexibel Strom liefern können."
)
RECOVERY = "Rückgewinnung von Abwärme aus Industrieöfen"
POWER = "Umwandlung von Abwärme in Strom"
STORAGE = "Thermische Energiespeicher"


def journey_records() -> list[dict[str, Any]]:
    by_topic = {r["topicId"]: r for r in shipped_records(629)}
    return [copy.deepcopy(by_topic[topic]) for topic in TOPICS]


@pytest.fixture(autouse=True)
def _on_the_catalogues_day() -> Any:
    with time_machine.travel(dt.datetime(2026, 12, 3, 9, tzinfo=dt.UTC), tick=True):
        yield


@pytest.fixture
def scene(transactional_db: Any, matching_index: Path, request: Any, settings: Any) -> Any:
    ensure_reference_data()  # transactional tests empty the tables after each test
    world = request.getfixturevalue("world")
    mail_dir = matching_index / "var" / "mail"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(mail_dir)
    lead = world.north_public  # carla's company
    lead.description = (
        "Wir brennen technische Keramik in gasbeheizten Tunnelöfen. Die Abwärme unserer "
        "Brennöfen geht heute ungenutzt verloren."
    )
    lead.size_band = "small"
    lead.save()
    institute = OrganisationFactory(
        name="Institut für Abwärmenutzung",
        slug="ifa",
        kind="research_institute",
        postcode="56203",
        description=(
            "Wir wandeln industrielle Abwärme in Strom um: ORC-Anlagen und thermoelektrische "
            "Generatoren für Abwärme aus Industrieöfen."
        ),
    )
    second = OrganisationFactory(
        name="Westerwald Wärmetechnik GmbH",
        slug="ww-waermetechnik",
        kind="sme",
        postcode="56410",
        description=(
            "Wärmetauscher zur Rückgewinnung von Abwärme aus Industrieöfen und "
            "Abgaswärmenutzung in der Keramik- und Glasindustrie."
        ),
    )
    storage = OrganisationFactory(
        name="Institut für Hochtemperatur-Wärmespeicher",
        slug="ihw",
        kind="research_institute",
        postcode="56203",
        description=(
            "Thermische Energiespeicher: Hochtemperatur-Wärmespeicher aus Keramik und "
            "Salzschmelzen für industrielle Prozesswärme."
        ),
    )
    generators = OrganisationFactory(
        name="Thermoelektrik Montabaur GmbH",
        slug="te-montabaur",
        kind="sme",
        postcode="56410",
        description="Thermoelektrische Generatoren, die die Abwärme von Öfen in Strom umwandeln.",
    )
    bakery = OrganisationFactory(
        name="Bäckerei Westerwald",
        slug="baeckerei",
        kind="sme",
        postcode="56410",
        description="Brot und Brötchen aus dem Steinofen.",
    )
    for org in (institute, second, storage, generators, bakery):
        MembershipFactory(organisation=org, network=world.north)
    french = CordisOrganisationFactory(
        name="RECUPERATION CHALEUR INDUSTRIELLE SA",
        country="FR",
        postcode="69003",
        city="LYON",
        description=(
            "Heat exchangers for the recovery of waste heat from industrial furnaces; "
            "thermal energy storage for process heat."
        ),
    )
    italian = CordisOrganisationFactory(
        name="POLITECNICO DEL CALORE",
        country="IT",
        description=(
            "Organic Rankine cycle systems that convert industrial waste heat to electricity."
        ),
    )
    UserFactory(username="ina", organisation=storage, first_name="Ina")
    matching_services.rebuild_index()
    return {
        "world": world,
        "lead": lead,
        "institute": institute,
        "second": second,
        "storage": storage,
        "french": french,
        "italian": italian,
        "mail_dir": mail_dir,
    }


def read_mails(path: Path) -> list[Message]:
    """The messages Django's file backend wrote into one file (a line of dashes after each)."""
    chunks = path.read_bytes().split(b"\n" + b"-" * 79 + b"\n")
    return [message_from_bytes(chunk) for chunk in chunks if chunk.strip()]


def counts() -> tuple[int, int]:
    return Call.objects.count(), Programme.objects.count()


def upload(page: Any, path: Path) -> None:
    page.goto("/foerderung/")
    page.get_by_role("link", name="Förderaufrufe importieren").first.click()
    page.get_by_label("Datei mit Förderaufrufen").set_input_files(str(path))
    page.get_by_role("button", name="Datei prüfen", exact=True).click()
    page.wait_for_load_state()


def test_from_an_eu_call_to_a_consortium_project(scene: Any, browse: Any, tmp_path: Any) -> None:
    alice = browse("alice")

    # 1. A file with three broken rows: a report per row, and the database stays as it was.
    broken = journey_records()
    broken[1]["topicId"] = ""
    broken[4]["deadline"] = "2027-02-30"
    broken[6]["budgetMin"], broken[6]["budgetMax"] = 900000, 100
    broken_file = tmp_path / "aufrufe-fehlerhaft.jsonl.gz"
    broken_file.write_bytes(call_file(broken))
    before = counts()
    upload(alice, broken_file)
    assert "Nichts importiert: 3 von 8 Zeilen sind fehlerhaft" in (
        alice.locator(".import-status").inner_text()
    )
    problems = alice.locator(".import-problems tbody tr")
    assert problems.count() == 3
    report = alice.locator(".import-problems").inner_text()
    assert "topicId" in report and "2027-02-30" in report and "budgetMax" in report
    assert alice.get_by_role("button", name="Jetzt importieren", exact=True).count() == 0
    assert counts() == before

    # 2. The clean file: checked, then imported; the worker embeds the new calls.
    clean_file = tmp_path / "aufrufe.jsonl.gz"
    clean_file.write_bytes(call_file(journey_records()))
    upload(alice, clean_file)
    assert "Alle 8 Zeilen sind gültig: 8 Förderaufrufe kämen neu hinzu" in (
        alice.locator(".import-status").inner_text()
    )
    assert counts() == before  # the check alone writes nothing
    alice.get_by_role("button", name="Jetzt importieren", exact=True).click()
    alice.wait_for_load_state()
    assert "Importiert: 8 Förderaufrufe, 8 neu, 0 aktualisiert" in (
        alice.locator(".import-status").inner_text()
    )
    assert Call.objects.count() == before[0] + 8
    assert set(Call.objects.values_list("topic_id", flat=True)) >= set(TOPICS)
    # the same file again updates the calls instead of doubling them
    upload(alice, clean_file)
    alice.get_by_role("button", name="Jetzt importieren", exact=True).click()
    alice.wait_for_load_state()
    assert "8 Förderaufrufe, 0 neu, 8 aktualisiert" in alice.locator(".import-status").inner_text()
    assert Call.objects.count() == before[0] + 8
    screenshot(alice, "funding-journey-0-import")
    run_queued()

    # 3. The member SME writes its idea in German and gets ranked, explained calls.
    carla = browse("carla")
    carla.goto("/foerderung/")
    carla.get_by_label("Ihre Projektidee").fill(IDEA)
    carla.get_by_role("button", name="Förderaufrufe finden", exact=True).click()
    carla.wait_for_load_state()
    results = carla.locator(".call-fit")
    assert results.count() >= 1
    best = results.first
    assert best.get_attribute("data-topic") == HEAT_CALL
    text = best.inner_text()
    assert "Warum er passt" in text and "heat" in text.lower()
    assert "Einreichungsfrist" in text
    days = (dt.date(2027, 9, 15) - dt.date(2026, 12, 3)).days
    assert f"in {days} Tagen" in text
    # culture and health has nothing to do with it
    assert carla.locator(f'.call-fit[data-topic="{TOPICS[-1]}"]').count() == 0
    screenshot(carla, "funding-journey-1-search")
    # Carla follows the call: its deadline reminders go to her company.
    best.get_by_role("link").first.click()
    carla.get_by_role("button", name="Förderaufruf merken", exact=True).click()
    carla.wait_for_load_state()
    heat_call = Call.objects.get(topic_id=HEAT_CALL)
    assert CallFollow.objects.filter(call=heat_call, organisation=scene["lead"]).exists()

    # 4. The manager opens the call and sees the members that fit it.
    alice.goto("/foerderung/")
    alice.get_by_role("link", name=heat_call.title).first.click()
    alice.wait_for_url(f"**{heat_call.get_absolute_url()}")
    fitting = alice.locator(".fitting-members").inner_text()
    assert "Institut für Abwärmenutzung" in fitting and "Thermoelektrik Montabaur GmbH" in fitting
    assert "Bäckerei Westerwald" not in fitting
    screenshot(alice, "funding-journey-2-call-members")
    # she ticks those that fit only partly too (not ticked for her) and sends the call to
    # all of them; Ina's institute is among them
    boxes = alice.locator(".fitting-members input[name=organisations]")
    members = boxes.count()
    for box in range(members):
        boxes.nth(box).check()
    alice.get_by_role("button", name="Förderaufruf an diese Mitglieder senden", exact=True).click()
    alice.wait_for_load_state()
    sent = alice.locator(".messages").inner_text()
    assert f"Der Förderaufruf ging an {members} Mitglieder" in sent, sent
    assert FundingNotification.objects.filter(call=heat_call, user__username="ina").exists()

    # 5. She builds a consortium for it with Carla's company as lead.
    alice.get_by_role("link", name="Konsortium für diesen Aufruf zusammenstellen").click()
    alice.wait_for_load_state()
    assert alice.locator("select[name=call]").input_value() == str(heat_call.pk)
    alice.locator("select[name=lead]").select_option(label=scene["lead"].name)
    alice.locator("textarea[name=competences]").fill(f"{RECOVERY}\n{POWER}\n{STORAGE}")
    alice.get_by_role("button", name="Team vorschlagen", exact=True).click()
    alice.wait_for_load_state()
    rules = alice.locator(".rule-checks").inner_text()
    assert "Regel nicht erfüllt" not in rules, rules
    power_role = alice.locator("li.team-role", has_text=f"Kompetenz: {POWER}")
    chosen = power_role.locator(".team-member").inner_text()
    converters = ("Institut für Abwärmenutzung", "Thermoelektrik Montabaur GmbH")
    assert any(name in chosen for name in converters), chosen
    other = next(name for name in converters if name not in chosen)

    # 6. She swaps the partner for the conversion to power for the other member that fits.
    power_role.locator("summary").click()
    alternative = power_role.locator(".alternatives li", has_text=other)
    alternative.get_by_role("link", name="Stattdessen nehmen", exact=True).click()
    alice.wait_for_load_state()
    power_role = alice.locator("li.team-role", has_text=f"Kompetenz: {POWER}")
    swapped = power_role.locator(".team-member").inner_text()
    assert other in swapped and "Ihre Wahl" in swapped, swapped
    assert "Regel nicht erfüllt" not in alice.locator(".rule-checks").inner_text()
    screenshot(alice, "funding-journey-3-consortium")

    # 7. She saves the team as a project; the partners are invited.
    save = alice.locator("form.save-consortium")
    save.get_by_label("Projekttitel").fill("Strom aus Ofenabwärme")
    save.get_by_role("button", name="Als Projekt speichern", exact=True).click()
    alice.wait_for_url("**/projekte/*/")
    project = Project.objects.get(title="Strom aus Ofenabwärme")
    assert project.call == heat_call
    assert alice.locator("[data-testid=project-status]").inner_text() == "Konsortium in Bildung"
    partner_names = set(project.participations.values_list("organisation__name", flat=True))
    assert {scene["lead"].name, other} <= partner_names
    assert not set(converters) <= partner_names  # the swapped-out partner is not in it
    assert len(partner_names) >= 3
    # the EU partners came in for the call's three countries, not for a competence
    tasks = dict(project.participations.values_list("organisation__country", "task"))
    assert tasks["FR"] == tasks["IT"] == "Zusätzlicher Partner für die Regeln des Aufrufs"
    # the manager acts for no organisation: every partner, the lead too, is asked
    assert project.participations.filter(invited_at__isnull=False).count() == len(partner_names)

    # 8. The invited storage institute accepts.
    ina = browse("ina")
    ina.goto("/projekte/meine/")
    ina.get_by_role("link", name="Strom aus Ofenabwärme").click()
    ina.locator("button[name=action][value=accept]").click()
    ina.wait_for_load_state()
    assert ina.locator("[data-testid=answer-ihw]").inner_text() == "Angenommen"

    # 9. The project shows its partners, their answers and its status.
    alice.reload()
    partners = alice.locator("[data-testid=partners]").inner_text()
    for partner in partner_names:
        assert partner in partners
    assert alice.locator("[data-testid=answer-ihw]").inner_text() == "Angenommen"
    assert alice.locator("[data-testid=project-status]").inner_text() == "Konsortium in Bildung"
    screenshot(alice, "funding-journey-4-project")

    # 10. Two weeks before the deadline the reminder job writes the mail for Carla.
    job = next(j for j in PERIODIC_JOBS if j.name == "funding-deadline-reminders")
    module, function = job.func.rsplit(".", 1)
    written = set(scene["mail_dir"].glob("*.log"))  # the invitations went out as mails
    with time_machine.travel(dt.datetime(2027, 9, 1, 7, tzinfo=dt.UTC), tick=False):
        result = getattr(importlib.import_module(module), function)()
    assert result == "1 reminder(s) sent"
    reminders = [
        message
        for path in sorted(set(scene["mail_dir"].glob("*.log")) - written)
        for message in read_mails(path)
    ]
    assert [m["To"] for m in reminders] == ["carla@example.org"]
    mail = reminders[0]
    assert str(make_header(decode_header(mail["Subject"]))).startswith(
        "Einreichungsfrist in 14 Tagen: "
    )
    body = mail.get_payload(decode=True).decode("utf-8")
    assert heat_call.get_absolute_url() in body
