"""Filters for the audit search page and API.

A filter that cannot be applied is refused with a message, never ignored: a
search that silently drops `date_from` shows more than was asked for, and an
auditor reading it would be misled.
"""

import django_filters
from django import forms

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent

DATE_EXAMPLE = "for example 2026-11-27"


class AuditSearchForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", "The ‘To’ date must be the same as or after the ‘From’ date")
        return cleaned


class AuditEventFilter(django_filters.FilterSet):
    username = django_filters.CharFilter(
        field_name="actor_username", lookup_expr="iexact", label="Username", max_length=150
    )
    record = django_filters.CharFilter(
        method="filter_record",
        label="Record reference or ID",
        help_text="For example, PN-2026-00042",
        max_length=200,
    )
    action = django_filters.ChoiceFilter(
        choices=AuditAction.choices,
        empty_label="Any action",
        error_messages={"invalid_choice": "Choose an action from the list (%(value)s is not one)"},
    )
    date_from = django_filters.DateFilter(
        field_name="occurred_at",
        lookup_expr="date__gte",
        label="From (date)",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": f"The ‘From’ date must be a real date, {DATE_EXAMPLE}"},
    )
    date_to = django_filters.DateFilter(
        field_name="occurred_at",
        lookup_expr="date__lte",
        label="To (date)",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": f"The ‘To’ date must be a real date, {DATE_EXAMPLE}"},
    )

    class Meta:
        model = AuditEvent
        fields = ["username", "record", "action", "date_from", "date_to"]
        form = AuditSearchForm

    def filter_record(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(object_reference__iexact=value) | queryset.filter(object_id=value)
