import django_tables2 as tables
from django.utils import dateformat
from django.utils.html import format_html

from apps.core.tables import GovukTable
from apps.interventions.models import Intervention


class InterventionTable(GovukTable):
    reference = tables.Column(verbose_name="Intervention", orderable=True, linkify=True)
    case = tables.Column(verbose_name="Case", accessor="case__reference", orderable=True)
    intervention_type = tables.Column(verbose_name="Type", accessor="intervention_type__name")
    provider = tables.Column(verbose_name="Provider", accessor="provider__name", default="Police")
    start_date = tables.Column(verbose_name="Start", orderable=True)
    status = tables.Column(verbose_name="Status", orderable=True)

    class Meta(GovukTable.Meta):
        model = Intervention
        fields = ()

    def render_start_date(self, value):
        return self.value_start_date(value)

    def value_start_date(self, value):
        return dateformat.format(value, "j F Y")

    def render_status(self, record):
        return format_html('<strong class="govuk-tag">{}</strong>', record.get_status_display())

    def value_status(self, record):
        return record.get_status_display()
