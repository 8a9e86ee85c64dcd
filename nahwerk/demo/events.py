"""Demo events of the IMKK network: an industry meeting and a B2B matchmaking day.

The B2B day has its slots and tables, five registered participants (the member and
institute logins and three demo participants of fictitious IMKK members) with their event
profiles filled in, accepted meeting requests, so that ``manager-imkk`` can run the
scheduler and publish, and one request that waits for ``mitglied-imkk``'s answer.
Everything goes through ``events.services`` like a user's steps, and only what is missing
is created, so loading the demo twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from nahwerk.accounts.models import User
from nahwerk.directory.models import Organisation
from nahwerk.events import services
from nahwerk.events.choices import EventKind
from nahwerk.events.models import Event, MeetingRequest, ProgrammeItem, Registration
from nahwerk.networks.models import Network

NETWORK_SLUG = "imkk"
MEETING_SLUG = "imkk-branchentreffen-technische-keramik"
B2B_SLUG = "imkk-kooperationsboerse-keramik-metall-kunststoff"
DEMO_NOTE = "Beispielveranstaltung der Demo (fiktiv)."


@dataclass(frozen=True)
class DemoParticipant:
    """A demo login acting for a fictitious IMKK member, for the B2B day."""

    username: str
    first_name: str
    last_name: str
    organisation: str  # external id of the fictitious member


PARTICIPANTS = (
    DemoParticipant("teilnehmer-filter-imkk", "Jana", "Becker", "demo:imkk:02"),
    DemoParticipant("teilnehmer-metall-imkk", "Markus", "Roth", "demo:imkk:08"),
    DemoParticipant("teilnehmer-kunststoff-imkk", "Sabine", "Klein", "demo:imkk:13"),
)

# (requester, recipient, priority, accepted); usernames of the demo logins
REQUESTS = (
    ("mitglied-imkk", "teilnehmer-filter-imkk", 3, True),
    ("mitglied-imkk", "institut-imkk", 2, True),
    ("teilnehmer-metall-imkk", "mitglied-imkk", 1, True),
    ("teilnehmer-kunststoff-imkk", "institut-imkk", 2, True),
    ("teilnehmer-filter-imkk", "institut-imkk", 1, True),
    ("teilnehmer-kunststoff-imkk", "teilnehmer-metall-imkk", 1, False),
    ("teilnehmer-kunststoff-imkk", "mitglied-imkk", 2, False),
)

# What each participant is looking for at the B2B day, as they would write it. Registering
# fills "we offer" from the organisation's public profile, but "we are looking for" only
# from its open public needs, and the demo member's needs are anonymous or for the network
# only: so the wishes are written here. They give nothing of those needs away.
SEEKS = {
    "mitglied-imkk": (
        "Metallbau-Partner für Gestelle und Halterungen unserer Keramikbauteile\n"
        "Werkstoffprüfung und Schadensanalyse an technischer Keramik\n"
        "Kunststoffteile für Verpackung und Transport empfindlicher Bauteile"
    ),
    "institut-imkk": (
        "Unternehmen mit Prüfbedarf an Keramik, Metall oder Kunststoff\n"
        "Partner für gemeinsame Förderprojekte (ZIM, EFRE)\n"
        "Praktikumsplätze und Themen für Abschlussarbeiten"
    ),
    "teilnehmer-filter-imkk": (
        "Hersteller poröser Keramik als Zulieferer für Filterelemente\n"
        "Werkstoffprüfung bei hohen Temperaturen"
    ),
    "teilnehmer-metall-imkk": (
        "Abnehmer für Gestelle, Gehäuse und Schweißbaugruppen\n"
        "Partner für Beschichtung und Oberflächentechnik"
    ),
    "teilnehmer-kunststoff-imkk": (
        "Partner für Werkzeug- und Formenbau\n"
        "Abnehmer für technische Kunststoffteile aus der Keramik- und Metallindustrie"
    ),
}


def _day(weeks: int, hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(weeks=weeks)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def load_demo_events(
    *,
    manager: User,
    member: User,
    institute_user: User,
    fictitious: dict[str, Organisation],
    password: str,
) -> tuple[int, list[tuple[User, bool]]]:
    """Create what is missing; returns how many rows were created and the participant logins."""
    network = Network.objects.get(slug=NETWORK_SLUG)
    created = 0
    logins = []
    for person in PARTICIPANTS:
        user, new = _participant_user(person, fictitious[person.organisation], password)
        logins.append((user, new))
        created += new
    if not Event.objects.filter(slug=MEETING_SLUG).exists():
        _industry_meeting(manager, network)
        created += 1
    day = Event.objects.filter(slug=B2B_SLUG).first()
    if day is None:
        day = _b2b_day(manager, network)
        created += 1
    users = {u.username: u for u in (member, institute_user, *(user for user, _ in logins))}
    for user in users.values():
        registration = Registration.objects.active().filter(event=day, user=user).first()
        if registration is None:
            registration = services.register(user, day)
            created += 1
        if not registration.seeks and user.username in SEEKS:
            services.update_profile(
                user, registration, offers=registration.offers, seeks=SEEKS[user.username]
            )
            created += 1
    if not day.slots.exists():
        services.set_up_slots(
            manager,
            day,
            start=day.starts_at + dt.timedelta(minutes=30),
            count=6,
            minutes=20,
            pause=5,
            tables=3,
            table_prefix="Tisch",
        )
        institute = Registration.objects.active().get(event=day, user=institute_user)
        services.set_availability(institute_user, institute, [day.slots.get(index=0).pk])
        created += 1
    for requester, recipient, priority, accepted in REQUESTS:
        created += _request(day, users[requester], users[recipient], priority, accepted)
    return created, logins


def _participant_user(
    person: DemoParticipant, organisation: Organisation, password: str
) -> tuple[User, bool]:
    user = User.objects.filter(username=person.username).first()
    if user is not None:
        return user, False
    user = User(
        username=person.username,
        first_name=person.first_name,
        last_name=person.last_name,
        email=f"{person.username}@example.org",
        organisation=organisation,
    )
    user.set_password(password)
    user.save()
    return user, True


def _industry_meeting(manager: User, network: Network) -> Event:
    event = Event(
        kind=EventKind.INDUSTRY_MEETING,
        slug=MEETING_SLUG,
        title="IMKK-Branchentreffen Technische Keramik",
        organiser=network,
        description=(
            "Themenspezifisches Branchentreffen des Innovationsclusters: Unternehmen, "
            "Institute und öffentliche Einrichtungen aus Altenkirchen, Neuwied und dem "
            "Westerwaldkreis tauschen sich über Hochtemperaturanwendungen, Fachkräftesicherung "
            "und gemeinsame Förderprojekte aus. Mitglieder nehmen vergünstigt teil.\n\n" + DEMO_NOTE
        ),
        starts_at=_day(6, 16),
        ends_at=_day(6, 20),
        venue="Keramikmuseum Westerwald",
        street="Lindenstraße 13",
        postcode="56203",
        capacity=60,
        price=Decimal("45.00"),
        member_price=Decimal("20.00"),
        registration_deadline=_day(5, 12),
        published=True,
    )
    services.save_event(manager, event, [network])
    for minutes, title in (
        (0, "Begrüßung durch den Vorstand"),
        (20, "Impuls: Keramische Filter für die Heißgasreinigung"),
        (60, "Förderprogramme für Kooperationsprojekte (ZIM, EFRE)"),
        (100, "Get-together und Führung durch die Ausstellung"),
    ):
        ProgrammeItem.objects.create(
            event=event, starts_at=event.starts_at + dt.timedelta(minutes=minutes), title=title
        )
    return event


def _b2b_day(manager: User, network: Network) -> Event:
    event = Event(
        kind=EventKind.B2B_DAY,
        slug=B2B_SLUG,
        title="Kooperationsbörse Keramik, Metall und Kunststoff",
        organiser=network,
        description=(
            "B2B-Gespräche für Mitglieder und Gäste: Sagen Sie, was Sie anbieten und suchen, "
            "fragen Sie 1:1-Gespräche von 20 Minuten an \u2013 der IMKK e.V. stellt daraus Ihren "
            "persönlichen Zeitplan zusammen.\n\n" + DEMO_NOTE
        ),
        starts_at=_day(8, 9),
        ends_at=_day(8, 13),
        venue="Technologiezentrum Westerwald",
        postcode="56410",
        capacity=40,
        price=Decimal("60.00"),
        member_price=Decimal("0.00"),
        registration_deadline=_day(7, 12),
        published=True,
    )
    services.save_event(manager, event, [network])
    ProgrammeItem.objects.create(
        event=event, starts_at=event.starts_at, title="Ankommen und Kaffee"
    )
    ProgrammeItem.objects.create(
        event=event,
        starts_at=event.starts_at + dt.timedelta(minutes=30),
        ends_at=event.starts_at + dt.timedelta(minutes=175),
        title="B2B-Gespräche nach persönlichem Zeitplan",
    )
    return event


def _request(day: Event, requester: User, recipient: User, priority: int, accepted: bool) -> int:
    source = Registration.objects.active().get(event=day, user=requester)
    target = Registration.objects.active().get(event=day, user=recipient)
    if MeetingRequest.objects.filter(requester=source, recipient=target).exists():
        return 0
    request = services.send_request(
        requester,
        day,
        recipient_id=target.pk,
        message="Wir würden Sie gern bei der Kooperationsbörse kennenlernen.",
        priority=priority,
    )
    if accepted:
        services.respond(recipient, request, accept=True)
    return 1
