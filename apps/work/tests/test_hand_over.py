"""Open tasks handed over when a record changes hands (ADR 0035): the old holder's open tasks on
that record move, audited and notified; others' tasks, closed tasks and tasks on other records
stay; a task the new holder lacks the clearance for stays too."""

import pytest
from django.contrib.contenttypes.models import ContentType

from apps.accounts.models import Notification
from apps.audit.models import AuditEvent
from apps.core.choices import ProtectiveMarking
from apps.referrals.tests.factories import ReceivedReferralFactory
from apps.work import services
from apps.work.choices import TaskStatus
from apps.work.tests.factories import DoneTaskFactory, OpenTaskFactory

pytestmark = pytest.mark.django_db


def _on(record, **values):
    return OpenTaskFactory(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        record_reference=record.reference,
        **values,
    )


def test_the_old_holder_s_open_tasks_on_the_record_move_to_the_new_one(
    team,
    other_team,
    make_user,
    supervisor,
    colleague,
    gateway_officer,
    django_capture_on_commit_callbacks,
):
    record = ReceivedReferralFactory(team=team)
    elsewhere = ReceivedReferralFactory(team=team)
    newcomer = make_user("prevent_officer", username="new.holder", team=other_team)
    moving = _on(record, assignee=colleague)
    other_record = _on(elsewhere, assignee=colleague)
    someone_else = _on(record, assignee=gateway_officer)
    done = DoneTaskFactory(
        assignee=colleague,
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        record_reference=record.reference,
    )
    with django_capture_on_commit_callbacks(execute=True):
        moved, kept = services.tasks_hand_over(
            record=record,
            from_officer=colleague,
            to_officer=newcomer,
            by=supervisor,
            reason="Transferred (synthetic)",
        )
    assert (moved, kept) == ([moving], [])
    moving.refresh_from_db()
    assert (moving.assignee, moving.team, moving.status) == (newcomer, other_team, TaskStatus.OPEN)
    for task, holder in (
        (other_record, colleague),
        (someone_else, gateway_officer),
        (done, colleague),
    ):
        task.refresh_from_db()
        assert task.assignee == holder
    event = AuditEvent.objects.get(object_id=str(moving.pk), detail__handed_over=record.reference)
    assert (event.actor_username, event.justification) == (
        supervisor.username,
        "Transferred (synthetic)",
    )
    assert event.changes["after"]["assignee"] == newcomer.username
    assert Notification.objects.filter(recipient=newcomer, subject="Tasks handed over to you")
    assert Notification.objects.filter(
        recipient=colleague, subject="Tasks of yours were handed over"
    )


def test_a_task_the_new_holder_lacks_the_clearance_for_stays(
    team, make_user, supervisor, colleague
):
    record = ReceivedReferralFactory(team=team)
    task = _on(record, assignee=colleague, protective_marking=ProtectiveMarking.OFFICIAL_SENSITIVE)
    newcomer = make_user("prevent_officer", username="low.clearance")
    newcomer.clearance = ProtectiveMarking.OFFICIAL
    newcomer.save(update_fields=["clearance"])
    moved, kept = services.tasks_hand_over(
        record=record, from_officer=colleague, to_officer=newcomer, by=supervisor, reason="x"
    )
    assert (moved, kept) == ([], [task])
    task.refresh_from_db()
    assert task.assignee == colleague
    assert not Notification.objects.filter(recipient=newcomer).exists()


def test_handing_over_to_the_same_officer_does_nothing(team, supervisor, colleague):
    record = ReceivedReferralFactory(team=team)
    _on(record, assignee=colleague)
    assert services.tasks_hand_over(
        record=record, from_officer=colleague, to_officer=colleague, by=supervisor, reason="x"
    ) == ([], [])
