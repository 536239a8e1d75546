"""The Cyber Prevent impact pages: who may use them, what they record, bad input."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.cases.choices import CaseType
from apps.core.tests.forms import post_with_token
from apps.cyber_impact.models import IntelligenceInterview, OutcomeMeasure
from apps.cyber_impact.tests.factories import (
    CompletedCyberInterventionFactory,
    ConsentedInterviewFactory,
    CyberCaseFactory,
    OutcomeMeasureFactory,
    done_check,
    option,
)

pytestmark = pytest.mark.django_db


def date_parts(name: str, day: datetime.date) -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def interview_data(**overrides) -> dict:
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    data = {
        "disposal": "caution",
        **date_parts("disposal_date", yesterday - datetime.timedelta(days=30)),
        **date_parts("date", yesterday),
        "time": "10:30",
        "location": "SEROCU office (synthetic)",
        "consent": "given",
        "consent_given_by": "person",
        "appropriate_adult": "",
        "summary": "Talked about game servers (synthetic).",
        "requirement_pathway": [str(option("pathway", "gaming").pk)],
        "note_pathway": "Started on private servers",
        "requirement_age-started": str(option("age-started", "13-15").pk),
    }
    data.update(overrides)
    return data


def measure_data(intervention, **overrides) -> dict:
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    data = {
        "intervention": str(intervention.pk),
        "point": "end",
        **date_parts("measured_on", yesterday),
        "engagement": "full",
        "completion": "completed",
        "education_employment": "education",
        "legal_use": "taken_up",
        "legal_use_detail": "A capture-the-flag club",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_an_officer_records_an_interview_from_the_case(signed_in, cyber_officer, cyber_case):
    client = signed_in(cyber_officer)
    url = reverse("cyber_impact:interview_create", args=[cyber_case.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Pathway into offending" in page.content.decode()
    assert "novalidate" in page.content.decode()
    response = post_with_token(client, url, interview_data())
    interview = IntelligenceInterview.objects.get()
    assert response.status_code == 302
    assert response.url == interview.get_absolute_url()
    detail = client.get(interview.get_absolute_url()).content.decode()
    assert "Through gaming" in detail
    assert "Started on private servers" in detail
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(interview.pk)).exists()


def test_a_double_submitted_interview_is_recorded_once(signed_in, cyber_officer, cyber_case):
    client = signed_in(cyber_officer)
    url = reverse("cyber_impact:interview_create", args=[cyber_case.pk])
    data = post_with_token(client, url, interview_data()).wsgi_request.POST.dict()
    data["requirement_pathway"] = interview_data()["requirement_pathway"]
    client.post(url, data)
    assert IntelligenceInterview.objects.count() == 1


def test_bad_interview_input_is_shown_against_its_fields(signed_in, cyber_officer, cyber_case):
    client = signed_in(cyber_officer)
    url = reverse("cyber_impact:interview_create", args=[cyber_case.pk])
    response = post_with_token(
        client, url, interview_data(consent="declined", summary="", time="25:99")
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in content
    assert "Enter summary of the interview" in content
    assert "Enter the time of the interview like 14:30" in content
    assert not IntelligenceInterview.objects.exists()


def test_answers_without_consent_are_refused_on_the_page(signed_in, cyber_officer, cyber_case):
    client = signed_in(cyber_officer)
    url = reverse("cyber_impact:interview_create", args=[cyber_case.pk])
    response = post_with_token(client, url, interview_data(consent="declined"))
    assert "Record answers only when the person" in response.content.decode()
    assert not IntelligenceInterview.objects.exists()


def test_a_ct_prevent_officer_may_not_open_the_cyber_pages(signed_in, colleague, cyber_case):
    client = signed_in(colleague)
    interview = ConsentedInterviewFactory(case=cyber_case)
    for url in (
        reverse("cyber_impact:interview_list"),
        reverse("cyber_impact:measure_list"),
        reverse("cyber_impact:interview_create", args=[cyber_case.pk]),
        interview.get_absolute_url(),
        reverse("cyber_impact:impact_report"),
    ):
        assert client.get(url).status_code == 403, url


def test_another_cyber_team_gets_404_and_an_empty_list(signed_in, other_cyber_officer, cyber_case):
    interview = ConsentedInterviewFactory(case=cyber_case)
    measure = OutcomeMeasureFactory(intervention__case=cyber_case)
    client = signed_in(other_cyber_officer)
    assert client.get(interview.get_absolute_url()).status_code == 404
    assert client.get(measure.get_absolute_url()).status_code == 404
    assert client.get(reverse("cyber_impact:case_impact", args=[cyber_case.pk])).status_code == 404
    listing = client.get(reverse("cyber_impact:interview_list")).content.decode()
    assert interview.reference not in listing


def test_the_cyber_supervisor_sees_the_team_interviews(signed_in, cyber_supervisor, cyber_case):
    interview = ConsentedInterviewFactory(case=cyber_case)
    client = signed_in(cyber_supervisor)
    listing = client.get(reverse("cyber_impact:interview_list"))
    assert interview.reference in listing.content.decode()
    search = AuditEvent.objects.filter(action=AuditAction.SEARCH).latest("sequence")
    assert search.detail["references"] == [interview.reference]


def test_an_analyst_sees_only_the_reports(signed_in, analyst, cyber_case):
    interview = ConsentedInterviewFactory(case=cyber_case)
    client = signed_in(analyst)
    assert client.get(interview.get_absolute_url()).status_code == 403
    assert client.get(reverse("cyber_impact:interview_list")).status_code == 403
    assert client.get(reverse("cyber_impact:impact_report")).status_code == 200
    assert client.get(reverse("cyber_impact:insight_report")).status_code == 200


def test_the_impact_tab_of_another_kind_of_case_says_so(signed_in, cyber_officer, cyber_team):
    channel = CyberCaseFactory(team=cyber_team, case_type=CaseType.CHANNEL)
    response = signed_in(cyber_officer).get(reverse("cyber_impact:case_impact", args=[channel.pk]))
    assert 'data-testid="not-cyber"' in response.content.decode()


def test_an_officer_records_and_changes_a_measure(signed_in, cyber_officer, cyber_team):
    intervention = CompletedCyberInterventionFactory(case__team=cyber_team)
    client = signed_in(cyber_officer)
    url = reverse("cyber_impact:measure_create", args=[intervention.case_id])
    response = post_with_token(client, url, measure_data(intervention))
    assert response.status_code == 302
    measure = OutcomeMeasure.objects.get()
    edit_url = reverse("cyber_impact:measure_edit", args=[measure.pk])
    form = client.get(edit_url)
    assert form.status_code == 200
    data = measure_data(intervention, education_employment="employment")
    data.pop("intervention")
    data.pop("point")
    data["version"] = measure.version
    data["snapshot"] = form.context["form"].initial["snapshot"]
    saved = client.post(edit_url, data)
    assert saved.status_code == 302
    measure.refresh_from_db()
    assert measure.education_employment == "employment"
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(measure.pk)).exists()


def test_a_measure_with_a_missing_date_names_the_field(signed_in, cyber_officer, cyber_team):
    intervention = CompletedCyberInterventionFactory(case__team=cyber_team)
    client = signed_in(cyber_officer)
    url = reverse("cyber_impact:measure_create", args=[intervention.case_id])
    data = measure_data(intervention)
    for part in ("0", "1", "2"):
        data.pop(f"measured_on_{part}")
    response = post_with_token(client, url, data)
    assert "date measured" in response.content.decode().lower()
    assert not OutcomeMeasure.objects.exists()


def test_the_measure_page_shows_which_check_and_who_did_it(signed_in, cyber_officer, cyber_team):
    intervention = CompletedCyberInterventionFactory(case__team=cyber_team)
    done_check(intervention.case, result="re_referral", officer=cyber_officer)
    client = signed_in(cyber_officer)
    post_with_token(
        client,
        reverse("cyber_impact:measure_create", args=[intervention.case_id]),
        measure_data(intervention),
    )
    measure = OutcomeMeasure.objects.get()
    page = client.get(reverse("cyber_impact:measure_detail", args=[measure.pk])).content.decode()
    assert "Re-referred: Re-offending check at the end of the intervention" in page
    assert f"done by {cyber_officer.display_name}" in page


@pytest.fixture
def reported(cyber_team):
    for engagement, count in (("full", 6), ("partial", 2)):
        for _ in range(count):
            OutcomeMeasureFactory(intervention__case__team=cyber_team, engagement=engagement)


def test_the_impact_report_page_shows_c_never_a_small_number(signed_in, analyst, reported):
    response = signed_in(analyst).get(reverse("cyber_impact:impact_report"))
    content = response.content.decode()
    assert "[c]" in content
    assert 'data-testid="disclosure-note"' in content
    search = AuditEvent.objects.filter(action=AuditAction.SEARCH).latest("sequence")
    assert search.detail["scope"] == "cyber impact report"


def test_the_impact_report_downloads_as_a_workbook_and_is_audited(signed_in, analyst, reported):
    response = signed_in(analyst).get(reverse("cyber_impact:impact_report"), {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    values = [cell for row in workbook.active.iter_rows(values_only=True) for cell in row]
    assert "[c]" in values
    assert 2 not in values
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.detail["format"] == "xlsx"
    assert event.detail["scope"] == "cyber impact report"


def test_the_reports_download_as_valid_pdf_and_are_audited(signed_in, analyst, reported):
    client = signed_in(analyst)
    for name in ("cyber_impact:impact_report", "cyber_impact:insight_report"):
        response = client.get(reverse(name), {"export": "pdf"})
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        assert b"%%EOF" in response.content[-32:]
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 2


def test_a_report_period_the_wrong_way_round_is_an_error(signed_in, analyst):
    today = timezone.localdate()
    response = signed_in(analyst).get(
        reverse("cyber_impact:impact_report"),
        {
            **date_parts("start", today),
            **date_parts("end", today - datetime.timedelta(days=10)),
        },
    )
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "Measured to must be the same as or after measured from" in content


def test_anonymous_users_are_sent_to_sign_in(client, cyber_case):
    for url in (
        reverse("cyber_impact:impact_report"),
        reverse("cyber_impact:case_impact", args=[cyber_case.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/account/sign-in/")
