"""manage.py seed_demo: synthetic demo teams and users (idempotent).

Later apps add their synthetic records through DEMO_SEEDERS below. No real
person's details are ever used.
"""

import os
import secrets

from django.conf import settings
from django.core.management.base import BaseCommand
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

# Functions (stdout, *, people) -> None that later apps append to seed their synthetic records.
DEMO_SEEDERS: list = []


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


class Command(BaseCommand):
    help = "Create (or refresh) the synthetic demo teams, users and records."

    def add_arguments(self, parser):
        parser.add_argument(
            "--people",
            type=int,
            default=320,
            help="How many synthetic people to refer over the year (default 320)",
        )

    def handle(self, *args, **options):
        password = demo_password()
        with transaction.atomic():
            teams = self._teams()
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
        for seeder in DEMO_SEEDERS:
            seeder(self.stdout, people=options["people"])
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in with any of these:"))
        for username, _first, _last, role_code, team_name, _ in DEMO_USERS:
            role = Role.objects.get(code=role_code).name
            self.stdout.write(f"  {username:<18} {role:<36} {team_name or '(no team)'}")
        self.stdout.write(f"Password for every demo user: {password}")

    def _teams(self) -> dict[str, Team]:
        every_area = list(LocalAuthority.objects.all())
        prevent, _ = Team.objects.get_or_create(
            name=PREVENT_TEAM, defaults={"kind": TeamKind.PREVENT}
        )
        cyber, _ = Team.objects.get_or_create(name=CYBER_TEAM, defaults={"kind": TeamKind.CYBER})
        prevent.local_authorities.set(every_area)
        cyber.local_authorities.set(every_area)
        return {PREVENT_TEAM: prevent, CYBER_TEAM: cyber}
