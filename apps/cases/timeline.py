"""The case's work on its timeline (cases.registry): tasks linked to the case and its allocation
history (apps.work, ADR 0018), newest first and bounded, filterable by kind.

Both are read straight from work's tables by the case's id: the timeline is drawn only for a
reader `cases.selectors.case_get` let in, so a restricted case hides these entries with it.
"""

import heapq
import itertools

from django.contrib.contenttypes.models import ContentType

from apps.cases.models import Case
from apps.cases.registry import TIMELINE_LIMIT, TimelineEntry
from apps.work.choices import AllocationStep, TaskStatus
from apps.work.models import AllocationEvent, Task

TASK_KINDS = {"task": "Tasks"}
ALLOCATION_KINDS = {"allocation": "Allocation"}


def _who(user) -> str:
    return user.display_name if user else "The system"


def _case_records(model, case: Case):
    return model.objects.filter(
        content_type=ContentType.objects.get_for_model(Case), object_id=case.pk
    )


def task_timeline(case: Case, kinds):
    """Each task about the case when it was set, and when it was done or cancelled."""
    tasks = _case_records(Task, case).select_related("assignee", "created_by", "closed_by")
    set_entries = (
        TimelineEntry(
            when=task.created_at,
            who=_who(task.created_by),
            what=f"Task {task.reference} set for {task.assignee.display_name}, due "
            f"{task.due_date:%-d %B %Y}: {task.title}",
            kind="task",
            link=task.get_absolute_url(),
        )
        for task in tasks.order_by("-created_at")[:TIMELINE_LIMIT]
    )
    closed = tasks.exclude(status=TaskStatus.OPEN).filter(closed_at__isnull=False)
    closed_entries = (
        TimelineEntry(
            when=task.closed_at,
            who=_who(task.closed_by),
            what=f"Task {task.reference} {task.get_status_display().lower()}: {task.title}",
            kind="task",
            link=task.get_absolute_url(),
        )
        for task in closed.order_by("-closed_at")[:TIMELINE_LIMIT]
    )
    merged = heapq.merge(set_entries, closed_entries, key=lambda entry: entry.when, reverse=True)
    return itertools.islice(merged, TIMELINE_LIMIT)


def task_stamps(case: Case, kinds) -> list[tuple]:
    """When task_timeline's entries happened: tasks set, and tasks done or cancelled."""
    tasks = _case_records(Task, case)
    closed = tasks.exclude(status=TaskStatus.OPEN).filter(closed_at__isnull=False)
    return [(tasks, "created_at"), (closed, "closed_at")]


def _allocation_what(event: AllocationEvent) -> str:
    reason = f": {event.reason}" if event.reason else ""
    if event.step == AllocationStep.RELEASED:
        held = f" by {event.previous_officer.display_name}" if event.previous_officer else ""
        return f"No longer held{held}{reason}"
    if event.step == AllocationStep.REALLOCATED and event.previous_officer:
        return (
            f"Reallocated from {event.previous_officer.display_name} to "
            f"{event.officer.display_name}{reason}"
        )
    return f"Allocated to {event.officer.display_name}{reason}"


def allocation_timeline(case: Case, kinds):
    """Every allocation step of the case (allocated, reallocated, released), newest first."""
    events = (
        _case_records(AllocationEvent, case)
        .select_related("officer", "previous_officer", "by")
        .order_by("-at", "-pk")[:TIMELINE_LIMIT]
    )
    return [
        TimelineEntry(
            when=event.at,
            who=_who(event.by),
            what=_allocation_what(event),
            kind="allocation",
        )
        for event in events
    ]


def allocation_stamps(case: Case, kinds) -> list[tuple]:
    """When allocation_timeline's entries happened."""
    return [(_case_records(AllocationEvent, case), "at")]
