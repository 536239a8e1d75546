"""manage.py archive_audit: move sealed audit events older than the retention period to
an archive file with their signed checkpoint (docs/user/audit.md, "Retention")."""

import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.audit.retention import ArchiveRefused, archive_older_than


class Command(BaseCommand):
    help = (
        "Archive sealed audit events older than AUDIT_RETENTION_DAYS (or --days) to a file "
        "in AUDIT_ARCHIVE_DIR (or --to), with a signed checkpoint; then remove them from "
        "the live tables. Refuses if the trail does not verify."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="Keep this many days in the live trail.")
        parser.add_argument("--to", help="The directory to write the archive file in.")

    def handle(self, *args, days=None, to=None, **options):
        days = settings.AUDIT_RETENTION_DAYS if days is None else days
        cutoff = timezone.now() - datetime.timedelta(days=days)
        try:
            archive = archive_older_than(cutoff=cutoff, directory=to)
        except (ArchiveRefused, ImproperlyConfigured) as error:
            raise CommandError(str(error)) from error
        if archive is None:
            self.stdout.write(f"No sealed events older than {days} days: nothing archived.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Archived {archive.event_count} events (seals {archive.first_position} to "
                f"{archive.last_position}) to {archive.file_name}, SHA-256 {archive.file_sha256}."
            )
        )
