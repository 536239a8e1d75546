"""Re-train the person matching model (u by random sampling, m by EM) and store it.

Unsupervised: no labelled pairs are needed. Review the printed weights before
committing a new model; the comparisons themselves are defined in apps.matching.linkage.
"""

from pathlib import Path

import pandas as pd
from django.core.management.base import BaseCommand, CommandError

from apps.matching import linkage
from apps.people.models import Person


class Command(BaseCommand):
    help = "Estimate the person matching model's m and u probabilities and save it as JSON."

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument(
            "--from-csv",
            help="CSV of people with columns " + ", ".join(linkage.PERSON_COLUMNS),
        )
        source.add_argument(
            "--from-index",
            action="store_true",
            help="The current person index (every live, unmerged person)",
        )
        parser.add_argument("--output", default=str(linkage.MODEL_PATH))
        parser.add_argument("--max-pairs", type=float, default=1e7)
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args, **options):
        people = _read_index() if options["from_index"] else _read_csv(options["from_csv"])
        try:
            model = linkage.estimate_model(
                people, max_pairs=options["max_pairs"], seed=options["seed"]
            )
        except linkage.MatchingInputError as error:
            raise CommandError(str(error)) from error
        linkage.save_model(model, options["output"])
        self.stdout.write(f"Trained on {len(people)} records; saved {options['output']}")
        for comparison in model["comparisons"]:
            self.stdout.write(comparison["output_column_name"])
            for level in comparison["comparison_levels"]:
                if level.get("is_null_level"):
                    continue
                weight = linkage.level_match_weight(level)
                self.stdout.write(f"  {weight:7.2f}  {level['label_for_charts']}")


def _read_csv(path: str) -> pd.DataFrame:
    if not Path(path).is_file():
        raise CommandError(f"{path} does not exist")
    # Every column as text: record ids and postcodes must not become numbers.
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _read_index() -> pd.DataFrame:
    """Every live person's match record. Read for training only: nothing is shown or kept."""

    records = Person.objects.filter(merged_into__isnull=True).values_list("match_record", flat=True)
    people = pd.DataFrame.from_records(list(records), columns=list(linkage.PERSON_COLUMNS))
    if len(people) < 1000:
        raise CommandError(
            f"The index holds {len(people)} people: too few to estimate a model (need 1,000)"
        )
    return people.fillna("")
