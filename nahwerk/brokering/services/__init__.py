"""The brokering loop: post a need, triage, route, answer, talk, reveal, close.

Every function checks the actor's rights (``brokering.access``), writes its changes and the
timeline step in one transaction, notifies the people concerned inside the platform and
sends the e-mails after the transaction, so a failing mail server never loses a step.
Pages and the API call these functions; neither writes needs on its own.

- ``common``: the error type, the rights check, the row lock, reasons
- ``notifications``: who is told about a step, notifications and e-mails
- ``posting``: posting and editing a need, triage (accept, reject)
- ``routing``: a need's matches, the routing proposal, routing
- ``answers``: answers of routed organisations, threads, the asker revealing itself
- ``outcome``: cooperation started or closed
- ``timeline``: showing the steps as each user may know them
"""

from __future__ import annotations

from nahwerk.brokering.services.answers import answer_referral, reveal_asker, write_message
from nahwerk.brokering.services.common import BrokeringError, is_open
from nahwerk.brokering.services.notifications import (
    mark_read,
    network_managers,
    organisation_users,
    send_event_mails,
    unread_notifications,
)
from nahwerk.brokering.services.outcome import set_outcome
from nahwerk.brokering.services.posting import (
    NeedInput,
    accept_need,
    edit_need,
    networks_for_posting,
    post_need,
    reject_need,
)
from nahwerk.brokering.services.routing import (
    DEFAULT_ROUTING,
    PARTNER_KINDS,
    matches_for,
    need_filters,
    routable_organisations,
    route_need,
    suggested_routing,
)
from nahwerk.brokering.services.timeline import (
    actor_label,
    asker_label,
    describe_event,
    visible_events,
)

__all__ = [
    "DEFAULT_ROUTING",
    "PARTNER_KINDS",
    "BrokeringError",
    "NeedInput",
    "accept_need",
    "actor_label",
    "answer_referral",
    "asker_label",
    "describe_event",
    "edit_need",
    "is_open",
    "mark_read",
    "matches_for",
    "need_filters",
    "network_managers",
    "networks_for_posting",
    "organisation_users",
    "post_need",
    "reject_need",
    "reveal_asker",
    "routable_organisations",
    "route_need",
    "send_event_mails",
    "set_outcome",
    "suggested_routing",
    "unread_notifications",
    "visible_events",
    "write_message",
]
