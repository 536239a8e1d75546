"""My work: the signed-in officer's open tasks, overdue first (core.worklists)."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from apps.core import access, audit
from apps.core.worklists import WorkList, head_and_counts, register
from apps.work.selectors import my_tasks

SHOWN = 10


@register
def my_tasks_work(user) -> WorkList | None:
    if not access.has_capability(user, "work.view_task"):
        return None
    today = timezone.localdate()
    tasks, count, overdue = head_and_counts(
        lambda: my_tasks(user=user).select_related(None),
        user=user,
        shape="my tasks",
        shown=SHOWN,
        overdue=lambda task: task.due_date < today,
        overdue_q=Q(due_date__lt=today),
    )
    if tasks:
        # A task's title may name someone: the rows shown are a recorded consultation.
        audit.record_search(
            user=user,
            scope="my work: tasks",
            terms={},
            result_count=len(tasks),
            detail={"references": [task.reference for task in tasks]},
        )
    return WorkList(
        key="my-tasks",
        title="My tasks",
        empty_text="You have no open tasks.",
        headers=["Task", "What needs to be done", "Due", "About"],
        rows=[
            {
                "href": task.get_absolute_url(),
                "cells": [
                    task.reference,
                    task.title,
                    f"{task.due_date:%-d %B %Y}",
                    task.record_reference or "—",
                ],
                "overdue": task.due_date < today,
            }
            for task in tasks
        ],
        count=count,
        overdue=overdue,
        link=reverse("work:task_list"),
        link_text="See all your tasks",
        order=30,
    )
