"""Filters for the referral list (the Gateway queue becomes a search) and the import list."""

import django_filters
from django import forms
from django.db.models import Q

from apps.referrals.choices import ImportStatus, ReferralStatus
from apps.referrals.models import Referral, ReferralImport

DATE_ERRORS = {"invalid": "Enter a real date"}


class ReferralFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_text",
        label="Reference, source reference or family name",
        max_length=100,
    )
    status = django_filters.ChoiceFilter(
        choices=ReferralStatus.choices, label="Stage", empty_label="Any"
    )
    urgent = django_filters.ChoiceFilter(
        choices=[("yes", "Urgent only")],
        method="filter_urgent",
        label="Urgent",
        empty_label="Urgent or not",
    )
    received_from = django_filters.DateFilter(
        field_name="date_received",
        lookup_expr="gte",
        label="Received on or after",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=DATE_ERRORS,
    )
    received_to = django_filters.DateFilter(
        field_name="date_received",
        lookup_expr="lte",
        label="Received on or before",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=DATE_ERRORS,
    )

    class Meta:
        model = Referral
        fields = ["q", "status", "urgent", "received_from", "received_to"]

    def filter_text(self, queryset, name, value):
        text = value.strip()
        return queryset.filter(
            Q(reference__iexact=text)
            | Q(subject_family_name__icontains=text)
            | Q(source_reference__iexact=text)
        )

    def filter_urgent(self, queryset, name, value):
        return queryset.filter(is_urgent=True) if value == "yes" else queryset


class ReferralImportFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=ImportStatus.choices, label="Status", empty_label="Any"
    )

    class Meta:
        model = ReferralImport
        fields = ["status"]
