import django_tables2 as tables
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html

from apps.cases.models import ReoffendingCheck
from apps.core.tables import GovukTable, ReferenceColumn
from apps.cyber_impact.models import IntelligenceInterview, OutcomeMeasure


class InterviewTable(GovukTable):
    reference = ReferenceColumn(verbose_name="Interview", orderable=True)
    case = tables.Column(verbose_name="Case", accessor="case__reference", orderable=True)
    interviewed_at = tables.Column(verbose_name="Interviewed", orderable=True)
    disposal = tables.Column(verbose_name="Disposal", orderable=True)
    consent = tables.Column(verbose_name="Consent", orderable=True)

    class Meta(GovukTable.Meta):
        model = IntelligenceInterview
        fields = ()

    def render_interviewed_at(self, value):
        return self.value_interviewed_at(value)

    def value_interviewed_at(self, value):
        return dateformat.format(timezone.localtime(value), "j F Y")

    def render_disposal(self, record):
        return record.get_disposal_display()

    def value_disposal(self, record):
        return record.get_disposal_display()

    def render_consent(self, record):
        return record.get_consent_display()

    def value_consent(self, record):
        return record.get_consent_display()


class MeasureTable(GovukTable):
    reference = ReferenceColumn(verbose_name="Measure", orderable=True)
    case = tables.Column(verbose_name="Case", accessor="case__reference", orderable=True)
    intervention = tables.Column(
        verbose_name="Intervention", accessor="intervention__reference", orderable=True
    )
    intervention_type = tables.Column(
        verbose_name="Type", accessor="intervention__intervention_type__name"
    )
    point = tables.Column(verbose_name="When", orderable=True)
    measured_on = tables.Column(verbose_name="Measured", orderable=True)
    reoffending = tables.Column(verbose_name="Re-offending check", accessor="pk", orderable=False)

    class Meta(GovukTable.Meta):
        model = OutcomeMeasure
        fields = ()

    def render_point(self, record):
        return record.get_point_display()

    def value_point(self, record):
        return record.get_point_display()

    def render_measured_on(self, value):
        return self.value_measured_on(value)

    def value_measured_on(self, value):
        return dateformat.format(value, "j F Y")

    def render_reoffending(self, record):
        return record.get_reoffending_display()

    def value_reoffending(self, record):
        return record.get_reoffending_display()


class CheckTable(GovukTable):
    """Re-offending checks across the team's Cyber Prevent cases: the case reference links to
    the case's checks; who did each and what they found."""

    case = tables.Column(verbose_name="Case", accessor="case__reference", orderable=True)
    check = tables.Column(verbose_name="Check", accessor="offset_months", orderable=True)
    due_on = tables.Column(verbose_name="Due", orderable=True)
    status = tables.Column(verbose_name="Status", orderable=True)
    checked_on = tables.Column(verbose_name="Checked", orderable=True, default="")
    checked_by = tables.Column(verbose_name="Checked by", accessor="checked_by__display_name")
    result = tables.Column(verbose_name="Found", orderable=True, default="")

    class Meta(GovukTable.Meta):
        model = ReoffendingCheck
        fields = ()

    def render_case(self, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            reverse("cases:check_list", kwargs={"case_id": record.case_id}),
            record.case.reference,
        )

    def value_case(self, record):
        return record.case.reference

    def render_check(self, record):
        return record.label

    def value_check(self, record):
        return record.label

    def render_due_on(self, record):
        text = dateformat.format(record.due_on, "j F Y")
        if record.is_overdue():
            return format_html('{} <strong class="govuk-tag govuk-tag--red">Overdue</strong>', text)
        return text

    def value_due_on(self, record):
        return dateformat.format(record.due_on, "j F Y")

    def render_status(self, record):
        return record.get_status_display()

    def value_status(self, record):
        return record.get_status_display()

    def render_checked_on(self, value):
        return dateformat.format(value, "j F Y")

    def value_checked_on(self, record):
        return dateformat.format(record.checked_on, "j F Y") if record.checked_on else ""

    def render_result(self, record):
        return record.get_result_display()

    def value_result(self, record):
        return record.get_result_display()
