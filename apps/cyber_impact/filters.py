import django_filters
from django.db.models import Q
from django.utils import timezone

from apps.cases.choices import CheckResult, CheckStatus
from apps.cases.models import ReoffendingCheck
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


class CheckFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_reference", label="Case reference", max_length=40)
    status = django_filters.ChoiceFilter(
        choices=[(CheckStatus.DUE, "Due"), (CheckStatus.DONE, "Done")],
        label="Status",
        empty_label="Any",
    )
    result = django_filters.ChoiceFilter(
        choices=CheckResult.choices, label="What the check found", empty_label="Any"
    )
    overdue = django_filters.ChoiceFilter(
        choices=[("yes", "Overdue only")],
        method="filter_overdue",
        label="Overdue",
        empty_label="Any",
    )

    class Meta:
        model = ReoffendingCheck
        fields = ["q", "status", "result"]

    def filter_reference(self, queryset, name, value):
        return queryset.filter(case__reference__iexact=value.strip())

    def filter_overdue(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(status=CheckStatus.DUE, due_on__lt=timezone.localdate())
        return queryset
