"""The columns of the partners lists (drawn by core's GOV.UK table template).

Dates are shown in words ("14 March 2026") and choices by their labels.
"""

import django_tables2 as tables
from django.utils.html import format_html

from apps.core.tables import GovukTable, ReferenceColumn
from apps.partners.choices import CheckOutcome
from apps.partners.models import Briefing, Contact, Engagement, Network, Organisation, Provider

DATE = "j F Y"


class OrganisationTable(GovukTable):
    reference = ReferenceColumn(orderable=True)
    name = tables.Column(verbose_name="Name", orderable=True)
    sector = tables.Column(accessor="sector__name", verbose_name="Sector", orderable=True)
    local_authority = tables.Column(
        accessor="local_authority__name",
        verbose_name="Local authority",
        default="Not known",
        orderable=True,
    )
    postcode = tables.Column(verbose_name="Postcode", default="")
    urn = tables.Column(verbose_name="URN", default="")
    is_closed = tables.Column(verbose_name="Status", orderable=True)

    class Meta(GovukTable.Meta):
        model = Organisation
        fields = ()

    def render_is_closed(self, value):
        return "Closed" if value else "Open"

    def value_is_closed(self, value):
        return "Closed" if value else "Open"


class ContactTable(GovukTable):
    reference = ReferenceColumn(orderable=True)
    name = tables.Column(
        accessor="full_name", verbose_name="Name", order_by=("family_name", "given_name")
    )
    role = tables.Column(accessor="role__name", verbose_name="Role", orderable=True)
    organisation = tables.Column(
        accessor="organisation__name", verbose_name="Organisation", default="None"
    )
    phone = tables.Column(verbose_name="Phone", default="")
    email = tables.Column(verbose_name="Email", default="")
    vetting_level = tables.Column(verbose_name="Vetting", orderable=True)
    vetting_expires_on = tables.DateColumn(
        verbose_name="Vetting expires", format=DATE, default="", orderable=True
    )

    class Meta(GovukTable.Meta):
        model = Contact
        fields = ()


class ProviderTable(GovukTable):
    reference = ReferenceColumn(orderable=True)
    name = tables.Column(verbose_name="Name", orderable=True)
    status = tables.Column(verbose_name="Status", orderable=True)
    capacity = tables.Column(verbose_name="Capacity", orderable=True)
    check_outcome = tables.Column(verbose_name="Latest check", default="None recorded")
    check_expires_on = tables.DateColumn(
        verbose_name="Approval expires", format=DATE, default="", orderable=True
    )
    specialisms = tables.ManyToManyColumn(verbose_name="Specialisms", separator="; ")

    class Meta(GovukTable.Meta):
        model = Provider
        fields = ()

    def render_check_outcome(self, value):
        return CheckOutcome(value).label

    def value_check_outcome(self, value):
        return CheckOutcome(value).label if value else "None recorded"


class NetworkTable(GovukTable):
    reference = ReferenceColumn(orderable=True)
    name = tables.Column(verbose_name="Name", orderable=True)
    kind = tables.Column(verbose_name="Type", orderable=True)
    local_authority = tables.Column(
        accessor="local_authority__name", verbose_name="Local authority", default="Force-wide"
    )
    member_count = tables.Column(verbose_name="Members", orderable=True)
    meeting_count = tables.Column(verbose_name="Meetings", orderable=True)

    class Meta(GovukTable.Meta):
        model = Network
        fields = ()


class BriefingTable(GovukTable):
    reference = ReferenceColumn(orderable=True)
    held_on = tables.DateColumn(verbose_name="Date", format=DATE, orderable=True)
    title = tables.Column(verbose_name="Title", orderable=True)
    session_type = tables.Column(accessor="session_type__name", verbose_name="Type")
    status = tables.Column(verbose_name="Status", orderable=True)
    local_authority = tables.Column(
        accessor="local_authority__name", verbose_name="Local authority", default="Force-wide"
    )
    attendance = tables.Column(verbose_name="Attending", orderable=True)
    feedback_score = tables.Column(verbose_name="Feedback (1 to 5)", default="")

    class Meta(GovukTable.Meta):
        model = Briefing
        fields = ()


class EngagementTable(GovukTable):
    reference = ReferenceColumn(orderable=True)
    held_on = tables.DateColumn(verbose_name="Date", format=DATE, orderable=True)
    kind = tables.Column(verbose_name="Type", orderable=True)
    organisations = tables.ManyToManyColumn(
        verbose_name="Organisations", separator="; ", transform=lambda org: org.name
    )
    purpose = tables.Column(verbose_name="Purpose")

    class Meta(GovukTable.Meta):
        model = Engagement
        fields = ()

    def render_purpose(self, value):
        return value if len(value) <= 80 else f"{value[:79]}…"


class CoverageTable(GovukTable):
    reference = ReferenceColumn(orderable=True)
    name = tables.Column(verbose_name="Organisation", orderable=True)
    sector = tables.Column(accessor="sector__name", verbose_name="Sector", orderable=True)
    local_authority = tables.Column(
        accessor="local_authority__name",
        verbose_name="Local authority",
        default="Not known",
        orderable=True,
    )
    sessions = tables.Column(verbose_name="Sessions", orderable=True)
    last_session = tables.DateColumn(
        verbose_name="Last session", format=DATE, default="None in the period", orderable=True
    )
    covered = tables.Column(
        accessor="last_session", verbose_name="Covered", orderable=False, empty_values=()
    )

    class Meta(GovukTable.Meta):
        model = Organisation
        fields = ()

    def render_covered(self, value):
        colour, text = ("green", "Yes") if value else ("red", "No")
        return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text)

    def value_covered(self, value):
        return "Yes" if value else "No"
