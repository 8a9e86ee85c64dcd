"""Demo needs of the IMKK network, taken through the real brokering steps.

One anonymous need is routed to two institutes and answered by one of them (so the
loop, the timeline and the overview have something to show); a second need waits in
the manager's inbox. The steps run through brokering.services like any user's, and only
when the need does not exist yet, so loading the demo twice changes nothing.
"""

from __future__ import annotations

from nahwerk.accounts.models import User
from nahwerk.brokering import services
from nahwerk.brokering.models import Need, PartnerKind, Posting, ReferralResponse
from nahwerk.directory.models import Organisation

ROUTED_TITLE = "Keramische Hochtemperaturfilter für die Heißgasreinigung gesucht"
ROUTED_TEXT = (
    "Für unsere neue Brennofenlinie suchen wir einen Forschungspartner, der keramische "
    "Hochtemperaturfilter für die Heißgasreinigung (bis 900 °C) mit uns entwickelt und "
    "prüft. Gern mit gemeinsamem Förderantrag (ZIM)."
)
NEW_TITLE = "Partner für die Digitalisierung der Qualitätsprüfung gesucht"
NEW_TEXT = (
    "Wir möchten die Sichtprüfung unserer Keramikbauteile mit Kameras und maschinellem "
    "Lernen automatisieren und suchen ein Institut oder Unternehmen mit Erfahrung in "
    "industrieller Bildverarbeitung."
)


def load_demo_needs(
    asker: User, manager: User, institute_user: User, institutes: list[Organisation]
) -> int:
    """Create the demo needs if missing; returns how many were created."""
    created = 0
    network_id = services.networks_for_posting(asker)[0]
    if not Need.objects.filter(organisation=asker.organisation_id, title=ROUTED_TITLE).exists():
        need = services.post_need(
            asker,
            network_id,
            services.NeedInput(
                title=ROUTED_TITLE,
                description=ROUTED_TEXT,
                partner_kind=PartnerKind.RESEARCH_INSTITUTE,
                posting=Posting.ANONYMOUS,
                field_id="23",
            ),
        )
        services.accept_need(manager, need)
        services.route_need(
            manager,
            need,
            [org.pk for org in institutes],
            "Ein Mitgliedsunternehmen sucht Unterstützung; bitte antworten Sie über nahwerk.",
        )
        services.answer_referral(
            institute_user,
            need,
            ReferralResponse.QUESTION,
            "Das passt zu unseren Arbeiten an porösen Keramiken. Welche Gaszusammensetzung "
            "und welchen Volumenstrom erwarten Sie?",
        )
        created += 1
    if not Need.objects.filter(organisation=asker.organisation_id, title=NEW_TITLE).exists():
        services.post_need(
            asker,
            network_id,
            services.NeedInput(
                title=NEW_TITLE,
                description=NEW_TEXT,
                partner_kind=PartnerKind.ANY,
                posting=Posting.NETWORK,
                max_distance_km=100,
            ),
        )
        created += 1
    return created
