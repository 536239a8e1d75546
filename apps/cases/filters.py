"""Filters for the case list and the re-offending checks (page and API)."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from apps.cases.choices import LIVE_STATUSES, CaseStatus, CaseType, CheckResult, CheckStatus
from apps.cases.models import Case, ReoffendingCheck


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_text",
        label="Reference, Niche or Channel reference, or family name",
        max_length=100,
    )
    status = django_filters.ChoiceFilter(
        choices=[("live", "Live (not exited or closed)"), *CaseStatus.choices],
        method="filter_status",
        label="Status",
        empty_label="Any",
    )
    case_type = django_filters.ChoiceFilter(
        choices=CaseType.choices, label="Type", empty_label="Any"
    )
    owner = django_filters.ChoiceFilter(
        choices=[("mine", "Cases I own"), ("none", "Not allocated")],
        method="filter_owner",
        label="Owning officer",
        empty_label="Anyone",
    )

    class Meta:
        model = Case
        fields = ["q", "status", "case_type", "owner"]

    def filter_text(self, queryset, name, value):
        text = value.strip()
        return queryset.filter(
            Q(reference__iexact=text)
            | Q(niche_reference__iexact=text)
            | Q(channel_reference__iexact=text)
            | Q(person__family_name__icontains=text, person__is_restricted=False)
        )

    def filter_status(self, queryset, name, value):
        if value == "live":
            return queryset.filter(status__in=LIVE_STATUSES)
        return queryset.filter(status=value)

    def filter_owner(self, queryset, name, value):
        # The owning officer is the case's allocation (apps.work; case_list annotates it).
        if value == "none":
            return queryset.filter(allocated_officer_id__isnull=True)
        return queryset.filter(allocated_officer_id=self.request.user.pk)


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
