"""Score every candidate duplicate pair in a CSV of people with the stored model.

The output lists suggestions for officers to review; nothing is merged. An impossible
date of birth (1974-02-29) is matched as missing and reported, by row, record id and
value, at the end and in a rejects file; --strict stops at the first one instead.
"""

import csv
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
        parser.add_argument(
            "--rejects",
            help="CSV listing values matched as missing (default: OUTPUT with .rejects.csv)",
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Stop, writing nothing, at the first impossible date of birth",
        )

    def handle(self, *args, **options):
        people = _read_csv(options["input"])
        rejects: list[linkage.RejectedValue] | None = None if options["strict"] else []
        try:
            pairs = linkage.dedupe(people, threshold=options["threshold"], rejects=rejects)
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
        if rejects:
            self._report(rejects, Path(options["rejects"] or _rejects_path(output)))

    def _report(self, rejects: list[linkage.RejectedValue], path: Path) -> None:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["row", "record_id", "field", "value", "problem", "treated_as"])
            for rejected in rejects:
                writer.writerow(
                    [
                        rejected.row,
                        rejected.record_id,
                        rejected.field,
                        rejected.value,
                        rejected.reason,
                        "missing",
                    ]
                )
        self.stderr.write(
            f"{len(rejects)} value(s) could not be used and were matched as missing "
            f"(listed in {path}):"
        )
        for rejected in rejects:
            self.stderr.write(
                f"  row {rejected.row} (record_id {rejected.record_id}): "
                f"{rejected.field} {rejected.value!r} {rejected.reason}"
            )


def _rejects_path(output: Path) -> Path:
    return output.with_name(output.stem + ".rejects.csv")
