"""Score every candidate duplicate pair in a CSV of people with the stored model.

The output lists suggestions for officers to review; nothing is merged.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.matching import linkage
from apps.matching.management.commands.estimate_matching_model import _read_csv


class Command(BaseCommand):
    help = "Write id_l, id_r, match_probability for every candidate pair scoring 0.05 or more."

    def add_arguments(self, parser):
        parser.add_argument("input", help="CSV with columns " + ", ".join(linkage.PERSON_COLUMNS))
        parser.add_argument("--output", required=True, help="CSV of scored pairs to write")
        parser.add_argument("--threshold", type=float, default=linkage.CANDIDATE_THRESHOLD)

    def handle(self, *args, **options):
        people = _read_csv(options["input"])
        try:
            pairs = linkage.dedupe(people, threshold=options["threshold"])
        except linkage.MatchingInputError as error:
            # Validation runs before any output exists, so a bad file writes nothing.
            raise CommandError(f"{options['input']}: {error}") from error
        output = Path(options["output"])
        pairs.to_csv(output, index=False)
        likely = int((pairs["match_probability"] >= linkage.LIKELY_MATCH_THRESHOLD).sum())
        self.stdout.write(
            f"{len(people)} records, {len(pairs)} candidate pairs "
            f"({likely} likely matches) written to {output}"
        )
