"""The columns of the misuse alert list (drawn by core's GOV.UK table template)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from apps.audit.models import MisuseAlert
from apps.core.tables import GovukTable


class MisuseAlertTable(GovukTable):
    raised_at = tables.DateTimeColumn(verbose_name="Raised", format="j F Y", orderable=False)
    reference = tables.Column(verbose_name="Alert", accessor="pk", orderable=False)
    actor = tables.Column(verbose_name="Member of staff", orderable=False)
    rule = tables.Column(verbose_name="Rule", orderable=False)
    event_count = tables.Column(verbose_name="Events", orderable=False)
    status = tables.Column(verbose_name="Status", orderable=False)

    class Meta(GovukTable.Meta):
        model = MisuseAlert
        fields = ()

    def render_reference(self, record):
        url = reverse("audit:alert_detail", args=[record.pk])
        return format_html('<a class="govuk-link" href="{}">{}</a>', url, record.reference)

    def render_actor(self, record):
        name = record.actor.get_full_name()
        return f"{name} ({record.actor.username})" if name else record.actor.username

    def render_rule(self, record):
        return record.get_rule_display()

    def render_status(self, record):
        return record.get_status_display()

    def value_reference(self, record):
        return record.reference
