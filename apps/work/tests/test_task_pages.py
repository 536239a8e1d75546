"""Task pages: my tasks, a task's page, setting one, marking it done, cancelling, reassigning."""

import datetime

import pytest
from django.urls import reverse

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.core.tests.forms import post_with_token
from apps.referrals.tests.factories import ReceivedReferralFactory
from apps.work import services
from apps.work.choices import TaskStatus
from apps.work.models import Task
from apps.work.tests.factories import DoneTaskFactory, OpenTaskFactory, OverdueTaskFactory

pytestmark = pytest.mark.django_db

LIST = reverse("work:task_list")
CREATE = reverse("work:task_create")
NEXT_YEAR = datetime.date.today().year + 1


def listed(response) -> list:
    return [row.record for row in response.context["table"].paginated_rows]


def date_parts(name: str, day: int, month: int, year: int) -> dict:
    return {f"{name}_0": str(day), f"{name}_1": str(month), f"{name}_2": str(year)}


def test_my_tasks_list_my_open_tasks_overdue_first(client, gateway_officer, colleague):
    later = OpenTaskFactory(assignee=gateway_officer)
    overdue = OverdueTaskFactory(assignee=gateway_officer)
    DoneTaskFactory(assignee=gateway_officer)
    OpenTaskFactory(assignee=colleague)
    client.force_login(gateway_officer)

    response = client.get(LIST)
    assert listed(response) == [overdue, later]
    assert "Overdue</strong>" in response.content.decode()
    search = AuditEvent.objects.get(action=AuditAction.SEARCH)
    assert search.detail["scope"] == "tasks"


def test_the_teams_tasks_and_closed_tasks_can_be_listed(client, gateway_officer, colleague):
    mine = OpenTaskFactory(assignee=gateway_officer)
    theirs = OpenTaskFactory(assignee=colleague)
    done = DoneTaskFactory(assignee=gateway_officer)
    client.force_login(gateway_officer)

    assert set(listed(client.get(LIST, {"whose": "team"}))) == {mine, theirs}
    assert listed(client.get(LIST, {"status": "done"})) == [done]


def test_another_teams_tasks_are_absent_from_the_list_and_the_page(
    client, gateway_officer, outsider
):
    task = OpenTaskFactory(assignee=gateway_officer)
    client.force_login(outsider)
    assert listed(client.get(LIST, {"whose": "team"})) == []
    assert client.get(task.get_absolute_url()).status_code == 404


def test_a_role_without_tasks_is_refused_the_list(client, analyst):
    client.force_login(analyst)
    assert client.get(LIST).status_code == 403


def test_an_unknown_status_is_an_error(client, gateway_officer):
    client.force_login(gateway_officer)
    assert "govuk-error-summary" in client.get(LIST, {"status": "lost"}).content.decode()


def test_a_tasks_page_shows_it_and_its_record_by_reference(client, gateway_officer, team):
    # A name no page text contains (a generated "Chang" would be found in "Change password").
    referral = ReceivedReferralFactory(team=team, subject_family_name="Quillfeather")
    task = services.task_create(
        officer=gateway_officer,
        assignee=gateway_officer,
        title="Ring the school",
        due_date=datetime.date(NEXT_YEAR, 1, 5),
        record=referral,
    )
    client.force_login(gateway_officer)
    response = client.get(task.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert referral.get_absolute_url() in page
    assert f"5 January {NEXT_YEAR}" in page
    assert referral.subject_family_name not in page
    assert AuditEvent.objects.filter(action="view", object_id=str(task.pk)).count() == 1


def test_an_officer_sets_a_task_about_a_referral_once(client, gateway_officer, colleague, team):
    referral = ReceivedReferralFactory(team=team)
    client.force_login(gateway_officer)
    url = f"{CREATE}?record_type=referral&record_id={referral.pk}"
    data = {
        "title": "Ask the school for attendance",
        "assignee": str(colleague.pk),
        **date_parts("due_date", 3, 2, NEXT_YEAR),
    }
    response = post_with_token(client, url, data)

    task = Task.objects.get()
    assert response.status_code == 302
    assert response.url == task.get_absolute_url()
    assert task.assignee == colleague
    assert task.record == referral
    assert task.due_date == datetime.date(NEXT_YEAR, 2, 3)


def test_setting_a_task_without_a_title_or_date_names_both(client, gateway_officer):
    client.force_login(gateway_officer)
    response = post_with_token(client, CREATE, {"title": "", "assignee": str(gateway_officer.pk)})
    page = response.content.decode()
    assert "Enter what needs to be done" in page
    assert "Enter the due date" in page
    assert not Task.objects.exists()


def test_a_task_about_a_record_out_of_reach_cannot_be_started(client, outsider, team):
    referral = ReceivedReferralFactory(team=team)
    client.force_login(outsider)
    response = client.get(f"{CREATE}?record_type=referral&record_id={referral.pk}")
    assert response.status_code == 404


def test_the_assignee_marks_a_task_done(client, gateway_officer):
    task = OpenTaskFactory(assignee=gateway_officer)
    client.force_login(gateway_officer)
    page = client.get(task.get_absolute_url()).content.decode()
    assert reverse("work:task_complete", args=[task.pk]) in page

    response = client.post(reverse("work:task_complete", args=[task.pk]), {"note": "Called"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert task.closing_note == "Called"


def test_a_colleague_cannot_mark_someone_elses_task_done(client, gateway_officer, colleague):
    task = OpenTaskFactory(assignee=gateway_officer)
    client.force_login(colleague)
    response = client.post(reverse("work:task_complete", args=[task.pk]), {"note": ""})
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_cancelling_without_a_reason_is_an_error(client, gateway_officer):
    task = OpenTaskFactory(assignee=gateway_officer)
    client.force_login(gateway_officer)
    response = client.post(reverse("work:task_cancel", args=[task.pk]), {"reason": ""})
    assert "Say why the task is no longer needed" in response.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_a_supervisor_reassigns_a_task(client, gateway_officer, colleague, supervisor):
    task = OpenTaskFactory(assignee=gateway_officer)
    client.force_login(supervisor)
    url = reverse("work:task_reassign", args=[task.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"assignee": str(colleague.pk), "reason": "Leave"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.assignee == colleague


def test_the_task_list_downloads_as_csv_and_the_export_is_recorded(client, gateway_officer):
    task = OverdueTaskFactory(assignee=gateway_officer)
    client.force_login(gateway_officer)
    response = client.get(LIST, {"export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content if response.streaming else [response.content])
    assert task.reference in content.decode()
    export = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert export.detail["references"] == [task.reference]
