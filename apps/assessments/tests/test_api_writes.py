"""Assessments over the API: started, changed, submitted and signed off through the services,
access from the case (restricted: 404), If-Match on changes, the wrong stage a 409."""

import pytest

from apps.assessments.choices import AssessmentStatus
from apps.assessments.models import Assessment
from apps.assessments.tests.factories import (
    CompleteDraftAssessmentFactory,
    DraftAssessmentFactory,
)
from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.cases.services import case_restrict
from apps.cases.tests.factories import OpenCaseFactory

pytestmark = pytest.mark.django_db
API = "/api/v1"
JSON = "application/json"


def post(client, url, body=None, **headers):
    return client.post(url, body or {}, content_type=JSON, headers=headers)


def patch(client, url, body, **headers):
    return client.patch(url, body, content_type=JSON, headers=headers)


@pytest.fixture
def case(team):
    return OpenCaseFactory(team=team)


@pytest.fixture
def outside_officer(make_user, other_team):
    return make_user("prevent_officer", username="outside.officer", team=other_team)


def test_an_officer_starts_the_cases_assessment_once_per_key(signed_in, colleague, case):
    client = signed_in(colleague)
    url = f"{API}/cases/{case.pk}/assessments/"

    first = post(client, url, **{"Idempotency-Key": "start-1"})
    again = post(client, url, **{"Idempotency-Key": "start-1"})
    second = post(client, url)

    assert first.status_code == 201, first.json()
    body = first.json()
    assert (body["number"], body["status"], len(body["judgements"])) == (1, "draft", 22)
    assert (again.status_code, again.json()["id"]) == (201, body["id"])
    assert second.status_code == 409  # one assessment in progress at a time
    assert Assessment.objects.filter(case=case).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=body["id"]).exists()
    listed = client.get(url).json()
    assert [row["id"] for row in listed] == [body["id"]]


def test_a_restricted_case_and_another_teams_case_are_404(
    signed_in, colleague, sio, outside_officer, case
):
    assessment = DraftAssessmentFactory(case=case)
    case_restrict(case=case, officer=sio, readers=[sio], reason="Live investigation")

    for user in (colleague, outside_officer):
        client = signed_in(user)
        assert post(client, f"{API}/cases/{case.pk}/assessments/").status_code == 404
        url = f"{API}/assessments/{assessment.pk}/"
        assert patch(client, url, {"summary": "x"}, **{"If-Match": '"1"'}).status_code == 404
        assert post(client, f"{url}submit/").status_code == 404
    assert Assessment.objects.filter(case=case).count() == 1


def test_roles_without_assessments_may_not_start_or_change_one(signed_in, sio, analyst, case):
    assessment = DraftAssessmentFactory(case=case)
    for user in (sio, analyst):
        client = signed_in(user)
        assert post(client, f"{API}/cases/{case.pk}/assessments/").status_code in (403, 404)
        response = patch(
            client,
            f"{API}/assessments/{assessment.pk}/",
            {"summary": "x"},
            **{"If-Match": '"1"'},
        )
        assert response.status_code in (403, 404)
    assert Assessment.objects.get(pk=assessment.pk).summary == ""


def test_a_change_needs_if_match_and_a_stale_one_gets_the_assessment_as_it_is(
    signed_in, colleague, supervisor, case
):
    assessment = DraftAssessmentFactory(case=case)
    url = f"{API}/assessments/{assessment.pk}/"
    client = signed_in(colleague)
    assert client.get(url)["ETag"] == '"1"'
    body = {
        "summary": "Synthetic conclusion.",
        "judgements": [
            {"factor": "grievance", "judgement": "Voiced often.", "evidence": "School report."}
        ],
    }

    assert patch(client, url, body).status_code == 428
    done = patch(client, url, body, **{"If-Match": '"1"'})
    assert done.status_code == 200, done.json()
    assert done["ETag"] == '"2"'
    grievance = next(row for row in done.json()["judgements"] if row["factor"] == "grievance")
    assert (grievance["judgement"], grievance["evidence"]) == ("Voiced often.", "School report.")

    stale = patch(signed_in(supervisor), url, {"summary": "Other"}, **{"If-Match": '"1"'})
    assert (stale.status_code, stale["ETag"]) == (412, '"2"')
    assert stale.json()["summary"] == "Synthetic conclusion."
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(assessment.pk))
    assert set(event.changes) == {"summary", "factor grievance"}


def test_an_unknown_factor_is_a_400_naming_judgements(signed_in, colleague, case):
    assessment = DraftAssessmentFactory(case=case)

    response = patch(
        signed_in(colleague),
        f"{API}/assessments/{assessment.pk}/",
        {"judgements": [{"factor": "astrology", "judgement": "x"}]},
        **{"If-Match": '"1"'},
    )

    assert (response.status_code, list(response.json())) == (400, ["judgements"])


def test_submit_needs_everything_and_then_goes_to_a_supervisor_for_sign_off(
    signed_in, colleague, supervisor, case
):
    incomplete = DraftAssessmentFactory(case=case)
    client = signed_in(colleague)

    missing = post(client, f"{API}/assessments/{incomplete.pk}/submit/")
    assert missing.status_code == 400
    assert {"summary", "management_plan"} <= set(missing.json())

    ready = CompleteDraftAssessmentFactory(case=OpenCaseFactory(team=case.team))
    submitted = post(client, f"{API}/assessments/{ready.pk}/submit/")
    assert (submitted.status_code, submitted.json()["status"]) == (200, "submitted")
    assert submitted.json()["allowed_steps"] == []
    assert post(client, f"{API}/assessments/{ready.pk}/submit/").status_code == 409
    changed = patch(
        client, f"{API}/assessments/{ready.pk}/", {"summary": "x"}, **{"If-Match": '"2"'}
    )
    assert changed.status_code == 409

    # Not the officer who submitted it, and only a supervisor.
    assert (
        post(client, f"{API}/assessments/{ready.pk}/sign-off/", {"approve": True}).status_code
        == 403
    )
    boss = signed_in(supervisor)
    assert boss.get(f"{API}/assessments/{ready.pk}/").json()["allowed_steps"] == [
        "sign_off"
    ]  # returning needs a comment first
    refused = post(boss, f"{API}/assessments/{ready.pk}/sign-off/", {"approve": False})
    assert (refused.status_code, list(refused.json())) == (400, ["comment"])
    signed = post(boss, f"{API}/assessments/{ready.pk}/sign-off/", {"approve": True})
    assert (signed.status_code, signed.json()["status"]) == (200, AssessmentStatus.SIGNED_OFF)
    assert AuditEvent.objects.filter(
        action=AuditAction.SIGN_OFF, actor=supervisor, object_id=str(ready.pk)
    ).exists()
    again = post(boss, f"{API}/assessments/{ready.pk}/sign-off/", {"approve": True})
    assert again.status_code == 409


def test_a_supervisor_returns_an_assessment_with_a_comment(signed_in, colleague, supervisor, case):
    ready = CompleteDraftAssessmentFactory(case=case)
    post(signed_in(colleague), f"{API}/assessments/{ready.pk}/submit/")

    returned = post(
        signed_in(supervisor),
        f"{API}/assessments/{ready.pk}/sign-off/",
        {"approve": False, "comment": "Say more about intent"},
    )

    assert returned.json()["status"] == AssessmentStatus.RETURNED
    assert returned.json()["decision_comment"] == "Say more about intent"
