"""Filters for the audit search page and API."""

import django_filters
from django import forms

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent


class AuditEventFilter(django_filters.FilterSet):
    username = django_filters.CharFilter(
        field_name="actor_username", lookup_expr="iexact", label="Username"
    )
    record = django_filters.CharFilter(
        method="filter_record",
        label="Record reference or ID",
        help_text="For example, PN-2026-00042",
    )
    action = django_filters.ChoiceFilter(choices=AuditAction.choices, empty_label="Any action")
    date_from = django_filters.DateFilter(
        field_name="occurred_at",
        lookup_expr="date__gte",
        label="From (date)",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        field_name="occurred_at",
        lookup_expr="date__lte",
        label="To (date)",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AuditEvent
        fields = ["username", "record", "action", "date_from", "date_to"]

    def filter_record(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(object_reference__iexact=value) | queryset.filter(object_id=value)
