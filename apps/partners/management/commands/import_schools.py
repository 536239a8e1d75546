"""manage.py import_schools FILE.csv --team NAME: load the region's schools from a GIAS extract."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.accounts.models import Team
from apps.partners.gias import ImportRejected, import_schools


class Command(BaseCommand):
    help = (
        "Load the region's schools and colleges from a Get Information about Schools "
        "establishment extract (CSV). All rows or none; re-running updates by URN."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--team", required=True, help="The team that owns the imported organisations."
        )

    def handle(self, *args, file: Path, team: str, **options):
        owner = Team.objects.filter(name=team).first()
        if owner is None:
            raise CommandError(f"No team is called {team!r}.")
        if not file.is_file():
            raise CommandError(f"No file at {file}.")
        try:
            result = import_schools(file.read_bytes(), team=owner)
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(error)
            raise CommandError(
                f"Nothing was imported: {len(rejected.errors)} problems in {file.name}."
            ) from None
        self.stdout.write(
            f"Imported {file.name}: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged ({result.closed} closed); "
            f"{result.skipped_other_regions} rows from other regions skipped."
        )
