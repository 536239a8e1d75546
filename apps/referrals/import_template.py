"""The import template: the columns an import reads, in order, and one synthetic example row.

The columns are the shared validation's fields (apps.referrals.validation), so the template
cannot drift from what the import checks. The example row is invented, imports cleanly and
holds no personal data, so downloading it is not audited.
"""

import csv
import io

from django.utils import timezone
from openpyxl import Workbook

from apps.referrals.choices import Awareness, ReferralChannel
from apps.referrals.validation import ReferralDataForm, reference_choices

EXAMPLE_SOURCE_REFERENCE = "EXAMPLE-0001"


def import_columns() -> list[tuple[str, str, bool]]:
    """(column name, what it holds, required) for every column, in the order the import expects."""
    return [
        (name, str(field.label), name == "source_reference" or field.required)
        for name, field in ReferralDataForm.base_fields.items()
    ]


def example_row() -> dict[str, str]:
    """One synthetic referral that passes every check (reference data from this service)."""
    choices = reference_choices()
    row = dict.fromkeys((name for name, _, _ in import_columns()), "")
    row |= {
        "source_reference": EXAMPLE_SOURCE_REFERENCE,
        "date_received": timezone.localdate().isoformat(),
        "channel": ReferralChannel.EMAIL.label,
        "is_cyber": "no",
        "given_name": "Example",
        "family_name": "Person",
        "estimated_age": "15",
        "gender": "Not recorded",
        "town": "Exampletown",
        "interpreter_needed": "no",
        "referrer_name": "Example Referrer",
        "referrer_organisation": "Example School",
        "referrer_may_receive_feedback": "yes",
        "sector": choices["sector"][0][1] if choices["sector"] else "",
        "concern": "Example only: replace this row with the referral's details.",
        "concern_type": choices["concern_type"][0][1] if choices["concern_type"] else "",
        "person_aware": Awareness.NOT_KNOWN.label,
        "parents_aware": Awareness.NOT_KNOWN.label,
    }
    return row


def template_csv() -> bytes:
    row = example_row()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(row.keys())
    writer.writerow(row.values())
    return buffer.getvalue().encode("utf-8")


def template_xlsx() -> bytes:
    row = example_row()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Referrals"
    sheet.append(list(row.keys()))
    sheet.append(list(row.values()))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
