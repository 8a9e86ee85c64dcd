"""Demo postings of the talent exchange for the demo networks, and one application.

IMKK: a master thesis at a technical-ceramics member, supervised by the FGK in
Höhr-Grenzhausen, an apprenticeship and an internship there, further training at the FGK;
SmartERZ: a secondment from TU Chemnitz into an Erzgebirge SME and a working student job;
Emscher-Lippe and hannoverimpuls: a job and an internship at their members. Postings go
through talent.services like any user's and only when missing, so a second run changes
nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from nahwerk.accounts.models import User
from nahwerk.directory.models import Organisation
from nahwerk.talent import services
from nahwerk.talent.choices import FieldOfWork, Language, PostingKind
from nahwerk.talent.models import Application, Posting

FGK = "fgk-forschungsinstitut-glas-keramik"
TU_CHEMNITZ = "technische-universitaet-chemnitz"


def _member(network: str, kinds: tuple[str, ...] = ("sme", "company")) -> Organisation | None:
    """The network's first fictitious member of these kinds (stable across runs)."""
    return (
        Organisation.objects.filter(
            memberships__network__slug=network, is_fictitious=True, kind__in=kinds
        )
        .order_by("external_id")
        .first()
    )


def _postings(member_org: Organisation | None) -> list[tuple[Organisation | None, dict[str, Any]]]:
    fgk = Organisation.objects.filter(slug=FGK).first()
    tu = Organisation.objects.filter(slug=TU_CHEMNITZ).first()
    today = timezone.localdate()
    return [
        (
            member_org,
            {
                "kind": PostingKind.MASTER_THESIS,
                "title": (
                    "Masterarbeit: Sinterverzug dünnwandiger Aluminiumoxid-Bauteile vorhersagen"
                ),
                "description": (
                    "Dünnwandige Bauteile aus Aluminiumoxid verziehen sich beim Sintern. Sie "
                    "messen Schwindung und Verzug an Musterteilen aus unserer Fertigung, "
                    "bauen ein Simulationsmodell des Sinterns auf und leiten daraus "
                    "Vorhaltemaße für die Konstruktion ab."
                ),
                "requirements": (
                    "Studium Werkstofftechnik, Keramik oder Maschinenbau; Interesse an Simulation."
                ),
                "field_of_work": FieldOfWork.MATERIALS,
                "chair": fgk,
                "chair_name": "Werkstoffprüfung und Sintertechnik",
                "starts_on": today + dt.timedelta(days=45),
                "ends_on": today + dt.timedelta(days=45 + 180),
                "expires_on": today + dt.timedelta(days=40),
            },
        ),
        (
            member_org,
            {
                "kind": PostingKind.APPRENTICESHIP,
                "title": "Ausbildung zum Industriekeramiker Anlagentechnik (m/w/d)",
                "description": (
                    "Drei Jahre Ausbildung in einem Keramikbetrieb im Westerwald: Massen "
                    "aufbereiten, Bauteile formen, Öfen fahren und die Qualität prüfen. "
                    "Berufsschule in Höhr-Grenzhausen."
                ),
                "requirements": "Guter Haupt- oder Realschulabschluss, Freude an Technik.",
                "field_of_work": FieldOfWork.CRAFTS,
                "starts_on": dt.date(today.year + (1 if today.month >= 8 else 0), 8, 1),
                "expires_on": today + dt.timedelta(days=90),
            },
        ),
        (
            member_org,
            {
                "kind": PostingKind.INTERNSHIP,
                "title": "Praxissemester in der Qualitätsprüfung technischer Keramik",
                "description": (
                    "Sie prüfen Bauteile aus Aluminiumoxid und Zirkonoxid: Maßhaltigkeit, "
                    "Dichte, Gefüge im Schliffbild. Dazu bauen Sie mit uns eine kamerabasierte "
                    "Sichtprüfung auf."
                ),
                "field_of_work": FieldOfWork.ENGINEERING,
                "language": Language.BOTH,
                "expires_on": today + dt.timedelta(days=60),
            },
        ),
        (
            fgk,
            {
                "kind": PostingKind.FURTHER_TRAINING,
                "title": "Weiterbildung: Keramische Werkstoffe für Quereinsteiger",
                "description": (
                    "Vier Tage Grundlagen der Keramik für Beschäftigte aus Metall und "
                    "Kunststoff: Rohstoffe, Formgebung, Brand, Eigenschaften, Prüfung. Mit "
                    "Praxisteil im Technikum in Höhr-Grenzhausen."
                ),
                "field_of_work": FieldOfWork.MATERIALS,
                "expires_on": today + dt.timedelta(days=75),
            },
        ),
        (
            tu,
            {
                "kind": PostingKind.SECONDMENT,
                "title": (
                    "Personalaustausch: Wissenschaftler/in der TU Chemnitz für ein Jahr "
                    "in ein Erzgebirgs-KMU"
                ),
                "description": (
                    "Im Rahmen von SmartERZ arbeitet eine Wissenschaftlerin oder ein "
                    "Wissenschaftler der TU Chemnitz ein Jahr lang in einem Unternehmen des "
                    "Erzgebirges mit, etwa an smarten Textilien oder Sensorik in Bauteilen. "
                    "Wir suchen Unternehmen, die einen Arbeitsplatz und ein Thema bieten, "
                    "und Forschende, die den Wechsel wagen."
                ),
                "field_of_work": FieldOfWork.ENGINEERING,
                "starts_on": today + dt.timedelta(days=90),
                "ends_on": today + dt.timedelta(days=90 + 365),
                "expires_on": today + dt.timedelta(days=80),
            },
        ),
        (
            _member("smarterz"),
            {
                "kind": PostingKind.WORKING_STUDENT,
                "title": "Werkstudent/in Produktionsdaten und Sensorik",
                "description": (
                    "15 Stunden pro Woche: Sie binden Sensoren unserer Fertigung an, werten "
                    "Produktionsdaten aus und bauen Auswertungen für die Schichtleitung."
                ),
                "field_of_work": FieldOfWork.COMPUTING,
                "language": Language.BOTH,
                "expires_on": today + dt.timedelta(days=50),
            },
        ),
        (
            _member("emscher-lippe"),
            {
                "kind": PostingKind.JOB,
                "title": "Ingenieur/in Verfahrenstechnik (m/w/d)",
                "description": (
                    "Sie planen und optimieren Anlagen in unserer Fertigung, begleiten "
                    "Umbauten und arbeiten mit Hochschulen der Region an neuen Verfahren."
                ),
                "field_of_work": FieldOfWork.ENGINEERING,
                "expires_on": today + dt.timedelta(days=60),
            },
        ),
        (
            _member("hannoverimpuls"),
            {
                "kind": PostingKind.INTERNSHIP,
                "title": "Praktikum Marketing und Vertrieb",
                "description": (
                    "Drei bis sechs Monate: Sie bereiten Messeauftritte vor, pflegen Kontakte "
                    "zu Kunden und schreiben für unsere Website."
                ),
                "field_of_work": FieldOfWork.BUSINESS,
                "language": Language.BOTH,
                "expires_on": today + dt.timedelta(days=45),
            },
        ),
    ]


def load_demo_talent(*, member: User) -> int:
    """Create the demo postings (and one application) if missing; returns how many."""
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    created = 0
    for organisation, values in _postings(member.organisation):
        if organisation is None or admin is None:
            continue
        if Posting.objects.filter(organisation=organisation, title=values["title"]).exists():
            continue
        values.setdefault("language", Language.GERMAN)
        # the member login posts for its own organisation; the others as the administrator
        author = member if member.organisation_id == organisation.pk else admin
        services.save_posting(
            user=author, organisation=organisation, data=services.PostingInput(**values)
        )
        created += 1
    apprenticeship = Posting.objects.filter(
        organisation=member.organisation_id, kind=PostingKind.APPRENTICESHIP
    ).first()
    if apprenticeship is not None and not apprenticeship.applications.exists():
        services.apply(
            posting=apprenticeship,
            data=services.ApplicationInput(
                name="Jonas Beispiel",
                email="jonas.beispiel@example.org",
                message=(
                    "Ich mache im Sommer meinen Realschulabschluss in Montabaur und habe in "
                    "den Ferien schon in einer Töpferei mitgearbeitet. Über eine Einladung "
                    "zum Kennenlernen freue ich mich."
                ),
                consent=True,
            ),
        )
        created += 1
    return created


__all__ = ["Application", "load_demo_talent"]
