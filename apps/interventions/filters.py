import django_filters
from django.db.models import Q

from apps.interventions.choices import InterventionStatus
from apps.interventions.models import Intervention, InterventionType


class InterventionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_reference", label="Intervention or case reference", max_length=40
    )
    status = django_filters.ChoiceFilter(
        choices=InterventionStatus.choices, label="Status", empty_label="Any"
    )
    intervention_type = django_filters.ModelChoiceFilter(
        queryset=InterventionType.objects.all(), label="Type", empty_label="Any"
    )

    class Meta:
        model = Intervention
        fields = ["q", "status", "intervention_type"]

    def filter_reference(self, queryset, name, value):
        text = value.strip()
        return queryset.filter(Q(reference__iexact=text) | Q(case__reference__iexact=text))
