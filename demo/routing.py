"""Routing rules for the demo: Cyber Prevent referrals from every area go to the demo's
Cyber Prevent team (the rule a data migration makes for a deployment's existing teams)."""

from django.db import transaction

from apps.accounts.choices import TeamKind
from apps.accounts.models import Team
from apps.referrals.choices import RoutingKind
from apps.referrals.models import RoutingRule


def seed_routing_rules(stdout, *, people: int) -> None:
    """One rule per area each Cyber Prevent team alone covers, and with only one such team,
    one for every other area (idempotent)."""
    with transaction.atomic():
        teams_by_area: dict[int, list[Team]] = {}
        for team in Team.objects.filter(kind=TeamKind.CYBER, is_active=True):
            for area in team.local_authorities.all():
                teams_by_area.setdefault(area.pk, []).append(team)
        made = 0
        cyber_teams = {team.pk: team for teams in teams_by_area.values() for team in teams}
        if len(cyber_teams) == 1:
            # The only Cyber Prevent team also takes referrals whose area is not known.
            _, created = RoutingRule.objects.get_or_create(
                kind=RoutingKind.CYBER,
                local_authority=None,
                defaults={"team": next(iter(cyber_teams.values()))},
            )
            made += created
        for area_id, teams in teams_by_area.items():
            if len(teams) == 1:
                _, created = RoutingRule.objects.get_or_create(
                    kind=RoutingKind.CYBER, local_authority_id=area_id, defaults={"team": teams[0]}
                )
                made += created
    stdout.write(f"Routing rules: {made} added for Cyber Prevent referrals.")
