"""Routing at intake: a Cyber Prevent referral goes to the team that handles Cyber Prevent
for its area, whichever way it arrived (web form, API, import).

The rules are data (`RoutingRule`, edited by administrators; ADR 0024). A referral is a
Cyber Prevent referral when the referrer marked it so or named Computer Misuse Act
sections. Its area is the local authority of the person's postcode, where the postcode
alone says which; a rule without an area covers every area no other rule names. With no
rule for it, a referral stays with the team that received it. Routing decides the owning
team once, before the referral is stored, and the creation event records where it went.
"""

from dataclasses import dataclass

from apps.accounts.models import Team
from apps.geography.selectors import local_authority_for_postcode
from apps.referrals.choices import RoutingKind
from apps.referrals.models import Referral, RoutingRule

EVERY_OTHER_AREA = None


@dataclass(frozen=True)
class RoutingRules:
    """The active Cyber Prevent rules by area id (None: every other area), read once a batch."""

    teams_by_area: dict[int | None, Team]

    @classmethod
    def load(cls) -> "RoutingRules":
        rules = RoutingRule.objects.filter(
            kind=RoutingKind.CYBER, is_active=True, team__is_active=True
        ).select_related("team")
        return cls(teams_by_area={rule.local_authority_id: rule.team for rule in rules})

    def team_for(self, referral: Referral) -> Team | None:
        if not self.teams_by_area:
            return None
        area = local_authority_for_postcode(referral.subject_postcode)
        if area is not None and area.pk in self.teams_by_area:
            return self.teams_by_area[area.pk]
        return self.teams_by_area.get(EVERY_OTHER_AREA)


def referral_route(referral: Referral, *, rules: RoutingRules) -> Referral:
    """Give an unsaved Cyber Prevent referral to the team its rule names (in place)."""
    if referral.is_cyber_prevent:
        team = rules.team_for(referral)
        if team is not None:
            referral.team = team
    return referral


def routing_detail(referral: Referral, *, received_by: Team) -> dict:
    """What the creation event says about routing: where the referral went, if it moved."""
    if referral.team_id == received_by.pk:
        return {}
    return {
        "routed_to": referral.team.name,
        "received_by": received_by.name,
        "routed_because": RoutingKind.CYBER.label,
    }
