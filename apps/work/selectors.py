"""Every read of the work layer: current allocations, allocation history, tasks.

The allocation helpers take a queryset of a registered record type that the caller has
already narrowed with `core.access` (a queue, a list), and add or filter by its current
allocation with one correlated subquery on the unique (content type, object id) index,
so a queue of any length is ordered by allocation in one query (ADR 0018).
"""

import datetime
import uuid
from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from apps.accounts.models import User
from apps.core import access, audit, prepared
from apps.work import registry
from apps.work.choices import TaskStatus
from apps.work.models import Allocation, AllocationEvent, Task


def _content_type(queryset_or_model) -> ContentType:
    model = getattr(queryset_or_model, "model", queryset_or_model)
    registry.record_type_for(model)
    return ContentType.objects.get_for_model(model)


def _allocations_of(queryset: QuerySet) -> QuerySet[Allocation]:
    return Allocation.objects.filter(content_type=_content_type(queryset))


def with_allocation(queryset: QuerySet) -> QuerySet:
    """Annotate each record with `allocated_officer_id` and `allocated_at` (None if unallocated)."""
    current = _allocations_of(queryset).filter(object_id=OuterRef("pk"))
    return queryset.annotate(
        allocated_officer_id=Subquery(current.values("officer_id")[:1]),
        allocated_at=Subquery(current.values("allocated_at")[:1]),
    )


def allocated_to(queryset: QuerySet, *, officer: User) -> QuerySet:
    """The records of `queryset` allocated to `officer` now."""
    return queryset.filter(
        pk__in=_allocations_of(queryset).filter(officer=officer).values("object_id")
    )


def unallocated_in_team(queryset: QuerySet, *, user: User) -> QuerySet:
    """The records of `queryset` owned by the user's team that nobody holds."""
    if user.team_id is None:
        return queryset.none()
    return queryset.filter(team_id=user.team_id).exclude(
        pk__in=_allocations_of(queryset).values("object_id")
    )


def allocation_of(record: models.Model) -> Allocation | None:
    """The record's current allocation. The caller has already read the record through
    its own selector (access checked, consultation recorded)."""
    return allocation_query(record).first()


def allocation_query(record: models.Model) -> QuerySet[Allocation]:
    """`allocation_of` as a query of at most one allocation, to read with others."""
    return (
        Allocation.objects.select_related("officer", "allocated_by")
        .filter(content_type=_content_type(type(record)), object_id=record.pk)
        .order_by("pk")[:1]
    )


def allocation_history(record: models.Model) -> list[AllocationEvent]:
    """Every allocation step of the record, newest first (same caveat as allocation_of)."""
    return list(
        AllocationEvent.objects.select_related("officer", "previous_officer", "by").filter(
            content_type=_content_type(type(record)), object_id=record.pk
        )
    )


def allocatable_officers(*, record: models.Model) -> list[User]:
    """Officers of the record's team who may hold it (active, may take work, may change it)."""
    candidates = User.objects.filter(team_id=record.team_id, is_active=True).select_related("role")
    return [
        officer
        for officer in candidates
        if access.has_capability(officer, "work.add_allocation")
        and access.can(officer, access.CHANGE, record)
    ]


def team_officers(*, user: User) -> list[User]:
    """The active members of the user's team who take work, by name."""
    if user.team_id is None:
        return []
    # Compiled once per user and shape (core.prepared): the team view reads it on every visit.
    [members] = prepared.together(
        user,
        "team officers",
        lambda _: [
            User.objects.filter(team_id=user.team_id, is_active=True).select_related("role")
        ],
    )
    officers = [
        member for member in members if access.has_capability(member, "work.add_allocation")
    ]
    return sorted(officers, key=lambda officer: (officer.last_name, officer.first_name))


def allocation_counts(
    *, user: User, model: type[models.Model], officers: list[User], overdue: bool = False
) -> dict:
    """{officer id: how many open records of `model` they hold} (or how many of those are
    overdue), counting only records `user` may see."""
    record_type = registry.record_type_for(model)
    visible = access.restrict(record_type.open_records(), user=user)
    if overdue:
        if record_type.overdue_q is None:
            return {}
        visible = visible.filter(record_type.overdue_q(timezone.localdate()))
    rows = (
        _allocations_of(model._default_manager.all())
        .filter(officer__in=officers, object_id__in=visible.values("pk"))
        .values("officer_id")
        .annotate(count=Count("pk"))
    )
    return {row["officer_id"]: row["count"] for row in rows}


def team_open_records(*, user: User) -> dict:
    """{record type label: its open records `user` may see} (querysets, not run), for the
    team view's counts and its page of allocations (each compiled once per shape:
    core.prepared)."""
    return {
        record_type.label: access.restrict(record_type.open_records(), user=user)
        for record_type in registry.record_types()
    }


def team_allocation_summary_keys() -> list[tuple[str, bool]]:
    """The headings of `team_allocation_summary_query`'s columns, and which of them count
    what an officer holds (the others count overdue records)."""
    headings = []
    for record_type in registry.record_types():
        plural = f"{record_type.label}s"
        headings.append((f"{plural.capitalize()} allocated", True))
        if record_type.overdue_q is not None:
            headings.append((f"Overdue {plural}", False))
    return headings


def team_allocation_summary_query(*, user: User, officers: list[User]) -> tuple[QuerySet, list]:
    """The team view's allocation columns as a query of (officer id, then each column's count), with
    the columns' headings (`team_allocation_summary_keys`), to run with others.
    Each count filters to the records `user` may see; the officers' other allocations are
    read but counted nowhere (cheaper than filtering every row by every type twice)."""
    today = timezone.localdate()
    open_records = team_open_records(user=user)
    aggregates = {}
    for number, record_type in enumerate(registry.record_types()):
        content_type = ContentType.objects.get_for_model(record_type.model)
        records = open_records[record_type.label]
        aggregates[f"held_{number}"] = Count(
            "pk", filter=Q(content_type=content_type, object_id__in=records.values("pk"))
        )
        if record_type.overdue_q is not None:
            overdue = records.filter(record_type.overdue_q(today))
            aggregates[f"overdue_{number}"] = Count(
                "pk", filter=Q(content_type=content_type, object_id__in=overdue.values("pk"))
            )
    query = (
        Allocation.objects.filter(officer__in=officers)
        .values_list("officer_id")
        .annotate(**aggregates)
        .order_by()
    )
    return query, team_allocation_summary_keys()


def team_allocation_summary_from(rows, *, keys: list) -> tuple[list[tuple[str, dict]], dict]:
    """The columns, and {officer id: every visible open record they hold} (the held columns
    summed: each allocation is of one record type)."""
    columns = [
        (heading, {row[0]: row[1 + index] for row in rows if row[1 + index]})
        for index, (heading, _) in enumerate(keys)
    ]
    held = {
        row[0]: sum(row[1 + index] for index, (_, is_held) in enumerate(keys) if is_held)
        for row in rows
    }
    return columns, held


def _linked_records_visible(user: User) -> Q:
    """Tasks with no record, or whose record the user may see (restricted records hide them).

    Each record type is checked row by row (a correlated EXISTS on the record's primary key),
    so the cost follows the tasks asked for, not the thousands of records of each type."""
    visible = Q(content_type__isnull=True)
    for record_type in registry.record_types():
        model = record_type.model
        visible |= Q(
            content_type=ContentType.objects.get_for_model(model),
        ) & Q(
            Exists(
                access.restrict(model._default_manager.filter(pk=OuterRef("object_id")), user=user)
            )
        )
    return visible


def task_list(*, user: User) -> QuerySet[Task]:
    """Every task the user may see: the team's tasks, whose linked record they may also see."""
    return access.restrict(Task.objects.select_related("assignee", "created_by"), user=user).filter(
        _linked_records_visible(user)
    )


def my_tasks(*, user: User) -> QuerySet[Task]:
    """The user's open tasks, overdue first (by due date)."""
    return (
        task_list(user=user)
        .filter(assignee=user, status=TaskStatus.OPEN)
        .order_by("due_date", "reference")
    )


def tasks_for_record(*, user: User, record: models.Model) -> QuerySet[Task]:
    """The tasks about one record the user has already read through its selector (which
    decided they may see it): the tasks themselves are still narrowed by `core.access`."""
    return access.restrict(Task.objects.select_related("assignee", "created_by"), user=user).filter(
        content_type=_content_type(type(record)), object_id=record.pk
    )


def task_get(*, user: User, task_id: uuid.UUID | str, action: str = access.VIEW) -> Task:
    task = access.get_or_404(
        task_list(user=user).select_related("team"), user=user, action=action, pk=task_id
    )
    audit.record_view(user=user, subject=task)
    return task


def task_counts(*, user: User, officers: list[User], today: datetime.date | None = None) -> dict:
    """{officer id: {"open": n, "overdue": n}} for the officers' open tasks the user sees."""
    query = task_counts_query(user=user, officers=officers, today=today)
    return task_counts_from(list(query), officers=officers)


def task_counts_query(
    *, user: User, officers: list[User], today: datetime.date | None = None
) -> QuerySet:
    """`task_counts` as a query of (assignee id, open, overdue), to run with others."""
    today = today or timezone.localdate()
    return (
        task_list(user=user)
        .filter(assignee__in=officers, status=TaskStatus.OPEN)
        .values_list("assignee_id")
        .annotate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(due_date__lt=today)),
        )
        .order_by()
    )


def task_counts_from(rows, *, officers: list[User]) -> dict:
    counts = {officer.pk: {"open": 0, "overdue": 0} for officer in officers}
    for assignee_id, open_count, overdue in rows:
        counts[assignee_id] = {"open": open_count, "overdue": overdue}
    return counts


def task_status_counts(*, user: User) -> Counter:
    """How many of the user's open tasks are overdue, due today, and later."""
    today = timezone.localdate()
    counts: Counter = Counter()
    for due_date in my_tasks(user=user).values_list("due_date", flat=True):
        counts["overdue" if due_date < today else "today" if due_date == today else "later"] += 1
    return counts


def record_for_work(*, user: User, record_type: str, record_id, action: str = access.VIEW):
    """A registered record by its type label and id, through `core.access` (404 otherwise),
    its consultation recorded: the allocation pages show it."""
    found = registry.record_type_by_label(record_type)
    if found is None:
        raise Http404("No such record.")
    record = access.get_or_404(
        found.model._default_manager.all(), user=user, action=action, pk=record_id
    )
    audit.record_view(user=user, subject=record)
    return record


def team_allocations(
    *,
    user: User,
    officers: list[User],
    officer_id: int | None = None,
) -> QuerySet[Allocation]:
    """The allocations of open records the officers hold that the user may see, by officer (in
    the order of `officers`) then reference: one query, for the caller to page
    (`team_allocation_rows` for a page's rows)."""
    chosen = [officer for officer in officers if officer_id in (None, officer.pk)]
    open_records = team_open_records(user=user)
    visible = Q(pk__in=[])
    for record_type in registry.record_types():
        visible |= Q(
            content_type=ContentType.objects.get_for_model(record_type.model),
            object_id__in=open_records[record_type.label].values("pk"),
        )
    # In the officers' order (by name, as the caller lists them), without joining the officers:
    # the caller names them.
    in_order = Case(
        *(When(officer_id=officer.pk, then=Value(rank)) for rank, officer in enumerate(chosen)),
        output_field=IntegerField(),
    )
    return Allocation.objects.filter(visible, officer__in=chosen).order_by(
        in_order, "reference", "pk"
    )


def team_allocation_rows(allocations) -> list[tuple]:
    """(record type, allocation, the record's URL) for a page of `team_allocations`, which
    holds only records the user may see: the links need no query."""
    types = {
        ContentType.objects.get_for_model(record_type.model).pk: record_type
        for record_type in registry.record_types()
    }
    return [
        (record_type, allocation, record_type.url(allocation.object_id))
        for allocation in allocations
        if (record_type := types.get(allocation.content_type_id)) is not None
    ]


def work_panel(*, user: User, record: models.Model) -> dict:
    """What a record's page shows of its work: the holder, the history, the tasks about it,
    and which allocation steps this user may take (the services check again)."""
    label = registry.record_type_for(type(record)).label
    current = allocation_of(record)
    may_change = access.can(user, access.CHANGE, record)
    supervising = (
        may_change
        and access.has_capability(user, "work.change_allocation")
        and user.team_id == record.team_id
    )
    may_take = (
        may_change
        and current is None
        and user.team_id == record.team_id
        and access.has_capability(user, "work.add_allocation")
    )
    tasks = list(tasks_for_record(user=user, record=record).order_by("status", "due_date"))
    if tasks:
        # A task's title may name someone: the tasks listed are a recorded consultation.
        audit.record_search(
            user=user,
            scope=f"tasks about {record.reference}",
            terms={},
            result_count=len(tasks),
            detail={"references": [task.reference for task in tasks]},
        )
    return {
        "record_type": label,
        "record": record,
        "allocation": current,
        "history": allocation_history(record),
        "tasks": tasks,
        "may_take": may_take,
        "may_allocate": supervising,
        "may_release": current is not None
        and may_change
        and (supervising or current.officer_id == user.pk),
        "may_add_task": access.has_capability(user, "work.add_task"),
    }


def record_by_id(*, user: User, record_id) -> models.Model:
    """A registered record of any type by its id, through `core.access` (404 otherwise),
    its consultation recorded."""
    for record_type in registry.record_types():
        manager = record_type.model._default_manager
        if manager.filter(pk=record_id).exists():
            record = access.get_or_404(manager.all(), user=user, pk=record_id)
            audit.record_view(user=user, subject=record)
            return record
    audit.record_access_denied(
        user=user, status=404, reason=access.REFUSED_MISSING, object_id=str(record_id)
    )
    raise Http404("No such record.")


def record_by_reference(*, user: User, record_type: str, reference: str) -> models.Model:
    """A registered record by its type label and reference (what officers quote)."""
    found = registry.record_type_by_label(record_type)
    if found is None:
        raise Http404("No such record.")
    record = access.get_or_404(
        found.model._default_manager.all(), user=user, reference=reference.strip()
    )
    audit.record_view(user=user, subject=record)
    return record


def allocation_list(*, user: User) -> QuerySet[Allocation]:
    """Current allocations of every record the user may see, of every registered type."""
    visible = Q(pk__in=[])
    for record_type in registry.record_types():
        visible |= Q(
            content_type=ContentType.objects.get_for_model(record_type.model),
            object_id__in=access.restrict(
                record_type.model._default_manager.all(), user=user
            ).values("pk"),
        )
    return (
        Allocation.objects.select_related("officer", "allocated_by")
        .filter(visible)
        .order_by("-allocated_at", "reference")
    )
