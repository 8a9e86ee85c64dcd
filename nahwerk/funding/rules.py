"""The formal consortium rules that an EU call's type of action implies.

Only where a published rule states them; everything else is left open (None), because a
call's own conditions may say otherwise and nothing is shown as fact without a source.

Sources:

- Horizon Europe, General Annexes of the Work Programme 2025 (Annex B, "Eligibility"):
  "Unless otherwise provided for in the specific conditions of the call, legal entities
  forming a consortium are eligible to participate in actions provided that the
  consortium includes, as beneficiaries, at least three legal entities independent from
  each other and each established in a different country as follows: at least one
  independent legal entity established in a Member State; and at least two other
  independent legal entities, each established in different Member States or Associated
  Countries." This is the rule of research and innovation actions (RIA), innovation
  actions (IA), pre-commercial procurement (PCP) and public procurement of innovative
  solutions (PPI), also in the calls of the joint undertakings, and of MSCA doctoral
  networks and staff exchanges (Regulation (EU) 2021/695, Art. 22(2)). The same annex:
  coordination and support actions (CSA) "may be carried out by one or more legal
  entities" (Art. 22(3)): one partner suffices. ERC grants, EIC grants and equity,
  MSCA postdoctoral fellowships and prizes have no consortium (Art. 22(5), Rules of
  Contest): no rule.
- Euratom research and training programme (Regulation (Euratom) 2021/765, Art. 7
  referring to the Horizon Europe rules): the same rules for its RIA, IA and CSA.
- European Defence Fund (Regulation (EU) 2021/697, Art. 10(4)): research and development
  actions are undertaken by at least three eligible entities established in at least
  three different Member States or associated countries.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

__all__ = ["ConsortiumRule", "rule_for"]


@dataclass(frozen=True)
class ConsortiumRule:
    """Minimum partners and countries, and where the rule comes from."""

    min_partners: int | None
    min_countries: int | None
    source: str | Promise


_HORIZON_COLLABORATIVE = ConsortiumRule(
    3,
    3,
    _(
        "Horizon Europe General Annexes, Annex B: at least three independent legal "
        "entities from three different EU Member States or Associated Countries."
    ),
)
_HORIZON_SINGLE = ConsortiumRule(
    1,
    1,
    _("Horizon Europe General Annexes, Annex B: one legal entity may carry out a CSA."),
)
_HORIZON_NONE = ConsortiumRule(
    None,
    None,
    _("No consortium required (ERC, EIC, MSCA fellowships, prizes: Regulation (EU) 2021/695)."),
)
_EDF = ConsortiumRule(
    3,
    3,
    _(
        "European Defence Fund, Regulation (EU) 2021/697, Art. 10(4): at least three "
        "entities from three different Member States or associated countries."
    ),
)

# The portal's "types of action" (typesOfAction), matched on words of the name; the
# first rule whose words all occur applies.
_RULES: tuple[tuple[tuple[str, ...], ConsortiumRule], ...] = (
    (("prize",), _HORIZON_NONE),
    (("horizon", "erc"), _HORIZON_NONE),
    (("horizon", "eic"), _HORIZON_NONE),
    (("msca", "postdoctoral"), _HORIZON_NONE),
    (("msca", "cofund"), ConsortiumRule(None, None, "")),
    (("msca", "doctoral networks"), _HORIZON_COLLABORATIVE),
    (("msca", "staff exchanges"), _HORIZON_COLLABORATIVE),
    (("horizon", "research and innovation actions"), _HORIZON_COLLABORATIVE),
    (("horizon", "innovation actions"), _HORIZON_COLLABORATIVE),
    (("horizon", "pre-commercial procurement"), _HORIZON_COLLABORATIVE),
    (("horizon", "public procurement of innovative solutions"), _HORIZON_COLLABORATIVE),
    (("horizon", "coordination and support actions"), _HORIZON_SINGLE),
    (("euratom", "research and innovation actions"), _HORIZON_COLLABORATIVE),
    (("euratom", "innovation actions"), _HORIZON_COLLABORATIVE),
    (("euratom", "coordination and support actions"), _HORIZON_SINGLE),
    (("edf", "research actions"), _EDF),
    (("edf", "development actions"), _EDF),
)

NO_RULE = ConsortiumRule(None, None, "")


def rule_for(types_of_action: str, action_type: str = "") -> ConsortiumRule:
    """The consortium rule for a call's type of action, or ``NO_RULE`` when none is known.

    >>> rule_for("HORIZON  Research and Innovation Actions").min_partners
    3
    >>> rule_for("HORIZON Coordination and Support Actions").min_partners
    1
    >>> rule_for("LIFE Project Grants") is NO_RULE
    True
    """
    name = " ".join(f"{types_of_action} {action_type}".lower().split())
    for words, rule in _RULES:
        if all(word in name for word in words):
            return rule
    return NO_RULE
