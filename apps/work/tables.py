"""The columns of the task list (drawn by core's GOV.UK table template)."""

import django_tables2 as tables
from django.utils import dateformat, timezone
from django.utils.html import format_html

from apps.core.tables import GovukTable, ReferenceColumn
from apps.work.models import Task


class TaskTable(GovukTable):
    reference = ReferenceColumn(orderable=True)
    title = tables.Column(verbose_name="Task")
    due_date = tables.Column(verbose_name="Due", orderable=True)
    assignee = tables.Column(verbose_name="Assigned to", accessor="assignee__username")
    record_reference = tables.Column(verbose_name="About", empty_values=())
    status = tables.Column(verbose_name="Status", empty_values=())

    class Meta(GovukTable.Meta):
        model = Task
        fields = ()

    def render_due_date(self, record):
        text = self.value_due_date(record)
        if record.is_overdue():
            return format_html('{} <strong class="govuk-tag govuk-tag--red">Overdue</strong>', text)
        return text

    def value_due_date(self, record):
        return dateformat.format(record.due_date, "j F Y")

    def render_assignee(self, record):
        return self.value_assignee(record)

    def value_assignee(self, record):
        return record.assignee.display_name

    def render_record_reference(self, record):
        return self.value_record_reference(record)

    def value_record_reference(self, record):
        return record.record_reference or "—"

    def render_status(self, record):
        return self.value_status(record)

    def value_status(self, record):
        if record.closed_at:
            closed = dateformat.format(timezone.localtime(record.closed_at), "j F Y")
            return f"{record.get_status_display()} {closed}"
        return record.get_status_display()
