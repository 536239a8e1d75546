"""The Cyber Prevent cease-and-desist letter: a document kind registered with documents.

Documents (below cases) may not import us; InterventionsConfig.ready() registers the kind.
Administrators edit its text on the documents' template pages (rendered in the sandbox,
ADR 0022); every letter generated is an audited export carrying the case's marking. The
template sees only the plain data built here.
"""

import datetime
from pathlib import Path

from django.utils import timezone

from apps.documents.registry import DocumentKind, register_document_kind
from apps.interventions.models import ADULT_AGE, Intervention, age_on
from apps.interventions.selectors import cease_and_desist_get

CEASE_AND_DESIST = "cyber-cease-and-desist-letter"
TEMPLATE = Path(__file__).resolve().parent / "document_templates" / f"{CEASE_AND_DESIST}.txt"


def _get_intervention(*, user, object_id) -> Intervention:
    return cease_and_desist_get(user=user, intervention_id=object_id)


def letter_context(*, user, record: Intervention) -> dict:
    case = record.case
    person = case.person
    address = person.addresses.filter(is_current=True).first()
    lines = [address.line_1, address.line_2, address.town, address.postcode] if address else []
    today = timezone.localdate()
    age = age_on(person.date_of_birth, today)
    return {
        "today": today,
        "officer": {"name": user.display_name, "team": case.team.name},
        "case": {"reference": case.reference},
        "intervention": {
            "reference": record.reference,
            "type": record.intervention_type.name,
            "date": record.start_date,
        },
        "person": {
            "reference": person.reference,
            "full_name": person.full_name,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "date_of_birth": person.date_of_birth,
            "age": age,
            "is_child": age is not None and age < ADULT_AGE,
            "address_lines": [line for line in lines if line],
        },
        "sections": [
            {"code": section.code, "title": section.title}
            for section in record.cma_sections.order_by("order", "code")
        ],
    }


SAMPLE = {
    "today": datetime.date(2026, 5, 1),
    "officer": {"name": "Sample Officer", "team": "Cyber Prevent team"},
    "case": {"reference": "CS-2026-00001"},
    "intervention": {
        "reference": "IV-2026-00001",
        "type": "Cease-and-desist by letter or e-mail",
        "date": datetime.date(2026, 4, 28),
    },
    "person": {
        "reference": "PE-2026-00001",
        "full_name": "Sample Person",
        "given_name": "Sample",
        "family_name": "Person",
        "date_of_birth": datetime.date(2010, 1, 1),
        "age": 16,
        "is_child": True,
        "address_lines": ["1 Example Street", "Reading", "RG1 1AA"],
    },
    "sections": [
        {"code": "s1", "title": "Unauthorised access to computer material"},
        {"code": "s3", "title": "Unauthorised acts impairing the operation of a computer"},
    ],
}


def register() -> None:
    register_document_kind(
        DocumentKind(
            code=CEASE_AND_DESIST,
            label="Cease-and-desist letter",
            get_record=_get_intervention,
            build_context=letter_context,
            sample_context=SAMPLE,
            default_body=TEMPLATE.read_text(encoding="utf-8"),
            button_text="Cease-and-desist letter",
            help_text="Cyber Prevent: the letter for a cease-and-desist intervention, with the "
            "person's details and the Computer Misuse Act sections concerned; addressed to a "
            "parent or guardian when the person is under 18.",
        )
    )
