"""FilterSets of the enquiry, tombstone and campaign lists (the pages and the API).

There is no name to search by: an enquiry is found by its reference, area, age band or stage.
"""

import django_filters
from django.db.models import Q

from apps.cyber_enquiries.choices import EnquiryStatus
from apps.cyber_enquiries.models import (
    AgeBand,
    CampaignActivity,
    CyberEnquiry,
    DisposedEnquiry,
    EnquirerType,
    ForceArea,
)
from apps.geography.models import LocalAuthority


def _received(label: str, lookup: str):
    return django_filters.DateFilter(
        field_name="received_on",
        lookup_expr=lookup,
        label=label,
        help_text="For example, 2026-03-14",
    )


class EnquiryFilter(django_filters.FilterSet):
    reference = django_filters.CharFilter(label="Reference", lookup_expr="icontains", max_length=20)
    status = django_filters.ChoiceFilter(
        label="Stage", choices=EnquiryStatus.choices, empty_label="Any"
    )
    enquirer_type = django_filters.ModelChoiceFilter(
        label="Who asked", queryset=EnquirerType.objects.all(), empty_label="Any"
    )
    age_band = django_filters.ModelChoiceFilter(
        label="Age band", queryset=AgeBand.objects.all(), empty_label="Any"
    )
    local_authority = django_filters.ModelChoiceFilter(
        label="Local authority", queryset=LocalAuthority.objects.all(), empty_label="Any"
    )
    force_area = django_filters.ModelChoiceFilter(
        label="Force area", queryset=ForceArea.objects.all(), empty_label="Any"
    )
    received_from = _received("Received on or after", "gte")
    received_to = _received("Received on or before", "lte")

    class Meta:
        model = CyberEnquiry
        fields = ["reference", "status", "enquirer_type", "age_band", "local_authority"]


class DisposedEnquiryFilter(django_filters.FilterSet):
    reference = django_filters.CharFilter(label="Reference", lookup_expr="icontains", max_length=20)
    disposed_year = django_filters.NumberFilter(
        field_name="disposed_at",
        lookup_expr="year",
        label="Year disposed of",
        min_value=2000,
        max_value=2100,
    )

    class Meta:
        model = DisposedEnquiry
        fields = ["reference"]


class CampaignFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Title or reference", method="filter_text", max_length=100)
    local_authority = django_filters.ModelChoiceFilter(
        label="Local authority", queryset=LocalAuthority.objects.all(), empty_label="Any"
    )
    held_from = django_filters.DateFilter(
        field_name="held_on",
        lookup_expr="gte",
        label="On or after",
        help_text="For example, 2026-03-14",
    )
    held_to = django_filters.DateFilter(
        field_name="held_on",
        lookup_expr="lte",
        label="On or before",
        help_text="For example, 2026-03-14",
    )

    class Meta:
        model = CampaignActivity
        fields = ["q", "local_authority"]

    def filter_text(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(title__icontains=value) | Q(reference__icontains=value))
