import django_filters
from django.db.models import Q

from apps.cases.choices import CheckStatus
from apps.cyber_impact.choices import (
    Disposal,
    InterviewConsent,
    MeasurePoint,
    ReoffendingResult,
)
from apps.cyber_impact.models import IntelligenceInterview, OutcomeMeasure


class InterviewFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_reference", label="Interview or case reference", max_length=40
    )
    disposal = django_filters.ChoiceFilter(
        choices=Disposal.choices, label="Disposal", empty_label="Any"
    )
    consent = django_filters.ChoiceFilter(
        choices=InterviewConsent.choices, label="Consent", empty_label="Any"
    )

    class Meta:
        model = IntelligenceInterview
        fields = ["q", "disposal", "consent"]

    def filter_reference(self, queryset, name, value):
        text = value.strip()
        return queryset.filter(Q(reference__iexact=text) | Q(case__reference__iexact=text))


class MeasureFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_reference", label="Measure, case or intervention reference", max_length=40
    )
    point = django_filters.ChoiceFilter(
        choices=MeasurePoint.choices, label="When", empty_label="Any"
    )
    reoffending = django_filters.ChoiceFilter(
        choices=ReoffendingResult.choices,
        label="Re-offending check",
        empty_label="Any",
        method="filter_reoffending",
    )

    class Meta:
        model = OutcomeMeasure
        fields = ["q", "point"]

    def filter_reference(self, queryset, name, value):
        text = value.strip()
        return queryset.filter(
            Q(reference__iexact=text)
            | Q(case__reference__iexact=text)
            | Q(intervention__reference__iexact=text)
        )

    def filter_reoffending(self, queryset, name, value):
        """By the linked check's result; "not yet checked" while no linked check is done."""
        done = Q(reoffending_check__status=CheckStatus.DONE)
        if value == ReoffendingResult.NOT_CHECKED:
            return queryset.exclude(done)
        return queryset.filter(done, reoffending_check__result=value)
