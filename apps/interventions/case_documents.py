"""The case documents (a case summary, a letter to the family) and the support calendar.

Registered with documents (which sits below cases and may not import it) from
InterventionsConfig.ready(). Each context is plain data: the sandboxed template sees only
what is built here.
"""

import datetime
from pathlib import Path

from django.utils import timezone

from apps.assessments.selectors import latest_signed_off
from apps.cases.selectors import case_get
from apps.documents.registry import CalendarItem, DocumentKind, register_calendar_source
from apps.documents.registry import register_document_kind as register_kind
from apps.interventions.choices import InterventionStatus
from apps.interventions.selectors import (
    current_consent,
    interventions_for_calendar,
    support_overview,
)


def _get_case(*, user, object_id):
    return case_get(user=user, case_id=object_id)


def _age(date_of_birth, today) -> int | None:
    if not date_of_birth:
        return None
    return (
        today.year
        - date_of_birth.year
        - ((today.month, today.day) < (date_of_birth.month, date_of_birth.day))
    )


def _person(case) -> dict:
    person = case.person
    address = person.addresses.filter(is_current=True).first()
    lines = (
        [line for line in (address.line_1, address.line_2, address.town, address.postcode)]
        if address
        else []
    )
    return {
        "reference": person.reference,
        "full_name": person.full_name,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "date_of_birth": person.date_of_birth,
        "age": _age(person.date_of_birth, timezone.localdate()),
        "address_lines": [line for line in lines if line],
    }


def _case(case) -> dict:
    return {
        "reference": case.reference,
        "type": case.get_case_type_display(),
        "status": case.get_status_display(),
        "opened_on": timezone.localtime(case.opened_at).date(),
        "team": case.team.name,
    }


def case_summary_context(*, user, record) -> dict:
    overview = support_overview(case=record)
    assessment = latest_signed_off(case=record)
    consent = overview["consent"]
    return {
        "today": timezone.localdate(),
        "officer": {"name": user.display_name},
        "case": _case(record),
        "person": _person(record),
        "assessment": {
            "reference": assessment.reference,
            "version": assessment.number,
            "framework": str(assessment.framework),
            "signed_off_on": timezone.localtime(assessment.decided_at).date()
            if assessment.decided_at
            else None,
            "summary": assessment.summary,
            "management_plan": assessment.management_plan,
        }
        if assessment
        else {},
        "plan": {
            "objectives": overview["plan"].objectives,
            "review_on": overview["plan"].review_on,
        }
        if overview["plan"]
        else {},
        "consent": {
            "status": consent.get_status_display() if consent else "Not yet sought",
            "given_by": consent.get_given_by_display() if consent else "",
            "date": consent.recorded_on if consent else None,
        },
        "interventions": [
            {
                "reference": item.reference,
                "type": item.intervention_type.name,
                "provider": item.provider.name if item.provider else "Police",
                "start_date": item.start_date,
                "status": item.get_status_display(),
                "sessions_held": item.sessions_held,
                "outcome": item.outcome,
            }
            for item in overview["interventions"]
        ],
        "signposting": [
            {
                "reference": item.reference,
                "service": item.service.name,
                "date": item.signposted_on,
                "response": item.get_response_display(),
            }
            for item in overview["signpostings"]
        ],
    }


def family_letter_context(*, user, record) -> dict:
    consent = current_consent(case=record)
    return {
        "today": timezone.localdate(),
        "officer": {"name": user.display_name, "team": record.team.name},
        "case": _case(record),
        "person": _person(record),
        "consent": {"status": consent.get_status_display() if consent else "Not yet sought"},
    }


_SAMPLE_CASE = {
    "reference": "CS-2026-00001",
    "type": "Channel",
    "status": "Open",
    "opened_on": datetime.date(2026, 3, 14),
    "team": "Prevent team",
}
_SAMPLE_PERSON = {
    "reference": "PE-2026-00001",
    "full_name": "Sample Person",
    "given_name": "Sample",
    "family_name": "Person",
    "date_of_birth": datetime.date(2010, 1, 1),
    "age": 16,
    "address_lines": ["1 Example Street", "Reading", "RG1 1AA"],
}

TEMPLATES = Path(__file__).resolve().parent / "document_templates"
CASE_SUMMARY = (TEMPLATES / "case-summary.txt").read_text(encoding="utf-8")
FAMILY_LETTER = (TEMPLATES / "family-letter.txt").read_text(encoding="utf-8")


def register() -> None:
    register_kind(
        DocumentKind(
            code="case-summary",
            label="Case summary",
            get_record=_get_case,
            build_context=case_summary_context,
            sample_context={
                "today": datetime.date(2026, 5, 1),
                "officer": {"name": "Sample Officer"},
                "case": _SAMPLE_CASE,
                "person": _SAMPLE_PERSON,
                "assessment": {
                    "reference": "AS-2026-00001",
                    "version": 1,
                    "framework": "Vulnerability Assessment Framework 2012",
                    "signed_off_on": datetime.date(2026, 4, 1),
                    "summary": "Sample conclusion.",
                    "management_plan": "Sample plan.",
                },
                "plan": {"objectives": "Sample objectives.", "review_on": None},
                "consent": {"status": "Given", "given_by": "The person", "date": None},
                "interventions": [
                    {
                        "reference": "IV-2026-00001",
                        "type": "Mentoring",
                        "provider": "Sample provider",
                        "start_date": datetime.date(2026, 4, 2),
                        "status": "Under way",
                        "sessions_held": 2,
                        "outcome": "",
                    }
                ],
                "signposting": [
                    {
                        "reference": "SG-2026-00001",
                        "service": "Early help",
                        "date": datetime.date(2026, 4, 3),
                        "response": "Accepted",
                    }
                ],
            },
            default_body=CASE_SUMMARY,
            help_text="The case, the person, the latest signed-off assessment, the support "
            "plan, consent, interventions and signposting.",
        )
    )
    register_kind(
        DocumentKind(
            code="case-family-letter",
            label="Letter to the family",
            get_record=_get_case,
            build_context=family_letter_context,
            sample_context={
                "today": datetime.date(2026, 5, 1),
                "officer": {"name": "Sample Officer", "team": "Prevent team"},
                "case": _SAMPLE_CASE,
                "person": _SAMPLE_PERSON,
                "consent": {"status": "Not yet sought"},
            },
            default_body=FAMILY_LETTER,
            help_text="A letter offering voluntary support, addressed to a parent or guardian "
            "when the person is a child.",
        )
    )
    register_calendar_source(support_calendar)


def support_calendar(*, user) -> list[CalendarItem]:
    """Start and planned end dates of the support the user recorded: references only."""
    items = []
    for intervention in interventions_for_calendar(user=user).select_related("case"):
        reference = f"{intervention.reference} (case {intervention.case.reference})"
        if intervention.status == InterventionStatus.PLANNED:
            items.append(
                CalendarItem(
                    uid=f"intervention-start-{intervention.pk}",
                    summary=f"Support starts: {reference}",
                    start=intervention.start_date,
                    categories=["Support"],
                )
            )
        if intervention.end_date:
            items.append(
                CalendarItem(
                    uid=f"intervention-end-{intervention.pk}",
                    summary=f"Support due to end: {reference}",
                    start=intervention.end_date,
                    categories=["Support"],
                )
            )
    return items
