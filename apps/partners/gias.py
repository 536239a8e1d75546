"""Schools from the Department for Education's register (Get Information about Schools).

`import_schools` reads the GIAS establishment extract as published (a CSV, usually in
Windows-1252) and loads the schools and colleges of the region's local authorities as
partner organisations, matched by URN. It is all-or-nothing: every row is checked first and
any row-level error (row number, column, what is wrong) rejects the file with nothing
written. A re-run updates by URN and changes nothing that has not changed; a school GIAS
lists as closed is marked closed, never deleted. Rows from other regions' authorities are
skipped and counted.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django import forms
from django.db import transaction

from apps.audit.choices import AuditAction
from apps.core import audit
from apps.core.postcodes import normalise_postcode
from apps.core.references import next_references
from apps.geography.models import LSOA, LocalAuthority
from apps.geography.selectors import local_authority_for_postcode
from apps.partners.choices import OrganisationSource
from apps.partners.models import Organisation, PartnerSector

REQUIRED_COLUMNS = [
    "URN",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "PhaseOfEducation (name)",
    "EstablishmentStatus (name)",
    "Street",
    "Town",
    "Postcode",
    "LA (name)",
    "LSOA (code)",
]
STATUSES = {
    "Open": False,
    "Open, but proposed to close": False,
    "Proposed to open": False,
    "Closed": True,
}
# GIAS names the local education authority: the unitary authorities by name, the two-tier
# counties by county (their districts are found from the LSOA, then the postcode).
REGION_COUNTIES = {"Oxfordshire", "Buckinghamshire"}
FURTHER_EDUCATION_TYPES = {"Further education", "Sixth form centres"}
HIGHER_EDUCATION_TYPES = {"Higher education institutions"}
FIELDS = [
    "name",
    "sector_id",
    "street",
    "town",
    "postcode",
    "lsoa_id",
    "local_authority_id",
    "ukprn",
    "establishment_type",
    "phase",
    "is_closed",
]


class ImportRejected(Exception):
    """The file was refused; `errors` lists each problem, row by row. Nothing was written."""

    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} problems")
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0
    skipped_other_regions: int = 0
    urns: list[int] = field(default_factory=list)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _region_authorities() -> dict[str, LocalAuthority]:
    return {authority.name: authority for authority in LocalAuthority.objects.all()}


def _sector(type_name: str, sectors: dict[str, PartnerSector]) -> PartnerSector:
    if type_name in FURTHER_EDUCATION_TYPES:
        return sectors["further-education"]
    if type_name in HIGHER_EDUCATION_TYPES:
        return sectors["higher-education"]
    return sectors["school"]


def _check_rows(text: str) -> tuple[list[dict], list[str], int]:
    """The rows to load as field values, the row-level errors, and the rows skipped."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in REQUIRED_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise ImportRejected([f"The file has no column {column}" for column in missing])
    authorities = _region_authorities()
    lsoas = {lsoa.code: lsoa for lsoa in LSOA.objects.select_related("local_authority")}
    sectors = {sector.code: sector for sector in PartnerSector.objects.all()}
    rows, errors, skipped, seen = [], [], 0, {}
    for number, row in enumerate(reader, start=2):  # row 1 is the header
        value = {key: (row.get(key) or "").strip() for key in REQUIRED_COLUMNS}
        value["UKPRN"] = (row.get("UKPRN") or "").strip()
        la_name = value["LA (name)"]
        if la_name not in authorities and la_name not in REGION_COUNTIES:
            skipped += 1
            continue
        problems = []
        urn = None
        if not value["URN"].isdigit():
            problems.append(f"column URN: {value['URN'] or 'blank'} is not a URN (digits only)")
        else:
            urn = int(value["URN"])
            if urn in seen:
                problems.append(f"column URN: {urn} is repeated (first on row {seen[urn]})")
            else:
                seen[urn] = number
        if not value["EstablishmentName"]:
            problems.append("column EstablishmentName: the name is blank")
        status = value["EstablishmentStatus (name)"]
        if status not in STATUSES:
            problems.append(f"column EstablishmentStatus (name): {status or 'blank'} is not known")
        postcode = ""
        if value["Postcode"]:
            try:
                postcode = normalise_postcode(value["Postcode"])
            except forms.ValidationError:
                problems.append(f"column Postcode: {value['Postcode']} is not a UK postcode")
        if value["UKPRN"] and not (value["UKPRN"].isdigit() and len(value["UKPRN"]) == 8):
            problems.append(f"column UKPRN: {value['UKPRN']} is not 8 digits")
        if problems:
            errors.extend(f"Row {number}, {problem}" for problem in problems)
            continue
        lsoa = lsoas.get(value["LSOA (code)"])
        authority = (
            lsoa.local_authority
            if lsoa
            else authorities.get(la_name) or local_authority_for_postcode(postcode)
        )
        rows.append(
            {
                "urn": urn,
                "name": value["EstablishmentName"][:200],
                "sector_id": _sector(value["TypeOfEstablishment (name)"], sectors).pk,
                "street": value["Street"][:200],
                "town": value["Town"][:100],
                "postcode": postcode,
                "lsoa_id": lsoa.pk if lsoa else None,
                "local_authority_id": authority.pk if authority else None,
                "ukprn": value["UKPRN"],
                "establishment_type": value["TypeOfEstablishment (name)"][:100],
                "phase": value["PhaseOfEducation (name)"][:50],
                "is_closed": STATUSES[status],
            }
        )
    return rows, errors, skipped


def import_schools(data: bytes, *, team, user=None) -> ImportResult:
    """Load a GIAS extract: all rows or none. Raises ImportRejected with row-level errors."""
    rows, errors, skipped = _check_rows(_decode(data))
    if errors:
        raise ImportRejected(errors)
    result = ImportResult(skipped_other_regions=skipped)
    with transaction.atomic():
        existing = {
            organisation.urn: organisation
            for organisation in Organisation.objects.select_for_update().filter(
                urn__in=[row["urn"] for row in rows]
            )
        }
        new_rows = [row for row in rows if row["urn"] not in existing]
        references = iter(next_references("ORG", len(new_rows)))
        for row in rows:
            organisation = existing.get(row["urn"])
            if organisation is None:
                Organisation.objects.create(
                    reference=next(references),
                    team=team,
                    created_by=user,
                    source=OrganisationSource.GIAS,
                    **row,
                )
                result.created += 1
            elif any(getattr(organisation, name) != row[name] for name in FIELDS):
                for name in FIELDS:
                    setattr(organisation, name, row[name])
                organisation.version += 1
                organisation.updated_by = user
                organisation.save()
                result.updated += 1
            else:
                result.unchanged += 1
            result.closed += row["is_closed"]
            result.urns.append(row["urn"])
        audit.record(
            AuditAction.CREATE,
            user=user,
            username="import_schools",
            detail={
                "import": "GIAS schools",
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "closed": result.closed,
                "skipped_other_regions": result.skipped_other_regions,
            },
        )
    return result
