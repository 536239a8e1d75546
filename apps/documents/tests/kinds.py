"""A document kind and a calendar source for these tests, registered as an app would."""

import datetime

from apps.cases.models import Case
from apps.core import access, audit
from apps.documents import registry

SAMPLE = {"case": {"reference": "CS-2026-00000", "type": "Channel", "opened_on": "1 May 2026"}}


def _get_case(*, user, object_id):
    case = access.get_or_404(Case.objects.all(), user=user, pk=object_id)
    audit.record_view(user=user, subject=case)
    return case


def _context(*, user, record):
    return {
        "case": {
            "reference": record.reference,
            "type": record.get_case_type_display(),
            "opened_on": record.opened_at.date(),
        }
    }


TEST_KIND = registry.register_document_kind(
    registry.DocumentKind(
        code="test-case-note",
        label="Test case note",
        get_record=_get_case,
        build_context=_context,
        sample_context=SAMPLE,
        default_body="# Case note {{ case.reference }}\n{{ case.type }} case opened "
        "{{ case.opened_on|date }}.\n\nMarked {{ marking }}.",
    )
)

FEED_USERNAME = "calendar.officer"


@registry.register_calendar_source
def test_source(*, user):
    if user.username != FEED_USERNAME:
        return []
    cases = access.restrict(Case.objects.all(), user=user)
    return [
        registry.CalendarItem(
            uid=f"test-review-{case.pk}",
            summary=f"Review due: {case.reference}",
            start=datetime.date(2026, 12, 1),
            description=f"Case {case.reference}",
        )
        for case in cases
    ]
