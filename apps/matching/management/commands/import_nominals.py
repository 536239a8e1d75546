"""manage.py import_nominals FILE.csv --source NAME

Loads an external nominal index (for example a force records-system extract) for
de-confliction. Replaces the previous extract from the same source, all or nothing:
if any row is wrong nothing changes and every problem is listed by row and column.
Columns: source_id, given_name, middle_names, surname, date_of_birth (YYYY-MM-DD or
empty), gender, postcode, address_line_1, town.

Every force extract has a few impossible dates of birth (1974-02-29). With
--invalid-dates-as-missing those rows are imported with no date of birth, the value
as given is kept on the record (date_of_birth_as_given), and each is listed.
"""

import csv
import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from apps.audit.choices import AuditAction
from apps.core import audit
from apps.core.postcodes import normalise_postcode
from apps.matching.deconfliction import external_nominals_import

REQUIRED = ["source_id", "given_name", "surname"]
OPTIONAL = ["middle_names", "date_of_birth", "gender", "postcode", "address_line_1", "town"]
LIMITS = {"source_id": 60, "given_name": 100, "middle_names": 150, "surname": 100}
LIMITS |= {"gender": 30, "address_line_1": 150, "town": 100}


def check_row(
    number: int, row: dict, errors: list[str], *, dates_as_missing: list[str] | None = None
) -> dict | None:
    """The row ready to store, or None with its problems added to `errors`.

    With a `dates_as_missing` list, a date of birth that is not a real date is stored
    as missing (keeping the value as given) and noted there instead of in `errors`.
    """
    clean = {name: (row.get(name) or "").strip() for name in REQUIRED + OPTIONAL}
    clean["date_of_birth_as_given"] = ""
    problems = []
    for name in REQUIRED:
        if not clean[name]:
            problems.append(f"Row {number}, {name}: must not be empty")
    for name, limit in LIMITS.items():
        if len(clean[name]) > limit:
            problems.append(f"Row {number}, {name}: longer than {limit} characters")
    if clean["date_of_birth"]:
        given = clean["date_of_birth"]
        try:
            clean["date_of_birth"] = datetime.date.fromisoformat(given)
        except ValueError:
            if dates_as_missing is None or len(given) > 30:
                problems.append(f"Row {number}, date_of_birth: must be a real date, YYYY-MM-DD")
            else:
                clean["date_of_birth"] = None
                clean["date_of_birth_as_given"] = given
                dates_as_missing.append(
                    f"Row {number} (source_id {clean['source_id']}): date_of_birth {given!r} "
                    "is not a real date; imported with the date of birth missing"
                )
    else:
        clean["date_of_birth"] = None
    if clean["postcode"]:
        try:
            clean["postcode"] = normalise_postcode(clean["postcode"])
        except ValidationError:
            problems.append(f"Row {number}, postcode: not a UK postcode")
    errors.extend(problems)
    return None if problems else clean


class Command(BaseCommand):
    help = "Load (replace) an external nominal index from a CSV extract for de-confliction."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", required=True, help="Name of the system, e.g. 'TVP RMS'")
        parser.add_argument(
            "--invalid-dates-as-missing",
            action="store_true",
            help="Import rows whose date of birth is not a real date with the date missing "
            "(the value as given is kept and listed) instead of importing nothing",
        )

    def handle(self, *args, file: Path, source: str, **options):
        dates_as_missing: list[str] | None = [] if options["invalid_dates_as_missing"] else None
        if not file.exists():
            raise CommandError(f"No such file: {file}")
        with file.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = [name for name in REQUIRED if name not in (reader.fieldnames or [])]
            if missing:
                raise CommandError(f"Missing column(s): {', '.join(missing)}")
            errors: list[str] = []
            rows, seen = [], {}
            for number, row in enumerate(reader, start=2):
                clean = check_row(number, row, errors, dates_as_missing=dates_as_missing)
                if clean is None:
                    continue
                if clean["source_id"] in seen:
                    errors.append(
                        f"Row {number}, source_id: same as row {seen[clean['source_id']]}"
                    )
                    continue
                seen[clean["source_id"]] = number
                rows.append(clean)
        if errors:
            for error in errors:
                self.stderr.write(error)
            raise CommandError(f"Nothing imported: {len(errors)} problem(s) found.")
        count = external_nominals_import(rows=rows, source=source)
        missing_dates = len(dates_as_missing or [])
        audit.record(
            AuditAction.CREATE,
            username="import_nominals",
            detail={
                "external_index": source,
                "count": count,
                "file": file.name,
                "dates_of_birth_imported_as_missing": missing_dates,
            },
        )
        self.stdout.write(self.style.SUCCESS(f"Loaded {count} nominals from {source}."))
        if dates_as_missing:
            self.stdout.write(
                f"{missing_dates} date(s) of birth were not real dates and were imported as "
                "missing:"
            )
            for line in dates_as_missing:
                self.stdout.write(f"  {line}")
