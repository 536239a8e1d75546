"""The columns of the enquiry, tombstone and campaign lists (core's GOV.UK table template).

Dates in words ("14 March 2026"), choices by their labels, references as links; no names.
"""

import django_tables2 as tables

from apps.core.tables import GovukTable, ReferenceColumn
from apps.cyber_enquiries.models import CampaignActivity, CyberEnquiry, DisposedEnquiry

DATE = "j F Y"


class EnquiryTable(GovukTable):
    reference = ReferenceColumn(orderable=True)
    received_on = tables.DateColumn(verbose_name="Received", format=DATE, orderable=True)
    status = tables.Column(verbose_name="Stage", orderable=True)
    enquirer_type = tables.Column(
        accessor="enquirer_type__name", verbose_name="Who asked", orderable=True
    )
    age_band = tables.Column(
        accessor="age_band__name", verbose_name="Age band", order_by=("age_band__order",)
    )
    area = tables.Column(
        accessor="local_authority__name",
        verbose_name="Local authority",
        default="Not known",
        orderable=True,
    )
    referral = tables.Column(
        accessor="referral__reference", verbose_name="Referral", default="", orderable=False
    )

    class Meta(GovukTable.Meta):
        model = CyberEnquiry
        fields = ()


class DisposedEnquiryTable(GovukTable):
    reference = tables.Column(verbose_name="Reference", orderable=True)
    received_on = tables.DateColumn(verbose_name="Received", format=DATE, orderable=True)
    last_status = tables.Column(verbose_name="Stage when disposed of")
    disposed_at = tables.DateColumn(verbose_name="Disposed of", format=DATE, orderable=True)
    reason = tables.Column(verbose_name="Reason")

    class Meta(GovukTable.Meta):
        model = DisposedEnquiry
        fields = ()


class CampaignTable(GovukTable):
    reference = ReferenceColumn(orderable=True)
    held_on = tables.DateColumn(verbose_name="Date", format=DATE, orderable=True)
    title = tables.Column(verbose_name="Title", orderable=True)
    local_authority = tables.Column(
        accessor="local_authority__name", verbose_name="Local authority", default="Force-wide"
    )
    organisation_count = tables.Column(verbose_name="Schools and partners", orderable=True)
    resources_total = tables.Column(verbose_name="Resources given out", default=0, orderable=True)

    class Meta(GovukTable.Meta):
        model = CampaignActivity
        fields = ()
