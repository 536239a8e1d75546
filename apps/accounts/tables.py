"""The columns of the break-glass list (drawn by core's GOV.UK table template)."""

import django_tables2 as tables
from django.utils import dateformat, timezone
from django.utils.html import format_html

from apps.accounts.models import BreakGlassGrant
from apps.core.tables import GovukTable

END_FORM = """{% if record.is_active %}<form method="post" action="{% url 'accounts:break_glass_end' record.pk %}">{% csrf_token %}<button class="govuk-button govuk-button--secondary govuk-!-margin-0" data-module="govuk-button">End access<span class="govuk-visually-hidden"> to {{ record.record_reference }}</span></button></form>{% endif %}"""  # noqa: E501


class BreakGlassGrantTable(GovukTable):
    record_reference = tables.Column(verbose_name="Record", orderable=True)
    purpose = tables.Column(verbose_name="Purpose")
    granted_at = tables.DateTimeColumn(verbose_name="Granted", format="j M Y H:i", orderable=True)
    status = tables.Column(
        accessor="expires_at", verbose_name="Status", orderable=True, empty_values=()
    )
    end = tables.TemplateColumn(
        END_FORM,
        verbose_name=format_html('<span class="govuk-visually-hidden">{}</span>', "Action"),
        exclude_from_export=True,
        empty_values=(),
    )

    class Meta(GovukTable.Meta):
        model = BreakGlassGrant
        fields = ()

    def render_status(self, record):
        if record.is_active:
            return format_html(
                '<strong class="govuk-tag govuk-tag--green">{}</strong>', self.value_status(record)
            )
        return format_html('<strong class="govuk-tag govuk-tag--grey">{}</strong>', "Ended")

    def value_status(self, record):
        if not record.is_active:
            return "Ended"
        return f"Active until {dateformat.format(timezone.localtime(record.expires_at), 'H:i')}"
