"""Load an assessment framework version from a YAML or JSON file.

manage.py load_assessment_framework path/to/framework.yaml [--not-current]
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from apps.assessments.services import framework_load


class Command(BaseCommand):
    help = "Load an assessment framework version (dimensions, factors, prompts) from a file."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--not-current",
            action="store_true",
            help="Load it without making it the version new assessments use.",
        )

    def handle(self, *args, file: Path, not_current: bool, **options):
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        try:
            framework = framework_load(
                content=content, loaded_by=None, make_current=not not_current
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        factors = sum(dimension.factors.count() for dimension in framework.dimensions.all())
        self.stdout.write(
            f"Loaded {framework}: {framework.dimensions.count()} dimensions, {factors} factors"
            + ("" if not_current else " (now the current version)")
        )
