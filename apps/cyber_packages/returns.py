"""The return to the sender of a package (the NCCU's regime): one XLSX row per subject.

Identifiers appear only as the sender supplied them; nothing the service learned since
(names, people, cases) leaves in the return except the progress the sender asks for.
Every return is an audited export naming each subject's reference.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from apps.accounts.models import User
from apps.core import audit
from apps.cyber_packages.models import IntelligencePackage
from apps.cyber_packages.selectors import package_return_rows, progress_label

HEADINGS = [
    "Sender's reference",
    "Our reference",
    "Identifiers (as supplied)",
    "Force",
    "Status",
    "Intervention type",
    "Received",
    "Contacted",
    "Intervention delivered",
    "Closed",
]


def _day(value):
    if value is None:
        return None
    return value.date() if hasattr(value, "hour") else value


def return_rows(*, user: User, package: IntelligencePackage) -> list[list]:
    rows = []
    for subject in package_return_rows(user=user, package=package):
        closed = subject.closed_on or _day(subject.case_ended_at)
        rows.append(
            [
                subject.source_reference,
                subject.reference,
                "; ".join(identifier.supplied for identifier in subject.identifiers.all()),
                subject.force.name if subject.force else "Not known",
                progress_label(subject.progress),
                subject.intervention_type or "",
                package.received_on,
                _day(subject.case_opened_at),
                subject.intervention_on,
                closed,
            ]
        )
    return rows


def package_return_xlsx(*, user: User, package: IntelligencePackage) -> bytes:
    """The workbook, recorded as an export of every subject in it."""
    rows = return_rows(user=user, package=package)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Return"
    sheet.append([f"{package.protective_marking}"])
    sheet.append([f"Return for package {package.source_reference} ({package.reference})"])
    sheet.append(HEADINGS)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row][6:]:
            if cell.value is not None:
                cell.number_format = "d mmmm yyyy"
    buffer = io.BytesIO()
    workbook.save(buffer)
    audit.record_export(
        user=user,
        scope=f"return of package {package.reference}",
        terms={"package": package.reference},
        result_count=len(rows),
        export_format="xlsx",
        references=[row[1] for row in rows],
    )
    return buffer.getvalue()
