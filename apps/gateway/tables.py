"""The columns of the enquiries log (drawn by core's GOV.UK table template)."""

import django_tables2 as tables
from django.utils import dateformat, timezone
from django.utils.html import format_html

from apps.core.tables import GovukTable
from apps.gateway.models import Enquiry


class EnquiryTable(GovukTable):
    reference = tables.Column(verbose_name="Reference", orderable=True)
    received_at = tables.DateTimeColumn(verbose_name="Received", format="j M Y H:i", orderable=True)
    enquirer = tables.Column(verbose_name="From", orderable=True)
    subject = tables.Column(verbose_name="Subject")
    responded_at = tables.Column(verbose_name="Answered", orderable=True, empty_values=())

    class Meta(GovukTable.Meta):
        model = Enquiry
        fields = ()

    def render_enquirer(self, record):
        return self.value_enquirer(record)

    def value_enquirer(self, record):
        organisation = f", {record.organisation}" if record.organisation else ""
        return f"{record.enquirer}{organisation} ({record.get_direction_display()})"

    def render_responded_at(self, record):
        if record.responded_at is None:
            return format_html('<strong class="govuk-tag govuk-tag--yellow">{}</strong>', "Open")
        return self.value_responded_at(record)

    def value_responded_at(self, record):
        if record.responded_at is None:
            return "Open"
        return dateformat.format(timezone.localtime(record.responded_at), "j M Y")
