"""manage.py seed_demo: synthetic demo teams, users and records (idempotent).

Runs the seeders in demo/seeders.py in order. No real person's details are ever used.
"""

from django.core.management.base import BaseCommand

from apps.accounts.models import Role
from demo import seeders
from demo.users import DEMO_USERS, demo_password


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
        for seeder in seeders.SEEDERS:
            seeder(self.stdout, people=options["people"])
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in with any of these:"))
        for username, _first, _last, role_code, team_name, _ in DEMO_USERS:
            role = Role.objects.get(code=role_code).name
            self.stdout.write(f"  {username:<18} {role:<36} {team_name or '(no team)'}")
        self.stdout.write(f"Password for every demo user: {demo_password()}")
