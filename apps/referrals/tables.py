"""The columns of the referral and import lists (drawn by core's GOV.UK table template)."""

import django_tables2 as tables
from django.utils.html import format_html

from apps.core.tables import GovukTable, ReferenceColumn
from apps.referrals.choices import OPEN_STATUSES
from apps.referrals.models import Referral, ReferralImport
from apps.referrals.selectors import sla_clock


class ReferralTable(GovukTable):
    reference = ReferenceColumn(orderable=True)
    person = tables.Column(
        accessor="subject_full_name",
        verbose_name="Person",
        orderable=True,
        order_by=("subject_family_name", "subject_given_name"),
    )
    urgent = tables.Column(
        accessor="is_urgent",
        verbose_name="Urgent",
        orderable=True,
        order_by=("-is_urgent", "due_date"),
        empty_values=(),
    )
    date_received = tables.DateColumn(verbose_name="Received", format="j M Y", orderable=True)
    sector = tables.Column(accessor="sector__name", verbose_name="Sector", orderable=True)
    status = tables.Column(
        accessor="get_status_display", verbose_name="Stage", orderable=True, order_by="status"
    )
    gateway_target = tables.Column(
        accessor="due_date", verbose_name="Gateway target", orderable=True, empty_values=()
    )

    class Meta(GovukTable.Meta):
        model = Referral
        fields = ()
        attrs = {**GovukTable.Meta.attrs, "data-testid": "referral-table"}

    def render_urgent(self, record):
        if not record.is_urgent:
            return ""
        return format_html(
            '<strong class="govuk-tag govuk-tag--red">Urgent</strong>'
            '<span class="govuk-body-s govuk-!-display-block" '
            'data-testid="urgent-reason">{}</span>',
            record.urgent_reason,
        )

    def value_urgent(self, record):
        return f"Urgent: {record.urgent_reason}" if record.is_urgent else ""

    def render_gateway_target(self, record):
        if record.status not in OPEN_STATUSES:
            return "Decided"
        sla = sla_clock(record)
        return format_html(
            '<strong class="govuk-tag govuk-tag--{}">{}</strong>', sla["colour"], sla["label"]
        )

    def value_gateway_target(self, record):
        return sla_clock(record)["label"] if record.status in OPEN_STATUSES else "Decided"


class ReferralImportTable(GovukTable):
    created_at = tables.DateTimeColumn(verbose_name="Uploaded", format="j M Y H:i", orderable=True)
    original_name = tables.Column(
        verbose_name="File",
        orderable=True,
        linkify={"viewname": "referrals:import_detail", "kwargs": {"import_id": tables.A("pk")}},
        attrs={"a": {"class": "govuk-link"}},
    )
    status = tables.Column(
        accessor="get_status_display", verbose_name="Status", orderable=True, order_by="status"
    )
    total_rows = tables.Column(verbose_name="Rows")
    created_count = tables.Column(verbose_name="Referrals created")
    skipped_count = tables.Column(verbose_name="Already imported")

    class Meta(GovukTable.Meta):
        model = ReferralImport
        fields = ()
