"""The Cyber Prevent impact API: the same access, audit and rules as the pages."""

import datetime

import pytest
from django.utils import timezone

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.cyber_impact.models import IntelligenceInterview, OutcomeMeasure
from apps.cyber_impact.tests.factories import (
    CompletedCyberInterventionFactory,
    ConsentedInterviewFactory,
    OutcomeMeasureFactory,
    done_check,
)

pytestmark = pytest.mark.django_db


def interview_body(**overrides) -> dict:
    body = {
        "disposal": "caution",
        "disposal_date": (timezone.localdate() - datetime.timedelta(days=30)).isoformat(),
        "interviewed_at": (timezone.now() - datetime.timedelta(days=2)).isoformat(),
        "consent": "given",
        "consent_given_by": "person",
        "summary": "Synthetic summary.",
        "answers": [{"requirement": "pathway", "options": ["gaming", "peers"], "note": ""}],
    }
    body.update(overrides)
    return body


def test_an_interview_is_created_once_and_read_back_with_its_audit(
    signed_in, cyber_officer, cyber_case
):
    client = signed_in(cyber_officer)
    url = f"/api/v1/cases/{cyber_case.pk}/intelligence-interviews/"
    headers = {"HTTP_IDEMPOTENCY_KEY": "interview-1"}
    body = interview_body()
    first = client.post(url, body, content_type="application/json", **headers)
    again = client.post(url, body, content_type="application/json", **headers)
    assert first.status_code == 201
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert IntelligenceInterview.objects.count() == 1
    body = first.json()
    assert body["answers"][0]["options"] == ["gaming", "peers"]
    listing = client.get("/api/v1/intelligence-interviews/").json()
    assert [row["reference"] for row in listing["results"]] == [body["reference"]]
    detail = client.get(f"/api/v1/intelligence-interviews/{body['id']}/")
    assert detail.status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=body["id"]).exists()


def test_an_unknown_answer_is_a_400_naming_the_answers(signed_in, cyber_officer, cyber_case):
    response = signed_in(cyber_officer).post(
        f"/api/v1/cases/{cyber_case.pk}/intelligence-interviews/",
        interview_body(answers=[{"requirement": "pathway", "options": ["teleport"]}]),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "answers" in response.json()
    assert not IntelligenceInterview.objects.exists()


def test_a_service_refusal_is_a_400_naming_the_field(signed_in, cyber_officer, cyber_case):
    response = signed_in(cyber_officer).post(
        f"/api/v1/cases/{cyber_case.pk}/intelligence-interviews/",
        interview_body(consent="declined"),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "consent" in response.json()


def test_a_ct_prevent_officer_gets_403_and_another_cyber_team_404(
    signed_in, colleague, other_cyber_officer, cyber_case
):
    interview = ConsentedInterviewFactory(case=cyber_case)
    assert signed_in(colleague).get("/api/v1/intelligence-interviews/").status_code == 403
    client = signed_in(other_cyber_officer)
    assert client.get(f"/api/v1/intelligence-interviews/{interview.pk}/").status_code == 404
    assert client.get("/api/v1/intelligence-interviews/").json()["results"] == []
    created = client.post(
        f"/api/v1/cases/{cyber_case.pk}/intelligence-interviews/",
        interview_body(),
        content_type="application/json",
    )
    assert created.status_code == 404


def test_a_measure_is_created_and_changed_only_with_the_current_etag(
    signed_in, cyber_officer, cyber_team
):
    intervention = CompletedCyberInterventionFactory(case__team=cyber_team)
    client = signed_in(cyber_officer)
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    created = client.post(
        f"/api/v1/interventions/{intervention.pk}/outcome-measures/",
        {
            "point": "end",
            "measured_on": yesterday,
            "engagement": "partial",
            "completion": "partly",
            "reoffending": "not_checked",
            "education_employment": "neet",
            "legal_use": "offered",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["reoffending"] == "not_checked"
    url = f"/api/v1/outcome-measures/{created.json()['id']}/"
    check = done_check(intervention.case, result="no_trace", officer=cyber_officer)
    change = {"reoffending": "no_trace", "education_employment": "education"}
    assert client.patch(url, change, content_type="application/json").status_code == 428
    stale = client.patch(url, change, content_type="application/json", HTTP_IF_MATCH='"9"')
    assert stale.status_code == 412
    etag = client.get(url)["ETag"]
    saved = client.patch(url, change, content_type="application/json", HTTP_IF_MATCH=etag)
    assert saved.status_code == 200
    assert saved.json()["reoffending_checked_by"] == cyber_officer.display_name
    assert saved.json()["reoffending_check_id"] == str(check.pk)
    measure = OutcomeMeasure.objects.get()
    assert measure.reoffending == "no_trace"
    assert measure.education_employment == "education"
    assert saved["ETag"] == f'"{measure.version}"'


def test_an_api_result_contradicting_the_check_is_a_400_naming_the_field(
    signed_in, cyber_officer, cyber_team
):
    intervention = CompletedCyberInterventionFactory(case__team=cyber_team)
    done_check(intervention.case, result="re_offending", officer=cyber_officer)
    response = signed_in(cyber_officer).post(
        f"/api/v1/interventions/{intervention.pk}/outcome-measures/",
        {
            "point": "end",
            "measured_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
            "engagement": "full",
            "completion": "completed",
            "reoffending": "no_trace",
            "education_employment": "education",
            "legal_use": "offered",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "reoffending" in str(response.json())
    assert not OutcomeMeasure.objects.exists()


def test_an_analyst_reads_no_measure(signed_in, analyst, cyber_team):
    OutcomeMeasureFactory(intervention__case__team=cyber_team)
    assert signed_in(analyst).get("/api/v1/outcome-measures/").status_code == 403
