"""Send the reminders nobody has had yet: tasks due today and overdue, and every other
registered reminder (apps.work.registry). Run it daily (cron, or a systemd timer)."""

import datetime

from django.core.management.base import BaseCommand

from apps.work.services import reminders_send


class Command(BaseCommand):
    help = "Send due and overdue reminders (each once) as in-service notifications."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="Check as of this day (YYYY-MM-DD)."
        )

    def handle(self, *args, date=None, **options):
        sent = reminders_send(today=date)
        self.stdout.write(f"Sent {sent} reminder{'s' if sent != 1 else ''}.")
