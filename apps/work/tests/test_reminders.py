"""The scheduled check: tasks due today and overdue are reminded once each."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from apps.accounts.models import Notification
from apps.work import services
from apps.work.choices import TaskStatus
from apps.work.tests.factories import OpenTaskFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 30)


def test_due_and_overdue_tasks_are_reminded_once(gateway_officer, colleague):
    due = OpenTaskFactory(assignee=gateway_officer, due_date=TODAY)
    overdue = OpenTaskFactory(assignee=colleague, due_date=TODAY - datetime.timedelta(days=2))
    OpenTaskFactory(assignee=colleague, due_date=TODAY + datetime.timedelta(days=1))
    OpenTaskFactory(assignee=colleague, due_date=TODAY, status=TaskStatus.DONE)

    assert services.reminders_send(today=TODAY) == 2
    assert services.reminders_send(today=TODAY) == 0

    due_note = Notification.objects.get(recipient=gateway_officer)
    assert due_note.subject == "Task due today"
    assert due.reference in due_note.body
    overdue_note = Notification.objects.get(recipient=colleague)
    assert overdue_note.subject == "Task overdue"
    assert overdue_note.link == overdue.get_absolute_url()


def test_a_task_due_today_is_reminded_again_once_it_is_overdue(gateway_officer):
    OpenTaskFactory(assignee=gateway_officer, due_date=TODAY)
    assert services.reminders_send(today=TODAY) == 1
    assert services.reminders_send(today=TODAY + datetime.timedelta(days=1)) == 1
    assert services.reminders_send(today=TODAY + datetime.timedelta(days=2)) == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_command_sends_reminders_whose_email_carries_no_content(gateway_officer):
    task = OpenTaskFactory(
        assignee=gateway_officer, due_date=TODAY, title="Visit the family at home"
    )
    call_command("send_reminders", "--date", TODAY.isoformat())

    assert Notification.objects.filter(recipient=gateway_officer).count() == 1
    [message] = mail.outbox
    assert task.reference in message.body
    assert "Visit the family" not in message.body
