"""The columns of the audit search (drawn by core's GOV.UK table template).

An event about a restricted record the reader may not view is shown by reference only:
every column that could say something about the record reads the event through
`selectors.audit_event_shown`, on the page and in the export alike.
"""

import json

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from apps.audit.models import AuditEvent
from apps.audit.selectors import audit_event_shown, record_history_content_type_ids
from apps.core.tables import GovukTable


class AuditEventTable(GovukTable):
    occurred_at = tables.DateTimeColumn(
        verbose_name="When", format="j M Y H:i:s", orderable=True, order_by="sequence"
    )
    actor_username = tables.Column(verbose_name="Who", default="—")
    action = tables.Column(verbose_name="What", empty_values=())
    object_reference = tables.Column(verbose_name="Record", default="—")
    ip_address = tables.Column(verbose_name="From", default="—")
    # In the export only: the page shows them under "What".
    justification = tables.Column(verbose_name="Reason given", visible=False, empty_values=())
    detail = tables.Column(verbose_name="Detail", visible=False, empty_values=())
    changes = tables.Column(verbose_name="Changes", visible=False, empty_values=())
    restricted_record = tables.Column(
        verbose_name="Restricted record (by reference only)", visible=False, empty_values=()
    )

    _history_types: set[int] | None = None

    class Meta(GovukTable.Meta):
        model = AuditEvent
        fields = ()
        attrs = {**GovukTable.Meta.attrs, "class": "govuk-table govuk-!-font-size-16"}

    def render_object_reference(self, record, value):
        """The record's reference, linking to its history ("who viewed or changed this")."""
        if self._history_types is None:
            self._history_types = record_history_content_type_ids()
        if record.content_type_id not in self._history_types or not record.object_id:
            return value
        url = reverse("audit:record_history", args=[record.content_type_id, record.object_id])
        return format_html(
            '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden">: '
            "who viewed or changed it</span></a>",
            url,
            value,
        )

    def value_object_reference(self, record, value):
        return value

    def render_action(self, record):
        event = audit_event_shown(record)
        lines = []
        if getattr(event, "restricted_record", False):
            lines.append(
                format_html(
                    '<span class="govuk-body-s" data-testid="restricted-record">{}</span>',
                    "Restricted record: shown by reference only",
                )
            )
        if event.justification:
            lines.append(
                format_html('<span class="govuk-body-s">Reason: {}</span>', event.justification)
            )
        reason = event.detail.get("reason") if isinstance(event.detail, dict) else None
        if reason:
            path = event.detail.get("path")
            lines.append(
                format_html(
                    '<span class="govuk-body-s">{}{}</span>',
                    str(reason)[:1].upper() + str(reason)[1:],
                    f": {path}" if path else "",
                )
            )
        terms = event.detail.get("terms") if isinstance(event.detail, dict) else None
        if terms:
            lines.append(
                format_html(
                    '<span class="govuk-body-s">Terms: {}</span>',
                    format_html_join(", ", "{}={}", terms.items()),
                )
            )
        return format_html(
            "{}{}",
            event.get_action_display(),
            format_html_join("", "<br>{}", ((line,) for line in lines)),
        )

    def value_action(self, record):
        return record.get_action_display()

    def value_justification(self, record):
        return audit_event_shown(record).justification

    def value_detail(self, record):
        event = audit_event_shown(record)
        return json.dumps(event.detail, sort_keys=True, default=str) if event.detail else ""

    def value_changes(self, record):
        event = audit_event_shown(record)
        return json.dumps(event.changes, sort_keys=True, default=str) if event.changes else ""

    def value_restricted_record(self, record):
        return "yes" if getattr(record, "restricted_record", False) else "no"
