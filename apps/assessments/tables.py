"""The columns of the assessments list."""

import django_tables2 as tables
from django.utils import dateformat, timezone
from django.utils.html import format_html

from apps.assessments.models import Assessment
from apps.core.tables import GovukTable


class AssessmentTable(GovukTable):
    reference = tables.Column(verbose_name="Assessment", orderable=True, linkify=True)
    case = tables.Column(verbose_name="Case", accessor="case__reference", orderable=True)
    number = tables.Column(verbose_name="Version", orderable=True)
    status = tables.Column(verbose_name="Status", orderable=True)
    submitted_at = tables.Column(verbose_name="Submitted", orderable=True, empty_values=())

    class Meta(GovukTable.Meta):
        model = Assessment
        fields = ()

    def render_status(self, record):
        return format_html('<strong class="govuk-tag">{}</strong>', record.get_status_display())

    def value_status(self, record):
        return record.get_status_display()

    def render_submitted_at(self, record):
        return self.value_submitted_at(record)

    def value_submitted_at(self, record):
        if record.submitted_at is None:
            return "Not submitted"
        return dateformat.format(timezone.localtime(record.submitted_at), "j F Y")
