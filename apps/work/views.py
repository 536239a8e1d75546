"""Pages of the work layer: tasks (list, page, set, done, cancel, reassign)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.views.decorators.http import require_POST

from apps.accounts.models import User
from apps.core import access, audit, prepared
from apps.core.forms import add_validation_error
from apps.core.idempotency import OneTimeForm, submission_created, submit_once
from apps.core.lists import ObjectListView, page_links
from apps.core.pages import ObjectDetailView, ObjectFormView
from apps.core.tables import LinkTemplate, formatted_date, rows_locale
from apps.core.views import form_page
from apps.work import registry, selectors, services
from apps.work.filters import TaskFilter
from apps.work.forms import (
    AllocateForm,
    ReleaseForm,
    TaskCancelForm,
    TaskCloseForm,
    TaskForm,
    TaskReassignForm,
)
from apps.work.tables import TaskTable

# Rows of allocated work on each page of the team view.
TEAM_PAGE_SIZE = 25


class CountedPaginator(Paginator):
    """A paginator told how many rows there are (the team view's counts query has just
    counted them), so paging runs no COUNT of its own."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count


class _TeamAllocations:
    """The team view's allocations for its paginator: a page of them read through a shape
    compiled once per supervisor, officers and page (core.prepared, ADR 0040); the page
    the view read with its counts is not read again."""

    def __init__(self, user, officers, officer_id) -> None:
        self.user, self.officers, self.officer_id = user, officers, officer_id
        self.read: tuple[int, list] | None = None  # (first row, rows) read with the counts

    def call(self, window: slice) -> prepared.Call:
        user, officers, officer_id = self.user, self.officers, self.officer_id
        return prepared.Call(
            "team view allocations",
            lambda values: [
                selectors.team_allocations(user=user, officers=officers, officer_id=officer_id)[
                    window
                ]
            ],
            key=(tuple(officer.pk for officer in officers), officer_id, window.start, window.stop),
        )

    def __getitem__(self, window: slice) -> list:
        if self.read is not None:
            first, rows = self.read
            if window.start == first and window.stop - first <= TEAM_PAGE_SIZE:
                return rows[: window.stop - first]
        [[allocations]] = prepared.batch(self.user, self.call(window))
        return allocations


class TaskListView(ObjectListView):
    selector = selectors.task_list
    table_class = TaskTable
    filterset_class = TaskFilter
    capability = "work.view_task"
    title = "Tasks"
    scope = "tasks"
    empty_message = "You have no open tasks."
    no_match_message = "No tasks match your filters."

    def get_queryset(self, *, terms: dict):
        queryset = selectors.task_list(user=self.request.user).order_by("due_date", "reference")
        # Nothing chosen yet: my open tasks, overdue first.
        if not terms.get("whose"):
            queryset = queryset.filter(assignee=self.request.user)
        if not terms.get("status"):
            queryset = queryset.filter(status="open")
        return queryset

    def get_actions(self) -> list[dict]:
        if not access.has_capability(self.request.user, "work.add_task"):
            return []
        return [{"text": "Set a task", "href": reverse("work:task_create")}]


class TaskDetailView(ObjectDetailView):
    selector = selectors.task_get
    template_name = "work/task_detail.html"
    context_object_name = "task"

    def get_context_data(self, record):
        context = super().get_context_data(record)
        user = self.request.user
        context["may_change"] = access.can(user, access.CHANGE, record)
        context["may_reassign"] = context["may_change"] and (
            user.pk == record.created_by_id or access.has_capability(user, services.ALLOCATE)
        )
        return context


def _team_officers(user: User):
    """Who a task may be given to: active members of the user's team who keep tasks."""
    ids = [
        member.pk
        for member in User.objects.filter(team_id=user.team_id, is_active=True).select_related(
            "role"
        )
        if access.has_capability(member, "work.view_task")
    ]
    return User.objects.filter(pk__in=ids).order_by("last_name", "first_name")


def _linked_record(request):
    """The record a new task is about, from ?record_type=<label>&record_id=<uuid>, or None."""
    label = request.GET.get("record_type") or request.POST.get("record_type")
    record_id = request.GET.get("record_id") or request.POST.get("record_id")
    if not label and not record_id:
        return None
    return selectors.record_for_work(user=request.user, record_type=label, record_id=record_id)


@login_required
@submit_once
def task_create(request):
    access.require_add(request.user, services.Task)
    once = OneTimeForm(request, purpose="work.task_create", noun="task")
    record = _linked_record(request)
    form = TaskForm(
        request.POST or None,
        once=once,
        officers=_team_officers(request.user),
        initial={"assignee": request.user.pk},
    )
    if record is not None:
        label = registry.record_type_for(type(record)).label
        form.helper.form_action = (
            f"{reverse('work:task_create')}?record_type={label}&record_id={record.pk}"
        )
    if request.method == "POST" and form.is_valid():
        try:
            with once.consume() as submission:
                task = services.task_create(
                    officer=request.user, record=record, **form.cleaned_data
                )
                submission_created(submission, task, url=task.get_absolute_url())
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request, f"Task {task.reference} set for {task.assignee.display_name}."
            )
            return redirect(task.get_absolute_url())
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "page_title": "Set a task",
            "caption": f"About {record.reference}" if record else "",
            "back_url": record.get_absolute_url() if record else reverse("work:task_list"),
        },
    )


class TaskCompleteView(ObjectFormView):
    selector = selectors.task_get
    form_class = TaskCloseForm
    service = services.task_complete
    record_arg = "task"
    title = "Mark the task as done"
    success_message = "Task marked as done."


class TaskCancelView(ObjectFormView):
    selector = selectors.task_get
    form_class = TaskCancelForm
    service = services.task_cancel
    record_arg = "task"
    title = "Cancel the task"
    success_message = "Task cancelled."


class TaskReassignView(ObjectFormView):
    selector = selectors.task_get
    form_class = TaskReassignForm
    service = services.task_reassign
    record_arg = "task"
    title = "Reassign the task"
    success_message = "Task reassigned."

    def get(self, request, *args, **kwargs):
        return self.render_form(self.make_form(None))

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                services.task_reassign(task=self.object, officer=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(request, self.success_message)
                return redirect(self.get_success_url())
        return self.render_form(form)

    def make_form(self, data):
        return TaskReassignForm(
            data,
            officers=_team_officers(self.request.user),
            initial={"assignee": self.object.assignee_id},
        )


def _next_url(request, record) -> str:
    """Where to go after an allocation step: a same-site `next`, else the record's page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return record.get_absolute_url()


@login_required
@require_POST
def record_take(request, record_type, record_id):
    """An officer takes an unallocated record of their team (a button, no form)."""
    record = selectors.record_for_work(
        user=request.user, record_type=record_type, record_id=record_id, action=access.CHANGE
    )
    try:
        services.allocation_allocate(record=record, officer=request.user, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{record.reference} is allocated to you.")
    return redirect(_next_url(request, record))


def _allocation_page(request, form, *, record, title: str, intro: str = ""):
    back = _next_url(request, record)
    form.helper.form_action = f"{request.path}?next={back}"
    return form_page(
        request, form, title=title, caption=record.reference, back_url=back, intro=intro
    )


@login_required
def record_allocate(request, record_type, record_id):
    """A supervisor allocates a record of their team to an officer, or reallocates it."""
    access.require_capability(request.user, services.ALLOCATE)
    record = selectors.record_for_work(
        user=request.user, record_type=record_type, record_id=record_id, action=access.CHANGE
    )
    current = selectors.allocation_of(record)
    officers = User.objects.filter(
        pk__in=[officer.pk for officer in selectors.allocatable_officers(record=record)]
    ).order_by("last_name", "first_name")
    form = AllocateForm(request.POST or None, officers=officers)
    if request.method == "POST" and form.is_valid():
        try:
            services.allocation_allocate(record=record, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            officer = form.cleaned_data["officer"]
            messages.success(request, f"{record.reference} is allocated to {officer.display_name}.")
            return redirect(_next_url(request, record))
    intro = (
        f"Allocated to {current.officer.display_name} since "
        f"{timezone.localtime(current.allocated_at):%-d %B %Y}."
        if current
        else "Not allocated to anyone yet."
    )
    title = "Reallocate" if current else "Allocate"
    return _allocation_page(request, form, record=record, title=title, intro=intro)


@login_required
def record_release(request, record_type, record_id):
    """The officer who holds a record, or a supervisor, gives it back to the team."""
    record = selectors.record_for_work(
        user=request.user, record_type=record_type, record_id=record_id, action=access.CHANGE
    )
    current = selectors.allocation_of(record)
    if current is None:
        messages.error(request, f"{record.reference} is not allocated to anyone.")
        return redirect(_next_url(request, record))
    form = ReleaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.allocation_release(record=record, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, f"{record.reference} is back with the team, unallocated.")
            return redirect(_next_url(request, record))
    return _allocation_page(
        request,
        form,
        record=record,
        title="Release to the team",
        intro=f"Allocated to {current.officer.display_name}. Once released, anyone in the team "
        "can take it.",
    )


@login_required
def team_view(request):
    """The supervisor's team: per officer, what they hold and their tasks; reallocate from here."""
    access.require_capability(request.user, services.ALLOCATE)
    officers = selectors.team_officers(user=request.user)
    chosen = request.GET.get("officer") or ""
    officer_id = next((o.pk for o in officers if str(o.pk) == chosen), None)
    # The counts in one round trip: tasks, allocations, and each registered column that gives
    # its query; compiled once per supervisor, team and day (core.prepared, ADR 0040).
    user = request.user
    officer_ids = tuple(officer.pk for officer in officers)
    extra = registry.team_columns()
    batched = [column for column in extra if column.query is not None]
    summary_keys = selectors.team_allocation_summary_keys()

    def counts(values):
        summary_query, _ = selectors.team_allocation_summary_query(user=user, officers=officers)
        return [
            selectors.task_counts_query(user=user, officers=officers),
            summary_query,
            *(column.query(user, officers) for column in batched),
        ]

    # The page of allocations asked for is read in the same round trip (its window is checked
    # against the count when the paginator asks for it).
    asked = request.GET.get("page", "")
    first = (int(asked) - 1) * TEAM_PAGE_SIZE if asked.isdigit() and int(asked) > 0 else 0
    allocations = _TeamAllocations(user, officers, officer_id)
    (task_rows, summary_rows, *column_rows), [page_rows] = prepared.batch(
        user,
        prepared.Call("team view counts", counts, key=officer_ids, rows=True),
        allocations.call(slice(first, first + TEAM_PAGE_SIZE)),
    )
    allocations.read = (first, page_rows)
    tasks = selectors.task_counts_from(task_rows, officers=officers)
    columns, held = selectors.team_allocation_summary_from(summary_rows, keys=summary_keys)
    by_column = dict(zip([column.heading for column in batched], column_rows, strict=True))
    columns += [
        (
            column.heading,
            {officer_id: count for officer_id, count in by_column[column.heading] if count}
            if column.heading in by_column
            else column.counts(user, officers),
        )
        for column in extra
    ]
    rows = [
        {
            "officer": officer,
            "counts": [counts.get(officer.pk, 0) for _, counts in columns],
            "open_tasks": tasks[officer.pk]["open"],
            "overdue_tasks": tasks[officer.pk]["overdue"],
        }
        for officer in officers
    ]
    # The allocated work a page at a time: a team holds thousands of records over the years.
    paginator = CountedPaginator(
        allocations,
        TEAM_PAGE_SIZE,
        count=sum(
            held.get(officer.pk, 0) for officer in officers if officer_id in (None, officer.pk)
        ),
    )
    page = paginator.get_page(request.GET.get("page"))
    allocations = selectors.team_allocation_rows(page.object_list)
    if allocations:
        audit.record_search(
            user=request.user,
            scope="team view",
            terms={"officer": chosen} if chosen else {},
            result_count=paginator.count,
            detail={
                "page": page.number,
                "references": [allocation.reference for _, allocation, _ in allocations],
            },
        )
    # The rows' links and dates worked out here, once, rather than by tags in the loop.
    team_url = reverse("work:team")
    reallocate = {
        label: LinkTemplate("work:record_allocate", "record_id", record_type=label)
        for label in {record_type.label for record_type, _, _ in allocations}
    }
    names = {officer.pk: officer.display_name for officer in officers}
    with rows_locale():
        allocation_rows = [
            {
                "reference": allocation.reference,
                "href": href,
                "type": capfirst(record_type.label),
                "officer": names[allocation.officer_id],
                "since": formatted_date(allocation.allocated_at, "j F Y"),
                "reallocate": f"{reallocate[record_type.label](allocation.object_id)}"
                f"?next={team_url}",
            }
            for record_type, allocation, href in allocations
        ]
    return render(
        request,
        "work/team.html",
        {
            "headings": [heading for heading, _ in columns],
            "rows": rows,
            "allocations": allocations,
            "allocation_rows": allocation_rows,
            "page": page,
            "page_links": page_links(page),
            "query": urlencode({"officer": officer_id}) if officer_id else "",
            "chosen": next((o for o in officers if o.pk == officer_id), None),
        },
    )
