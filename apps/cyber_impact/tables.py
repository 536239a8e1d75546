import django_tables2 as tables
from django.utils import dateformat, timezone

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
