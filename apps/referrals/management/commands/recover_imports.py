"""manage.py recover_imports [--stale-after SECONDS]

Resume (queue again) or fail referral import batches left running by a worker that
stopped, or waiting for a task that no longer exists. scripts/serve-demo.sh runs it with
--stale-after 0 before starting the worker: no worker is running then, so every running
batch is stale.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand

from apps.referrals.imports import referral_imports_recover


class Command(BaseCommand):
    help = "Resume or fail referral imports whose worker stopped."

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale-after",
            type=int,
            default=settings.IMPORT_STALE_AFTER_SECONDS,
            help="Seconds without a sign of life after which a running batch is stale "
            "(default IMPORT_STALE_AFTER_SECONDS; 0 when no worker is running).",
        )

    def handle(self, *args, stale_after: int, **options):
        outcomes = referral_imports_recover(
            stale_after=datetime.timedelta(seconds=max(stale_after, 0))
        )
        self.stdout.write(
            f"Stale imports: {outcomes.get('resumed', 0)} resumed, "
            f"{outcomes.get('failed', 0)} failed."
        )
