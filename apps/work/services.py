"""Every write of the work layer: allocating records, tasks, and the scheduled reminders.

A record is allocated to one officer at a time, by the officer themselves (work.add_allocation)
or by a supervisor of the record's team (work.change_allocation); every step is kept in
`AllocationEvent` and audited on the record (ADR 0018).
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.services import notification_send
from apps.audit.choices import AuditAction
from apps.core import access, audit
from apps.core.choices import MARKING_RANK, ProtectiveMarking
from apps.core.references import next_reference
from apps.core.workflow import run_transition
from apps.work import registry
from apps.work.choices import AllocationStep, TaskStatus
from apps.work.models import Allocation, AllocationEvent, ReminderSent, Task

TAKE = "work.add_allocation"
ALLOCATE = "work.change_allocation"
TASK_PREFIX = "TK"


def _record_label(record: models.Model) -> str:
    return f"{registry.record_type_for(type(record)).label} {record.reference}"


def _may_be_allocated(officer: User, record: models.Model) -> bool:
    return (
        officer.is_active
        and officer.team_id is not None
        and officer.team_id == record.team_id
        and access.has_capability(officer, TAKE)
        and access.can(officer, access.CHANGE, record)
    )


def _refuse(user: User, record: models.Model, message: str) -> None:
    audit.record_access_denied(
        user=user, subject=record, action="allocate", status=403, reason=message
    )
    raise PermissionDenied(message)


def allocation_allocate(
    *, record: models.Model, officer: User, by: User, reason: str = ""
) -> Allocation:
    """Allocate `record` to `officer`: taken by the officer, or given by a supervisor.

    An officer takes an unallocated record of their team; only a supervisor of the
    record's team allocates to someone else or moves a record from one officer to
    another (with a reason). The officer is told, unless they took it themselves.
    """
    registry.record_type_for(type(record))
    reason = reason.strip()
    taking = officer.pk == by.pk
    access.require(by, access.CHANGE, record)
    supervising = access.has_capability(by, ALLOCATE) and by.team_id == record.team_id
    if not taking and not supervising:
        _refuse(by, record, "Only a supervisor of the team allocates work to someone else")
    if taking and not access.has_capability(by, TAKE) and not supervising:
        _refuse(by, record, "Your role does not take work")
    if not _may_be_allocated(officer, record):
        raise ValidationError(
            {"officer": f"Choose an officer in the team who can work on {record.reference}"}
        )
    content_type = ContentType.objects.get_for_model(record)
    with transaction.atomic():
        current = (
            Allocation.objects.select_for_update()
            .select_related("officer")
            .filter(content_type=content_type, object_id=record.pk)
            .first()
        )
        previous = current.officer if current else None
        if previous is not None and previous.pk == officer.pk:
            raise ValidationError(
                {"officer": f"{record.reference} is already allocated to {officer.display_name}"}
            )
        if previous is not None and not supervising:
            raise ValidationError(
                f"{record.reference} is allocated to {previous.display_name}: "
                "ask a supervisor to reallocate it"
            )
        if previous is not None and not reason:
            raise ValidationError({"reason": "Say why you are reallocating this work"})
        step = AllocationStep.REALLOCATED if previous else AllocationStep.ALLOCATED
        now = timezone.now()
        if current is not None:
            current.officer = officer
            current.allocated_by = by
            current.allocated_at = now
            current.reason = reason
            current.team_id = record.team_id
            current.reference = record.reference
            current.save()
            allocation = current
        else:
            try:
                with transaction.atomic():
                    allocation = Allocation.objects.create(
                        content_type=content_type,
                        object_id=record.pk,
                        reference=record.reference,
                        team_id=record.team_id,
                        officer=officer,
                        allocated_by=by,
                        allocated_at=now,
                        reason=reason,
                    )
            except IntegrityError:
                raise ValidationError(
                    f"{record.reference} has just been allocated by someone else: look at it again"
                ) from None
        AllocationEvent.objects.create(
            content_type=content_type,
            object_id=record.pk,
            reference=record.reference,
            step=step,
            officer=officer,
            previous_officer=previous,
            by=by,
            at=now,
            reason=reason,
        )
        audit.record(
            AuditAction.UPDATE,
            user=by,
            subject=record,
            justification=reason,
            changes={"allocated_to": [previous.username if previous else None, officer.username]},
            detail={"allocation": str(step)},
        )
        if not taking:
            notification_send(
                recipient=officer,
                subject=f"{_record_label(record).capitalize()} allocated to you",
                body=f"{by.display_name} allocated {record.reference} to you.",
                link=record.get_absolute_url(),
            )
        if previous is not None and previous.pk not in {by.pk, officer.pk}:
            notification_send(
                recipient=previous,
                subject=f"{_record_label(record).capitalize()} reallocated",
                body=f"{by.display_name} reallocated {record.reference} to {officer.display_name}.",
                link=record.get_absolute_url(),
            )
    return allocation


def allocation_release(*, record: models.Model, by: User, reason: str = "") -> None:
    """Give a record back to the team: by the officer who holds it, or a supervisor."""
    registry.record_type_for(type(record))
    reason = reason.strip()
    access.require(by, access.CHANGE, record)
    supervising = access.has_capability(by, ALLOCATE) and by.team_id == record.team_id
    content_type = ContentType.objects.get_for_model(record)
    with transaction.atomic():
        current = (
            Allocation.objects.select_for_update()
            .select_related("officer")
            .filter(content_type=content_type, object_id=record.pk)
            .first()
        )
        if current is None:
            raise ValidationError(f"{record.reference} is not allocated to anyone")
        if current.officer_id != by.pk and not supervising:
            _refuse(by, record, "Only the officer who holds the work, or a supervisor, releases it")
        previous = current.officer
        current.delete()
        AllocationEvent.objects.create(
            content_type=content_type,
            object_id=record.pk,
            reference=record.reference,
            step=AllocationStep.RELEASED,
            officer=None,
            previous_officer=previous,
            by=by,
            reason=reason,
        )
        audit.record(
            AuditAction.UPDATE,
            user=by,
            subject=record,
            justification=reason,
            changes={"allocated_to": [previous.username, None]},
            detail={"allocation": str(AllocationStep.RELEASED)},
        )
        if previous.pk != by.pk:
            notification_send(
                recipient=previous,
                subject=f"{_record_label(record).capitalize()} released",
                body=f"{by.display_name} released {record.reference} back to the team.",
                link=record.get_absolute_url(),
            )


def _task_snapshot(task: Task) -> dict:
    return {
        "title": task.title,
        "assignee": task.assignee.username,
        "due_date": task.due_date,
        "status": task.status,
        "record": task.record_reference,
    }


def task_create(
    *,
    officer: User,
    assignee: User,
    title: str,
    due_date: datetime.date,
    details: str = "",
    record: models.Model | None = None,
) -> Task:
    """Set a task for yourself or a colleague in your team, optionally about one record.

    The task takes the record's protective marking; the assignee must be able to see
    the record, and the task is seen only by those who can (selectors.task_list).
    """
    access.require_add(officer, Task)
    errors: dict[str, str] = {}
    title = title.strip()
    if not title:
        errors["title"] = "Enter what needs to be done"
    if due_date is None:
        errors["due_date"] = "Enter the date the task is due"
    if record is not None:
        registry.record_type_for(type(record))
        access.require(officer, access.VIEW, record)
    if (
        not assignee.is_active
        or assignee.team_id is None
        or assignee.team_id != officer.team_id
        or not access.has_capability(assignee, "work.view_task")
    ):
        errors["assignee"] = "Choose an officer in your team"
    elif record is not None and not access.can(assignee, access.VIEW, record):
        errors["assignee"] = f"{assignee.display_name} cannot see {record.reference}"
    marking = ProtectiveMarking.OFFICIAL_SENSITIVE
    if record is not None:
        marking = record.protective_marking
    if "assignee" not in errors and MARKING_RANK.get(assignee.clearance, 0) < MARKING_RANK[marking]:
        errors["assignee"] = f"{assignee.display_name} does not have the clearance for this task"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        task = Task(
            reference=next_reference(TASK_PREFIX),
            title=title,
            details=details.strip(),
            assignee=assignee,
            due_date=due_date,
            team_id=assignee.team_id,
            protective_marking=marking,
            content_type=ContentType.objects.get_for_model(record) if record is not None else None,
            object_id=record.pk if record is not None else None,
            record_reference=record.reference if record is not None else "",
            created_by=officer,
            updated_by=officer,
        )
        task.full_clean(exclude=["status"])
        task.save()
        audit.record(
            AuditAction.CREATE,
            user=officer,
            subject=task,
            changes={"before": {}, "after": _task_snapshot(task)},
        )
        if assignee.pk != officer.pk:
            notification_send(
                recipient=assignee,
                subject="Task for you",
                body=f"{officer.display_name} set you task {task.reference}, due "
                f"{task.due_date:%-d %B %Y}.",
                link=task.get_absolute_url(),
            )
    return task


def _task_close(*, task: Task, officer: User, step: str, note: str) -> Task:
    access.require(officer, access.CHANGE, task)
    with transaction.atomic():
        task = Task.objects.select_for_update().select_related("assignee").get(pk=task.pk)
        before = _task_snapshot(task)
        run_transition(
            getattr(task, step),
            user=officer,
            wrong_stage=f"Task {task.reference} is already {task.get_status_display().lower()}",
        )
        task.closed_at = timezone.now()
        task.closed_by = officer
        task.closing_note = note
        task.updated_by = officer
        task.version += 1
        task.save()
        audit.record(
            AuditAction.TRANSITION,
            user=officer,
            subject=task,
            justification=note,
            changes={"before": before, "after": _task_snapshot(task)},
            detail={"step": step},
        )
    return task


def task_complete(*, task: Task, officer: User, note: str = "") -> Task:
    """Mark a task done: its assignee, whoever set it, or a supervisor of the team."""
    return _task_close(task=task, officer=officer, step="complete", note=note.strip())


def task_cancel(*, task: Task, officer: User, reason: str) -> Task:
    """Cancel a task that is no longer needed, saying why."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the task is no longer needed"})
    return _task_close(task=task, officer=officer, step="cancel", note=reason)


def task_reassign(*, task: Task, officer: User, assignee: User, reason: str = "") -> Task:
    """Give an open task to another officer of the team: whoever set it, or a supervisor."""
    access.require(officer, access.CHANGE, task)
    if officer.pk != task.created_by_id and not access.has_capability(officer, ALLOCATE):
        audit.record_access_denied(
            user=officer, subject=task, action="reassign", status=403, reason="not the setter"
        )
        raise PermissionDenied("Only whoever set the task, or a supervisor, reassigns it.")
    if task.status != TaskStatus.OPEN:
        raise ValidationError(f"Task {task.reference} is {task.get_status_display().lower()}")
    if (
        not assignee.is_active
        or assignee.team_id != task.team_id
        or not access.has_capability(assignee, "work.view_task")
        or MARKING_RANK.get(assignee.clearance, 0) < MARKING_RANK[task.protective_marking]
    ):
        raise ValidationError({"assignee": "Choose an officer in the team"})
    if task.record is not None and not access.can(assignee, access.VIEW, task.record):
        raise ValidationError(
            {"assignee": f"{assignee.display_name} cannot see {task.record_reference}"}
        )
    if assignee.pk == task.assignee_id:
        raise ValidationError({"assignee": f"The task is already {assignee.display_name}'s"})
    with transaction.atomic():
        task = Task.objects.select_for_update().select_related("assignee").get(pk=task.pk)
        before = _task_snapshot(task)
        task.assignee = assignee
        task.updated_by = officer
        task.version += 1
        task.save()
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=task,
            justification=reason.strip(),
            changes={"before": before, "after": _task_snapshot(task)},
        )
        if assignee.pk != officer.pk:
            notification_send(
                recipient=assignee,
                subject="Task for you",
                body=f"{officer.display_name} gave you task {task.reference}, due "
                f"{task.due_date:%-d %B %Y}.",
                link=task.get_absolute_url(),
            )
    return task


def tasks_hand_over(
    *, record: models.Model, from_officer: User, to_officer: User, by: User, reason: str
) -> tuple[list[Task], list[Task]]:
    """The record changed hands (a case transferred, ADR 0035): the open tasks on it that
    `from_officer` holds go to `to_officer`, into `to_officer`'s team; tasks of other officers
    stay with them. Returns (moved, kept): a task `to_officer` lacks the clearance for stays
    where it is, for a supervisor to reassign.

    Not an officer's own reassignment (`task_reassign`): the caller's service has already
    decided the hand-over (the transfer was authorised there), so the tasks' team rule does
    not apply. Each task moved is audited on the task with `by` and the reason; the new holder
    and the old one are told (the notice carries no content).
    """
    if from_officer.pk == to_officer.pk:
        return [], []
    moved: list[Task] = []
    kept: list[Task] = []
    content_type = ContentType.objects.get_for_model(record)
    with transaction.atomic():
        tasks = (
            Task.objects.select_for_update()
            .select_related("assignee")
            .filter(
                content_type=content_type,
                object_id=record.pk,
                assignee=from_officer,
                status=TaskStatus.OPEN,
            )
            .order_by("due_date", "reference")
        )
        for task in tasks:
            if MARKING_RANK.get(to_officer.clearance, 0) < MARKING_RANK[task.protective_marking]:
                kept.append(task)
                continue
            before = _task_snapshot(task)
            task.assignee = to_officer
            task.team_id = to_officer.team_id
            task.updated_by = by
            task.version += 1
            task.save(update_fields=["assignee", "team", "updated_by", "version", "updated_at"])
            audit.record(
                AuditAction.UPDATE,
                user=by,
                subject=task,
                justification=reason,
                changes={"before": before, "after": _task_snapshot(task)},
                detail={"handed_over": record.reference},
            )
            moved.append(task)
        if moved:
            link = reverse("work:task_list")
            transaction.on_commit(
                lambda: [
                    notification_send(
                        recipient=recipient,
                        subject=subject,
                        body="You have something to look at in Prevent Casework.",
                        link=link,
                    )
                    for recipient, subject in (
                        (to_officer, "Tasks handed over to you"),
                        (from_officer, "Tasks of yours were handed over"),
                    )
                    if recipient.is_active
                ]
            )
    return moved, kept


def task_reminders(*, today: datetime.date) -> list[registry.Reminder]:
    """Open tasks due today, and overdue ones: one reminder each per due date."""
    reminders = []
    tasks = Task.objects.filter(status=TaskStatus.OPEN, due_date__lte=today).only(
        "pk", "reference", "due_date", "assignee_id"
    )
    for task in tasks.iterator():
        overdue = task.due_date < today
        kind = "overdue" if overdue else "due"
        reminders.append(
            registry.Reminder(
                key=f"task-{kind}:{task.pk}:{task.due_date.isoformat()}",
                recipient_id=task.assignee_id,
                subject="Task overdue" if overdue else "Task due today",
                body=f"Task {task.reference} was due {task.due_date:%-d %B %Y}."
                if overdue
                else f"Task {task.reference} is due today.",
                link=task.get_absolute_url(),
            )
        )
    return reminders


def reminders_send(*, today: datetime.date | None = None) -> int:
    """Send every registered reminder not sent before; return how many were sent.

    Notifications carry references only; their e-mail copy says only that there is
    something to look at (accounts.tasks.email_notification).
    """
    today = today or timezone.localdate()
    sent = 0
    for provider in registry.reminder_providers():
        for reminder in provider(today=today):
            recipient = User.objects.filter(pk=reminder.recipient_id, is_active=True).first()
            if recipient is None:
                continue
            with transaction.atomic():
                _, created = ReminderSent.objects.get_or_create(
                    key=reminder.key[:200], defaults={"recipient": recipient}
                )
                if not created:
                    continue
                notification_send(
                    recipient=recipient,
                    subject=reminder.subject,
                    body=reminder.body,
                    link=reminder.link,
                )
            sent += 1
    return sent
