"""manage.py generate_synthetic --people N --referrals M

Scales the demo's synthetic generator to benchmark sizes (a million people and more).
People go in through a bulk loader (COPY on PostgreSQL); referrals through the same
validation as every other way in, in batches. Synthetic data only.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from apps.accounts.models import Team, User
from apps.referrals.services import referral_import_rows
from demo.bulk import iter_limited, load_people
from demo.referrals import referral_data
from demo.synthetic import generate_people, generate_referrals
from demo.users import PREVENT_TEAM


class Command(BaseCommand):
    help = "Load N synthetic people and M synthetic referrals (for benchmarks and demos)."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, required=True)
        parser.add_argument("--referrals", type=int, default=0)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--team", default=PREVENT_TEAM)
        parser.add_argument("--user", default="gateway.officer")

    def handle(self, *args, people: int, referrals: int, seed: int, team: str, user: str, **o):
        owner = Team.objects.filter(name=team).first()
        loader = User.objects.filter(username=user).first()
        if owner is None or loader is None:
            raise CommandError("Run seed_demo first, or name an existing --team and --user.")
        if people < 1:
            raise CommandError("--people must be at least 1")
        year_start = timezone.localdate() - datetime.timedelta(days=365)
        generated = generate_people(people, seed=seed, as_of=year_start)
        progress = tqdm(generated, total=people, unit="person", disable=o["verbosity"] == 0)
        rows = []

        def keep(row_iter):
            for row in row_iter:
                if referrals:
                    rows.append(row)
                yield row

        ids = load_people(keep(progress), team=owner, user=loader)
        self.stdout.write(f"Loaded {len(ids)} people.")
        if referrals:
            self._referrals(rows, referrals, seed, year_start, owner, loader, ids)

    def _referrals(self, people, count, seed, year_start, owner, loader, ids):
        by_record = {row["record_id"]: row for row in people}
        today = timezone.localdate()
        items = (
            item
            for item in generate_referrals(people, year_start=year_start, seed=seed)
            if datetime.date.fromisoformat(str(item["date_received"])) <= today
        )
        batch, created = [], 0
        for number, item in enumerate(iter_limited(items, count), start=1):
            batch.append((number, referral_data(item, by_record[item["record_id"]])))
            if len(batch) == 1000:
                created += self._import(batch, owner, loader)
                batch = []
        if batch:
            created += self._import(batch, owner, loader)
        self.stdout.write(f"Loaded {created} referrals.")

    def _import(self, batch, owner, loader) -> int:
        result = referral_import_rows(rows=batch, team=owner, imported_by=loader)
        if not result.ok:
            raise CommandError(f"Generated referral rejected: {result.errors[0].as_dict()}")
        return len(result.created)
