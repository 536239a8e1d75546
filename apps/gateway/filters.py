"""Filters for the enquiries log."""

import django_filters
from django.db.models import Q

from apps.gateway.choices import EnquiryDirection
from apps.gateway.models import Enquiry


class EnquiryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_text",
        label="Reference, enquirer or subject",
        max_length=100,
    )
    direction = django_filters.ChoiceFilter(
        choices=EnquiryDirection.choices, label="From", empty_label="Anyone"
    )
    answered = django_filters.ChoiceFilter(
        choices=[("open", "Open"), ("answered", "Answered")],
        method="filter_answered",
        label="Answered",
        empty_label="Open or answered",
    )

    class Meta:
        model = Enquiry
        fields = ["q", "direction", "answered"]

    def filter_text(self, queryset, name, value):
        text = value.strip()
        return queryset.filter(
            Q(reference__iexact=text)
            | Q(enquirer__icontains=text)
            | Q(organisation__icontains=text)
            | Q(subject__icontains=text)
        )

    def filter_answered(self, queryset, name, value):
        return queryset.filter(responded_at__isnull=value == "open")
