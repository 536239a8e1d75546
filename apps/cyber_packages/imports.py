"""Checking a package's subjects from a CSV or XLSX file: every row, all or nothing.

The file format is the referral import's (apps.referrals.tabular: the first row holds the
column names, one of them `source_reference`), so officers meet one set of rules. Every
row is checked before anything is stored; one bad row rejects the file, and the report
names each row, column and reason (the rows are the spreadsheet's own numbers).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django import forms
from django.utils import timezone

from apps.core.postcodes import normalise_postcode
from apps.cyber_packages.models import Force
from apps.people.choices import IdentifierKind
from apps.people.identifiers import InvalidIdentifier, normalise_identifier

# Columns for identifiers, and the identifier kind each holds. A cell may hold several
# identifiers separated by semicolons ("a@example.com; b@example.com").
IDENTIFIER_COLUMNS = {
    "email": IdentifierKind.EMAIL,
    "username": IdentifierKind.USERNAME,
    "ip_address": IdentifierKind.IP_ADDRESS,
    "payment_reference": IdentifierKind.PAYMENT,
    "phone": IdentifierKind.PHONE,
}
OTHER_COLUMNS = ["source_reference", "given_name", "family_name", "date_of_birth", "postcode"]
COLUMNS = [*OTHER_COLUMNS, "force", *IDENTIFIER_COLUMNS]
NAME_MAX = 100
REFERENCE_MAX = 100
SUPPLIED_MAX = 200
VALUE_MAX = 60


@dataclass
class CheckedSubject:
    row: int
    source_reference: str
    given_name: str = ""
    family_name: str = ""
    date_of_birth: datetime.date | None = None
    postcode: str = ""
    force: Force | None = None
    identifiers: list[tuple[str, str, str]] = field(default_factory=list)  # kind, supplied, value


@dataclass
class CheckResult:
    subjects: list[CheckedSubject] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append({"row": row, "field": column, "message": message})


def _date(value: str) -> datetime.date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError("must be a date like 2009-03-14 or 14/03/2009")


def force_for_postcode(postcode: str, forces: list[Force]) -> Force | None:
    """The force whose postcode areas hold the postcode's area; None where areas straddle."""
    area = "".join(ch for ch in postcode.split(" ")[0] if ch.isalpha())
    owners = [force for force in forces if area and area in force.postcode_areas.split()]
    return owners[0] if len(owners) == 1 else None


def _force(value: str, forces: list[Force]) -> Force:
    wanted = value.strip().lower()
    for force in forces:
        if wanted in (force.code.lower(), force.name.lower()):
            return force
    raise ValueError("must be one of: " + ", ".join(force.name for force in forces))


def check_rows(rows: list[tuple[int, dict]], *, taken: set[str] = frozenset()) -> CheckResult:
    """Check every row; `taken` holds subject references already in the package."""
    result = CheckResult()
    forces = list(Force.objects.filter(is_active=True))
    seen: dict[str, int] = {}
    today = timezone.localdate()
    if not rows:
        result.error(1, "file", "The file has no subjects")
    for number, row in rows:
        errors_before = len(result.errors)
        reference = row.get("source_reference", "").strip()
        subject = CheckedSubject(row=number, source_reference=reference)
        if not reference:
            result.error(number, "source_reference", "Enter the sender's reference for the subject")
        elif len(reference) > REFERENCE_MAX:
            result.error(number, "source_reference", f"Must be {REFERENCE_MAX} characters or fewer")
        elif reference in taken:
            result.error(number, "source_reference", "This subject is already in the package")
        elif reference in seen:
            result.error(
                number, "source_reference", f"The same reference is on row {seen[reference]}"
            )
        else:
            seen[reference] = number
        for name in ("given_name", "family_name"):
            value = row.get(name, "").strip()
            if len(value) > NAME_MAX:
                result.error(number, name, f"Must be {NAME_MAX} characters or fewer")
            setattr(subject, name, value)
        if bool(subject.given_name) != bool(subject.family_name):
            missing = "family_name" if subject.given_name else "given_name"
            result.error(
                number,
                missing,
                "Give both the given and family names, or neither (a name is "
                "established only when both are known)",
            )
        if row.get("date_of_birth", "").strip():
            try:
                subject.date_of_birth = _date(row["date_of_birth"].strip())
            except ValueError as error:
                result.error(number, "date_of_birth", f"The date of birth {error}")
            else:
                if subject.date_of_birth >= today:
                    result.error(number, "date_of_birth", "The date of birth must be in the past")
        if row.get("postcode", "").strip():
            try:
                subject.postcode = normalise_postcode(row["postcode"])
            except forms.ValidationError as error:
                result.error(number, "postcode", error.messages[0])
        if row.get("force", "").strip():
            try:
                subject.force = _force(row["force"], forces)
            except ValueError as error:
                result.error(number, "force", f"The force {error}")
        elif subject.postcode:
            subject.force = force_for_postcode(subject.postcode, forces)
        for column, kind in IDENTIFIER_COLUMNS.items():
            for supplied in filter(None, (part.strip() for part in row.get(column, "").split(";"))):
                try:
                    value = normalise_identifier(kind, supplied)
                except InvalidIdentifier as error:
                    result.error(number, column, str(error))
                    continue
                if len(supplied) > SUPPLIED_MAX or len(value) > VALUE_MAX:
                    result.error(
                        number, column, f"An identifier must be {VALUE_MAX} characters or fewer"
                    )
                    continue
                if (kind, value) not in {(k, v) for k, _, v in subject.identifiers}:
                    subject.identifiers.append((kind, supplied, value))
        if (
            not subject.identifiers
            and not subject.given_name
            and len(result.errors) == errors_before
        ):
            result.error(
                number,
                "identifiers",
                "A subject needs a name or at least one identifier "
                "(email, username, ip_address, payment_reference or phone)",
            )
        if len(result.errors) == errors_before:
            result.subjects.append(subject)
    return result
