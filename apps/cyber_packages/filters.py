"""FilterSets of the operation, package and subject lists (the pages and the API).

Subjects are found by reference, package, force, identification or progress — never by name.
"""

import django_filters

from apps.cyber_packages.choices import Identification, Progress
from apps.cyber_packages.models import (
    Force,
    IntelligencePackage,
    LeadAgency,
    Operation,
    PackageSubject,
)


class OperationFilter(django_filters.FilterSet):
    reference = django_filters.CharFilter(label="Reference", lookup_expr="icontains", max_length=20)
    name = django_filters.CharFilter(
        label="Operation name", lookup_expr="icontains", max_length=100
    )
    lead_agency = django_filters.ModelChoiceFilter(
        label="Lead agency",
        queryset=LeadAgency.objects.all(),
        empty_label="Any",
        to_field_name="code",
    )

    class Meta:
        model = Operation
        fields = ["reference", "name", "lead_agency"]


class PackageFilter(django_filters.FilterSet):
    reference = django_filters.CharFilter(label="Reference", lookup_expr="icontains", max_length=20)
    source_reference = django_filters.CharFilter(
        label="Sender's reference", lookup_expr="icontains", max_length=100
    )
    source_agency = django_filters.ModelChoiceFilter(
        label="Sent by", queryset=LeadAgency.objects.all(), empty_label="Any", to_field_name="code"
    )
    operation = django_filters.ModelChoiceFilter(
        label="Operation",
        queryset=Operation.objects.all(),
        empty_label="Any",
        to_field_name="reference",
    )
    due_before = django_filters.DateFilter(
        field_name="deadline",
        lookup_expr="lte",
        label="Return due by",
        help_text="For example, 2026-12-31",
    )

    class Meta:
        model = IntelligencePackage
        fields = ["reference", "source_reference", "source_agency", "operation", "due_before"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        # Only operations the list's starting set could hold (the queryset is access-scoped).
        self.filters["operation"].queryset = Operation.objects.filter(
            pk__in=self.queryset.values("operation_id")
        )


class SubjectFilter(django_filters.FilterSet):
    reference = django_filters.CharFilter(label="Reference", lookup_expr="icontains", max_length=20)
    source_reference = django_filters.CharFilter(
        label="Sender's reference", lookup_expr="icontains", max_length=100
    )
    package = django_filters.ModelChoiceFilter(
        label="Package",
        queryset=IntelligencePackage.objects.all(),
        empty_label="Any",
        to_field_name="reference",
    )
    force = django_filters.ModelChoiceFilter(
        label="Force", queryset=Force.objects.all(), empty_label="Any", to_field_name="code"
    )
    identification = django_filters.ChoiceFilter(
        label="Identified", choices=Identification.choices, empty_label="Any"
    )
    progress = django_filters.ChoiceFilter(
        label="Progress", choices=Progress.choices, empty_label="Any"
    )

    class Meta:
        model = PackageSubject
        fields = ["reference", "source_reference", "package", "force", "identification", "progress"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["package"].queryset = IntelligencePackage.objects.filter(
            pk__in=self.queryset.values("package_id")
        )
