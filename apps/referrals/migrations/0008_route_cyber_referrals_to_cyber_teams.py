"""Routing rules for the teams already in the database: each active Cyber Prevent team
handles Cyber Prevent referrals for the areas it covers (an area two teams cover is left
for an administrator to decide); where there is only one Cyber Prevent team, it also takes
referrals whose area is not known. A database with no Cyber Prevent team gets no rule, and
referrals stay with the team that receives them until an administrator adds one."""

from django.db import migrations

CYBER = "cyber"


def add_rules(apps, schema_editor):
    Team = apps.get_model("accounts", "Team")
    RoutingRule = apps.get_model("referrals", "RoutingRule")
    teams_by_area: dict[int, list] = {}
    for team in Team.objects.filter(kind=CYBER, is_active=True).prefetch_related(
        "local_authorities"
    ):
        for area in team.local_authorities.all():
            teams_by_area.setdefault(area.pk, []).append(team)
    cyber_teams = {team.pk: team for teams in teams_by_area.values() for team in teams}
    if len(cyber_teams) == 1:
        RoutingRule.objects.get_or_create(
            kind=CYBER, local_authority=None, defaults={"team": next(iter(cyber_teams.values()))}
        )
    for area_id, teams in teams_by_area.items():
        if len(teams) == 1:
            RoutingRule.objects.get_or_create(
                kind=CYBER, local_authority_id=area_id, defaults={"team": teams[0]}
            )


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0007_routing_rules_and_referrer_feedback"),
        ("accounts", "0002_seed_roles"),
    ]

    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
