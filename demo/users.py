"""The demo's two teams and one user per role (idempotent: a rerun refreshes them).

Every demo user shares one password: DEMO_PASSWORD if set, otherwise one generated once
and kept under var/. No real person's details are used.
"""

import os
import secrets

from django.conf import settings
from django.db import transaction

from apps.accounts.choices import TeamKind
from apps.accounts.models import Role, Team, User
from apps.core.choices import ProtectiveMarking
from apps.geography.models import LocalAuthority

PREVENT_TEAM = "CTP SE Prevent – Thames Valley"
CYBER_TEAM = "SEROCU Cyber Prevent"

# username, first name, last name, role code, team, clearance
DEMO_USERS = [
    ("gateway.officer", "Gemma", "Gateway", "gateway_officer", PREVENT_TEAM, "OFFICIAL-SENSITIVE"),
    ("prevent.officer", "Priya", "Prevent", "prevent_officer", PREVENT_TEAM, "OFFICIAL-SENSITIVE"),
    ("case.officer", "Callum", "Case", "case_officer", PREVENT_TEAM, "OFFICIAL-SENSITIVE"),
    ("cyber.officer", "Cyrus", "Cyber", "cyber_officer", CYBER_TEAM, "OFFICIAL-SENSITIVE"),
    ("supervisor", "Sam", "Supervisor", "supervisor", PREVENT_TEAM, "OFFICIAL-SENSITIVE"),
    ("sio", "Sofia", "Investigator", "sio", PREVENT_TEAM, "OFFICIAL-SENSITIVE"),
    ("analyst", "Ana", "Analyst", "analyst", PREVENT_TEAM, "OFFICIAL-SENSITIVE"),
    ("panel.member", "Pat", "Panel", "panel_member", None, "OFFICIAL"),
    ("admin", "Adam", "Administrator", "administrator", None, "OFFICIAL"),
    ("data.protection", "Dee", "Protection", "data_protection", None, "OFFICIAL-SENSITIVE"),
    (
        "cyber.supervisor",
        "Cara",
        "Cyber-Supervisor",
        "supervisor",
        CYBER_TEAM,
        "OFFICIAL-SENSITIVE",
    ),
]


def demo_password() -> str:
    """DEMO_PASSWORD if set; otherwise one generated once and kept under var/."""
    supplied = os.environ.get("DEMO_PASSWORD")
    if supplied:
        return supplied
    stored = settings.VAR_DIR / "demo_password"
    if not stored.exists():
        stored.parent.mkdir(parents=True, exist_ok=True)
        stored.write_text(secrets.token_urlsafe(12))
        stored.chmod(0o600)
    return stored.read_text().strip()


def seed_teams_and_users(stdout, *, people: int) -> None:
    """Create or refresh the teams and users every later seeder acts as."""
    password = demo_password()
    with transaction.atomic():
        teams = _teams()
        users = {}
        for username, first, last, role_code, team_name, clearance in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username)
            user.first_name, user.last_name = first, last
            user.email = f"{username}@example.invalid"
            user.role = Role.objects.get(code=role_code)
            user.team = teams.get(team_name)
            user.clearance = ProtectiveMarking(clearance)
            user.is_staff = role_code == "administrator"
            user.set_password(password)
            user.save()
            users[username] = user
        managers = {PREVENT_TEAM: users["supervisor"], CYBER_TEAM: users["cyber.supervisor"]}
        for user in users.values():
            manager = managers.get(user.team.name if user.team else None)
            if manager and manager != user and user.role.code != "supervisor":
                user.line_manager = manager
                user.save(update_fields=["line_manager"])


def _teams() -> dict[str, Team]:
    every_area = list(LocalAuthority.objects.all())
    prevent, _ = Team.objects.get_or_create(name=PREVENT_TEAM, defaults={"kind": TeamKind.PREVENT})
    cyber, _ = Team.objects.get_or_create(name=CYBER_TEAM, defaults={"kind": TeamKind.CYBER})
    prevent.local_authorities.set(every_area)
    cyber.local_authorities.set(every_area)
    return {PREVENT_TEAM: prevent, CYBER_TEAM: cyber}
