"""manage.py send_partner_reminders: tell owners what expires within 30 days (run daily)."""

from django.core.management.base import BaseCommand

from apps.partners.services import expiry_reminders_send


class Command(BaseCommand):
    help = (
        "Notify the owning officer of each information-sharing agreement and provider "
        "approval or due-diligence check that expires within 30 days (once each)."
    )

    def handle(self, *args, **options):
        sent = expiry_reminders_send()
        self.stdout.write(
            f"Reminders sent: {sent['agreements']} agreements, "
            f"{sent['provider_checks']} provider checks."
        )
