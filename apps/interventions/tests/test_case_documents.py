"""The case summary and the letter to the family, and support dates in the calendar feed."""

import datetime
import io
import re

import docx
import pytest
from django.urls import reverse
from icalendar import Calendar
from pypdf import PdfReader

from apps.assessments import services as assessment_services
from apps.assessments.tests.factories import CompleteDraftAssessmentFactory
from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.cases.tests.factories import OpenCaseFactory
from apps.interventions.tests.factories import GivenConsentFactory, PlannedInterventionFactory
from apps.people.models import PersonAddress
from apps.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def child_case(team):
    child = PersonFactory(
        team=team,
        given_name="Robin",
        family_name="Exampleton",
        date_of_birth=datetime.date.today().replace(year=datetime.date.today().year - 15),
    )
    PersonAddress.objects.create(
        person=child, line_1="1 Example Street", town="Reading", postcode="RG1 1AA"
    )
    return OpenCaseFactory(team=team, person=child, protective_marking="OFFICIAL-SENSITIVE")


def test_the_case_summary_carries_the_case_assessment_and_support(
    signed_in, colleague, supervisor, child_case
):
    assessment = CompleteDraftAssessmentFactory(case=child_case)
    assessment_services.assessment_submit(assessment=assessment, officer=colleague)
    assessment_services.assessment_decide(
        assessment=assessment, supervisor=supervisor, approve=True
    )
    GivenConsentFactory(case=child_case)
    intervention = PlannedInterventionFactory(case=child_case)
    url = reverse("documents:document_download", args=["case-summary", child_case.pk, "pdf"])
    response = signed_in(colleague).get(url)
    assert response.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = re.sub(r"\s+", " ", text)
    assert f"Case summary: {child_case.reference}" in text
    assert "Robin Exampleton" in text
    assert assessment.reference in text
    assert intervention.reference in text
    assert "OFFICIAL-SENSITIVE" in text
    export = AuditEvent.objects.get(action=AuditAction.EXPORT, object_id=str(child_case.pk))
    assert export.detail["scope"] == "document case-summary"


def test_the_letter_to_a_childs_family_is_addressed_to_a_parent_or_guardian(
    signed_in, colleague, child_case
):
    url = reverse("documents:document_download", args=["case-family-letter", child_case.pk, "docx"])
    response = signed_in(colleague).get(url)
    document = docx.Document(io.BytesIO(response.content))
    body = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "To the parent or guardian of Robin Exampleton" in body
    assert "1 Example Street" in body
    assert f"Our reference: {child_case.reference}" in body
    assert "Dear parent or guardian," in body
    assert document.sections[0].header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    assert document.sections[0].footer.paragraphs[0].text == "OFFICIAL-SENSITIVE"


def test_the_support_page_offers_the_case_documents(signed_in, colleague, child_case):
    page = signed_in(colleague).get(reverse("interventions:case_support", args=[child_case.pk]))
    body = page.content.decode()
    assert "Case summary" in body
    assert "Letter to the family" in body


def test_planned_support_appears_in_the_officers_feed_by_reference_only(
    signed_in, client, colleague, child_case
):
    intervention = PlannedInterventionFactory(
        case=child_case, created_by=colleague, end_date=datetime.date.today()
    )
    page = signed_in(colleague).post(reverse("documents:calendar"))
    url = re.search(r'data-testid="feed-url"[^>]*value="([^"]+)"', page.content.decode()).group(1)
    client.logout()
    response = client.get(url)
    calendar = Calendar.from_ical(response.content)
    summaries = [str(event["summary"]) for event in calendar.walk("VEVENT")]
    assert f"Support starts: {intervention.reference} (case {child_case.reference})" in summaries
    assert "Exampleton" not in response.content.decode()
