"""manage.py import_referrals FILE --team NAME --user USERNAME

All-or-nothing: if any row is wrong nothing is imported and every problem is listed
by row and field. Rows already imported (same source_reference) are skipped.
"""

from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from apps.accounts.models import Team, User
from apps.referrals.choices import ImportStatus
from apps.referrals.imports import referral_import_run
from apps.referrals.models import ReferralImport


class Command(BaseCommand):
    help = "Import referrals from a CSV or XLSX file (all rows or none)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--team", required=True, help="Name of the team that owns them")
        parser.add_argument("--user", required=True, help="Username recorded as importing them")

    def handle(self, *args, file: Path, team: str, user: str, **options):
        if not file.exists():
            raise CommandError(f"No such file: {file}")
        owner = Team.objects.filter(name=team).first()
        if owner is None:
            raise CommandError(f"No team called {team!r}")
        importer = User.objects.filter(username=user, is_active=True).first()
        if importer is None:
            raise CommandError(f"No active user called {user!r}")
        with file.open("rb") as handle:
            batch = ReferralImport(
                team=owner, original_name=file.name, created_by=importer, updated_by=importer
            )
            batch.file.save(f"{batch.id}{file.suffix.lower()}", File(handle), save=False)
            batch.save()
        with tqdm(total=0, unit="row", desc="Checking", disable=options["verbosity"] == 0) as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.n = done
                bar.refresh()

            batch = referral_import_run(batch=batch, progress=progress)
        if batch.status != ImportStatus.SUCCEEDED:
            if batch.failure_reason:
                raise CommandError(batch.failure_reason)
            for error in batch.errors:
                self.stderr.write(f"Row {error['row']}, {error['field']}: {error['message']}")
            raise CommandError(f"Nothing imported: {len(batch.errors)} problem(s) found.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {batch.created_count} referral(s); "
                f"{batch.skipped_count} already imported and skipped."
            )
        )
