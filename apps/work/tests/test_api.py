"""The allocation and task API: same services, permissions and audit as the pages."""

import pytest

from apps.audit.models import AuditEvent
from apps.referrals.tests.factories import ReceivedReferralFactory
from apps.work import selectors, services
from apps.work.choices import TaskStatus
from apps.work.models import Task
from apps.work.tests.factories import OpenTaskFactory

pytestmark = pytest.mark.django_db

ALLOCATIONS = "/api/v1/allocations/"
TASKS = "/api/v1/tasks/"


@pytest.fixture
def referral(team):
    return ReceivedReferralFactory(team=team)


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_an_officer_takes_a_referral_by_its_reference(client, referral, gateway_officer):
    client.force_login(gateway_officer)
    response = post(
        client, ALLOCATIONS, {"record_type": "referral", "reference": referral.reference}
    )

    assert response.status_code == 201
    assert response.json()["officer"] == "gateway.officer"
    assert selectors.allocation_of(referral).officer == gateway_officer
    assert AuditEvent.objects.filter(action="update", object_id=str(referral.pk)).exists()


def test_a_supervisor_allocates_and_an_officer_may_not(
    client, referral, supervisor, gateway_officer, colleague
):
    body = {"record_type": "referral", "reference": referral.reference, "officer": "supervisor"}
    client.force_login(gateway_officer)
    assert post(client, ALLOCATIONS, body).status_code == 403

    client.force_login(supervisor)
    body["officer"] = "gateway.officer"
    assert post(client, ALLOCATIONS, body).status_code == 201
    body["officer"] = "supervisor"
    response = post(client, ALLOCATIONS, body)
    assert response.status_code == 400
    assert "reason" in response.json()


def test_an_unknown_reference_or_another_teams_record_is_404(client, referral, outsider):
    client.force_login(outsider)
    for reference in (referral.reference, "PR-1999-99999"):
        body = {"record_type": "referral", "reference": reference}
        assert post(client, ALLOCATIONS, body).status_code == 404
    assert selectors.allocation_of(referral) is None


def test_a_records_allocation_and_history_and_its_release(client, referral, gateway_officer):
    services.allocation_allocate(record=referral, officer=gateway_officer, by=gateway_officer)
    client.force_login(gateway_officer)

    body = client.get(f"{ALLOCATIONS}{referral.pk}/").json()
    assert body["allocation"]["officer"] == "gateway.officer"
    assert [event["step"] for event in body["history"]] == ["allocated"]
    assert AuditEvent.objects.filter(action="view", object_id=str(referral.pk)).exists()

    response = post(client, f"{ALLOCATIONS}{referral.pk}/release/", {"reason": "Leave"})
    assert response.status_code == 200
    assert response.json()["allocation"] is None
    assert post(client, f"{ALLOCATIONS}{referral.pk}/release/", {}).status_code == 400


def test_the_allocation_list_leaves_out_what_the_caller_cannot_see(
    client, team, other_team, gateway_officer, outsider
):
    ours = ReceivedReferralFactory(team=team)
    theirs = ReceivedReferralFactory(team=other_team)
    services.allocation_allocate(record=ours, officer=gateway_officer, by=gateway_officer)
    services.allocation_allocate(record=theirs, officer=outsider, by=outsider)
    client.force_login(gateway_officer)

    results = client.get(ALLOCATIONS).json()["results"]
    assert [row["reference"] for row in results] == [ours.reference]
    search = AuditEvent.objects.get(action="search", detail__scope="api allocations")
    assert search.detail["references"] == [ours.reference]
    assert client.get(ALLOCATIONS, {"record_type": "nothing"}).status_code == 400
    assert client.get(ALLOCATIONS, {"officer": "nobody"}).json()["results"] == []


def test_a_task_is_set_about_a_referral_and_completed(client, referral, gateway_officer):
    client.force_login(gateway_officer)
    response = post(
        client,
        TASKS,
        {
            "title": "Ring the school",
            "due_date": "2027-01-15",
            "record_type": "referral",
            "record_reference": referral.reference,
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["assignee"] == "gateway.officer"
    assert body["record_reference"] == referral.reference
    assert body["available_transitions"] == ["cancel", "complete"]

    listed = client.get(TASKS).json()["results"]
    assert [row["id"] for row in listed] == [body["id"]]
    response = post(client, f"{TASKS}{body['id']}/complete/", {"note": "Done"})
    assert response.json()["status"] == "done"
    assert client.get(TASKS).json()["results"] == []
    assert len(client.get(TASKS, {"status": "any"}).json()["results"]) == 1


def test_bad_task_input_names_the_fields(client, gateway_officer):
    client.force_login(gateway_officer)
    response = post(client, TASKS, {"title": "", "due_date": "soon", "record_type": "referral"})
    assert response.status_code == 400
    assert {"title", "due_date"} <= set(response.json())
    response = post(client, TASKS, {"title": "x", "due_date": "2027-01-01", "assignee": "nobody"})
    assert response.status_code == 400
    assert "assignee" in response.json()
    assert not Task.objects.exists()


def test_another_teams_task_is_404_and_a_colleague_may_not_complete_mine(
    client, gateway_officer, colleague, outsider
):
    task = OpenTaskFactory(assignee=gateway_officer)
    client.force_login(outsider)
    assert client.get(f"{TASKS}{task.pk}/").status_code == 404
    client.force_login(colleague)
    assert post(client, f"{TASKS}{task.pk}/complete/", {}).status_code == 403
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_cancel_needs_a_reason_and_reassign_moves_the_task(
    client, gateway_officer, colleague, supervisor
):
    task = OpenTaskFactory(assignee=gateway_officer)
    client.force_login(supervisor)
    assert post(client, f"{TASKS}{task.pk}/cancel/", {}).status_code == 400
    response = post(client, f"{TASKS}{task.pk}/reassign/", {"assignee": "prevent.officer"})
    assert response.status_code == 200
    assert response.json()["assignee"] == "prevent.officer"


def test_a_role_without_tasks_is_refused(client, analyst):
    client.force_login(analyst)
    assert client.get(TASKS).status_code == 403
