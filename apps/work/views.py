"""Pages of the work layer: tasks (list, page, set, done, cancel, reassign)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from apps.accounts.models import User
from apps.core import access, audit
from apps.core.forms import add_validation_error
from apps.core.idempotency import OneTimeForm, submission_created, submit_once
from apps.core.lists import ObjectListView
from apps.core.pages import ObjectDetailView, ObjectFormView
from apps.work import registry, selectors, services
from apps.work.filters import TaskFilter
from apps.work.forms import TaskCancelForm, TaskCloseForm, TaskForm, TaskReassignForm
from apps.work.tables import TaskTable


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
    record_type = next((rt for rt in registry.record_types() if rt.label == label), None)
    if record_type is None or not record_id:
        raise Http404("No such record.")
    record = access.get_or_404(
        record_type.model._default_manager.all(), user=request.user, pk=record_id
    )
    audit.record_view(user=request.user, subject=record)
    return record_type, record


@login_required
@submit_once
def task_create(request):
    access.require_add(request.user, services.Task)
    once = OneTimeForm(request, purpose="work.task_create", noun="task")
    linked = _linked_record(request)
    record = linked[1] if linked else None
    form = TaskForm(
        request.POST or None,
        once=once,
        officers=_team_officers(request.user),
        initial={"assignee": request.user.pk},
    )
    if linked:
        form.helper.form_action = (
            f"{reverse('work:task_create')}?record_type={linked[0].label}&record_id={record.pk}"
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
