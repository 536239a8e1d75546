"""Filters for the assessments list."""

import django_filters
from django.db.models import Q

from apps.assessments.choices import AssessmentStatus
from apps.assessments.models import Assessment


class AssessmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_reference", label="Assessment or case reference", max_length=40
    )
    status = django_filters.ChoiceFilter(
        choices=AssessmentStatus.choices, label="Status", empty_label="Any"
    )

    class Meta:
        model = Assessment
        fields = ["q", "status"]

    def filter_reference(self, queryset, name, value):
        text = value.strip()
        return queryset.filter(Q(reference__iexact=text) | Q(case__reference__iexact=text))
