"""Filters for the task list: whose tasks, their status, and text."""

import django_filters
from django.db.models import Q

from apps.work.choices import TaskStatus
from apps.work.models import Task

ANY_STATUS = "any"


class TaskFilter(django_filters.FilterSet):
    whose = django_filters.ChoiceFilter(
        choices=[("mine", "Mine"), ("team", "Everyone in my team")],
        method="filter_whose",
        label="Whose tasks",
        empty_label=None,
    )
    status = django_filters.ChoiceFilter(
        choices=[*TaskStatus.choices, (ANY_STATUS, "Any status")],
        method="filter_status",
        label="Status",
        empty_label=None,
    )
    q = django_filters.CharFilter(
        method="filter_text", label="Task, reference or linked record", max_length=100
    )

    class Meta:
        model = Task
        fields = ["whose", "status", "q"]

    def filter_whose(self, queryset, name, value):
        # "mine" is also the default, applied by the view when nothing is chosen.
        if value == "team":
            return queryset
        return queryset.filter(assignee=self.request.user)

    def filter_status(self, queryset, name, value):
        if value == ANY_STATUS:
            return queryset
        return queryset.filter(status=value)

    def filter_text(self, queryset, name, value):
        text = value.strip()
        return queryset.filter(
            Q(reference__icontains=text)
            | Q(record_reference__icontains=text)
            | Q(title__icontains=text)
        )
