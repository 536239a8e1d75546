"""Tasks: set, seen through their linked record, completed, cancelled and reassigned."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from apps.accounts.models import Notification
from apps.audit.models import AuditEvent
from apps.referrals.tests.factories import ReceivedReferralFactory
from apps.work import selectors, services
from apps.work.choices import TaskStatus
from apps.work.models import Task
from apps.work.tests.factories import OpenTaskFactory, OverdueTaskFactory

pytestmark = pytest.mark.django_db

NEXT_WEEK = datetime.date.today() + datetime.timedelta(days=7)


@pytest.fixture
def referral(team):
    return ReceivedReferralFactory(team=team)


def test_an_officer_sets_a_task_about_a_referral_for_a_colleague(
    referral, gateway_officer, supervisor
):
    task = services.task_create(
        officer=supervisor,
        assignee=gateway_officer,
        title="Ask the school for attendance records",
        due_date=NEXT_WEEK,
        record=referral,
    )

    assert task.reference.startswith("TK-")
    assert task.status == TaskStatus.OPEN
    assert task.record == referral
    assert task.record_reference == referral.reference
    assert task.protective_marking == referral.protective_marking
    created = AuditEvent.objects.get(action="create", object_id=str(task.pk))
    assert created.changes["after"]["record"] == referral.reference
    notification = Notification.objects.get(recipient=gateway_officer)
    assert task.reference in notification.body
    assert "attendance" not in notification.body


def test_a_task_needs_a_title_a_due_date_and_an_assignee_in_the_team(gateway_officer, outsider):
    with pytest.raises(ValidationError) as error:
        services.task_create(officer=gateway_officer, assignee=outsider, title=" ", due_date=None)
    assert set(error.value.message_dict) == {"title", "due_date", "assignee"}
    assert not Task.objects.exists()


def test_a_task_cannot_go_to_someone_who_cannot_see_its_record(
    referral, supervisor, gateway_officer
):
    referral.is_restricted = True
    referral.save()
    referral.access_list.add(supervisor)

    with pytest.raises(ValidationError) as error:
        services.task_create(
            officer=supervisor,
            assignee=gateway_officer,
            title="Check the trace",
            due_date=NEXT_WEEK,
            record=referral,
        )
    assert "assignee" in error.value.message_dict


def test_a_task_about_a_record_out_of_reach_cannot_be_set(referral, outsider):
    with pytest.raises(Http404):
        services.task_create(
            officer=outsider, assignee=outsider, title="Look", due_date=NEXT_WEEK, record=referral
        )


def test_a_role_without_tasks_cannot_set_one(analyst):
    with pytest.raises(PermissionDenied):
        services.task_create(officer=analyst, assignee=analyst, title="x", due_date=NEXT_WEEK)


def test_a_task_follows_its_record_when_the_record_is_restricted(
    referral, supervisor, gateway_officer, colleague
):
    task = services.task_create(
        officer=supervisor,
        assignee=gateway_officer,
        title="Call the referrer",
        due_date=NEXT_WEEK,
        record=referral,
    )
    assert selectors.task_list(user=colleague).filter(pk=task.pk).exists()

    referral.is_restricted = True
    referral.save()
    referral.access_list.add(gateway_officer)

    assert selectors.task_list(user=gateway_officer).filter(pk=task.pk).exists()
    assert not selectors.task_list(user=colleague).filter(pk=task.pk).exists()
    with pytest.raises(Http404):
        selectors.task_get(user=colleague, task_id=task.pk)


def test_another_teams_tasks_are_out_of_reach(gateway_officer, outsider):
    task = OpenTaskFactory(assignee=gateway_officer)
    assert not selectors.task_list(user=outsider).exists()
    with pytest.raises(Http404):
        selectors.task_get(user=outsider, task_id=task.pk)


def test_reading_a_task_is_a_recorded_consultation(gateway_officer):
    task = OpenTaskFactory(assignee=gateway_officer)
    assert selectors.task_get(user=gateway_officer, task_id=task.pk) == task
    assert AuditEvent.objects.filter(action="view", object_id=str(task.pk)).count() == 1


def test_my_tasks_are_my_open_tasks_overdue_first(gateway_officer, colleague):
    later = OpenTaskFactory(assignee=gateway_officer)
    overdue = OverdueTaskFactory(assignee=gateway_officer)
    OpenTaskFactory(assignee=colleague)
    OpenTaskFactory(assignee=gateway_officer, status=TaskStatus.DONE)

    assert list(selectors.my_tasks(user=gateway_officer)) == [overdue, later]
    assert selectors.task_status_counts(user=gateway_officer) == {"overdue": 1, "later": 1}


def test_the_assignee_completes_a_task_once(gateway_officer):
    task = OpenTaskFactory(assignee=gateway_officer)
    services.task_complete(task=task, officer=gateway_officer, note="Spoke to the school")

    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert task.closed_by == gateway_officer
    event = AuditEvent.objects.get(action="transition", object_id=str(task.pk))
    assert event.changes["before"]["status"] == "open"
    assert event.changes["after"]["status"] == "done"
    with pytest.raises(ValidationError, match="already done"):
        services.task_complete(task=task, officer=gateway_officer)


def test_a_colleague_may_not_complete_someone_elses_task(gateway_officer, colleague, supervisor):
    task = OpenTaskFactory(assignee=gateway_officer)
    with pytest.raises(PermissionDenied):
        services.task_complete(task=task, officer=colleague)
    services.task_complete(task=task, officer=supervisor)
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE


def test_cancelling_needs_a_reason(gateway_officer):
    task = OpenTaskFactory(assignee=gateway_officer)
    with pytest.raises(ValidationError) as error:
        services.task_cancel(task=task, officer=gateway_officer, reason="")
    assert "reason" in error.value.message_dict
    services.task_cancel(task=task, officer=gateway_officer, reason="Referrer withdrew")
    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED
    assert task.closing_note == "Referrer withdrew"


def test_a_supervisor_reassigns_an_open_task_and_the_new_assignee_is_told(
    gateway_officer, colleague, supervisor
):
    task = OpenTaskFactory(assignee=gateway_officer)
    services.task_reassign(task=task, officer=supervisor, assignee=colleague, reason="Leave")

    task.refresh_from_db()
    assert task.assignee == colleague
    assert Notification.objects.filter(recipient=colleague).count() == 1
    with pytest.raises(PermissionDenied):
        services.task_reassign(task=task, officer=colleague, assignee=gateway_officer)


def test_open_and_overdue_counts_per_officer(gateway_officer, colleague, supervisor):
    OpenTaskFactory(assignee=gateway_officer)
    OverdueTaskFactory(assignee=gateway_officer)
    OverdueTaskFactory(assignee=colleague)

    counts = selectors.task_counts(user=supervisor, officers=[gateway_officer, colleague])
    assert counts == {
        gateway_officer.pk: {"open": 2, "overdue": 1},
        colleague.pk: {"open": 1, "overdue": 1},
    }
