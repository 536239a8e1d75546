"""Dispose of anonymous Cyber Prevent enquiries never converted to a referral, once they are
older than CYBER_ENQUIRY_RETENTION_DAYS: their content is deleted, a tombstone and an audit
event remain. Run it daily (cron, or a systemd timer)."""

import datetime

from django.core.management.base import BaseCommand

from apps.cyber_enquiries.services import enquiries_dispose_due


class Command(BaseCommand):
    help = "Dispose of unconverted Cyber Prevent enquiries past the retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="Check as of this day (YYYY-MM-DD)."
        )

    def handle(self, *args, date=None, **options):
        count = enquiries_dispose_due(today=date)
        self.stdout.write(f"Disposed of {count} enquir{'y' if count == 1 else 'ies'}.")
