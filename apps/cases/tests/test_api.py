"""The cases API: the same access, audit and edit-conflict rules as the pages."""

import pytest

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.cases.services import case_restrict
from apps.cases.tests.factories import (
    DueReviewFactory,
    OpenCaseFactory,
    OutstandingDirectionFactory,
    RecordedContactFactory,
    SupportCaseFactory,
)

pytestmark = pytest.mark.django_db
API = "/api/v1"


def test_the_list_records_each_case_and_leaves_out_restricted_ones(signed_in, colleague, sio, team):
    shown = SupportCaseFactory(team=team)
    hidden = SupportCaseFactory(team=team)
    case_restrict(case=hidden, officer=sio, readers=[sio], reason="Live investigation")
    body = signed_in(colleague).get(f"{API}/cases/").json()
    references = [row["reference"] for row in body["results"]]
    assert references == [shown.reference]
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(shown.pk)).exists()


def test_reading_a_case_gives_its_etag_and_another_team_a_404(
    signed_in, colleague, outside_officer, team
):
    case = SupportCaseFactory(team=team)
    response = signed_in(colleague).get(f"{API}/cases/{case.pk}/")
    assert response.status_code == 200
    assert response["ETag"] == '"1"'
    assert "start_review" in response.json()["allowed_steps"]
    assert signed_in(outside_officer).get(f"{API}/cases/{case.pk}/").status_code == 404


def test_a_change_needs_if_match_and_a_stale_one_is_refused(signed_in, colleague, team):
    case = SupportCaseFactory(team=team)
    client = signed_in(colleague)
    url = f"{API}/cases/{case.pk}/"
    body = {"niche_reference": "NC-1"}
    assert client.patch(url, body, content_type="application/json").status_code == 428
    done = client.patch(url, body, content_type="application/json", HTTP_IF_MATCH='"1"')
    assert done.status_code == 200
    assert done["ETag"] == '"2"'
    stale = client.patch(
        url, {"niche_reference": "NC-2"}, content_type="application/json", HTTP_IF_MATCH='"1"'
    )
    assert stale.status_code == 412
    assert stale.json()["niche_reference"] == "NC-1"


def test_a_transition_through_the_api_needs_a_reason_and_the_right_role(
    signed_in, colleague, supervisor, team
):
    case = OpenCaseFactory(team=team)
    client = signed_in(colleague)
    url = f"{API}/cases/{case.pk}/transitions/"
    assert (
        client.post(url, {"step": "start_assessment"}, content_type="application/json").status_code
        == 400
    )
    moved = client.post(
        url, {"step": "start_assessment", "reason": "Ready"}, content_type="application/json"
    )
    assert moved.json()["status"] == "assessment"
    refused = client.post(url, {"step": "close", "reason": "x"}, content_type="application/json")
    assert refused.status_code == 403
    closed = signed_in(supervisor).post(
        url, {"step": "close", "reason": "Not adopted"}, content_type="application/json"
    )
    assert closed.json()["status"] == "closed"


def test_the_sio_records_a_direction_and_the_officer_delivers_it(signed_in, sio, colleague, team):
    case = SupportCaseFactory(team=team)
    created = signed_in(sio).post(
        f"{API}/cases/{case.pk}/directions/",
        {
            "tactic": "Family visit",
            "rationale": "Synthetic",
            "due_on": "2031-01-15",
            "priority": "high",
            "tasked_officer": colleague.username,
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    direction_id = created.json()["id"]
    delivered = signed_in(colleague).post(
        f"{API}/directions/{direction_id}/delivery/",
        {"outcome": "done", "note": "Visited"},
        content_type="application/json",
    )
    assert delivered.status_code == 201


def test_a_direction_change_by_the_api_follows_the_if_match_rule(signed_in, sio, colleague, team):
    direction = OutstandingDirectionFactory(
        case=SupportCaseFactory(team=team), tasked_officer=colleague
    )
    client = signed_in(sio)
    url = f"{API}/directions/{direction.pk}/"
    assert (
        client.patch(url, {"priority": "low"}, content_type="application/json").status_code == 428
    )
    ok = client.patch(
        url, {"priority": "low"}, content_type="application/json", HTTP_IF_MATCH='"1"'
    )
    assert ok.status_code == 200
    stale = client.patch(
        url, {"priority": "high"}, content_type="application/json", HTTP_IF_MATCH='"1"'
    )
    assert stale.status_code == 412
    # The record as it is now comes back, so the caller can see what changed.
    assert stale.json()["priority"] == "low"
    assert stale["ETag"] == '"2"'


def test_a_contact_amended_by_the_api_keeps_the_earlier_version(signed_in, colleague, team):
    contact = RecordedContactFactory(case=SupportCaseFactory(team=team), created_by=colleague)
    client = signed_in(colleague)
    url = f"{API}/contacts/{contact.pk}/"
    body = {"occurred_at": "2026-01-10T10:30:00Z", "summary": "Corrected", "reason": "Typo"}
    assert client.put(url, body, content_type="application/json").status_code == 428
    done = client.put(url, body, content_type="application/json", HTTP_IF_MATCH='"1"')
    assert done.status_code == 200
    assert done["ETag"] == '"2"'
    assert done.json()["versions"] == 2
    stale = client.put(url, body, content_type="application/json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    assert stale.json()["versions"] == 2
    assert stale["ETag"] == '"2"'
    assert contact.versions.count() == 2


def test_a_review_is_recorded_through_the_api(signed_in, colleague, team):
    review = DueReviewFactory(case=SupportCaseFactory(team=team))
    response = signed_in(colleague).post(
        f"{API}/reviews/{review.pk}/record/",
        {"outcome": "continue", "notes": "Going well"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "completed"


def test_records_in_a_restricted_case_are_404_and_absent_from_lists(
    signed_in, colleague, sio, team
):
    case = SupportCaseFactory(team=team)
    direction = OutstandingDirectionFactory(case=case, tasked_officer=colleague)
    case_restrict(case=case, officer=sio, readers=[sio], reason="Live investigation")
    client = signed_in(colleague)
    assert client.get(f"{API}/directions/{direction.pk}/").status_code == 404
    assert client.get(f"{API}/directions/").json()["results"] == []
