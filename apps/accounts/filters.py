"""Filters for the user's own break-glass requests."""

import django_filters

from apps.accounts.models import BreakGlassGrant


class BreakGlassGrantFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        choices=[("active", "Active"), ("ended", "Ended")],
        method="filter_state",
        label="Status",
        empty_label="Active or ended",
    )

    class Meta:
        model = BreakGlassGrant
        fields = ["state"]

    def filter_state(self, queryset, name, value):
        return queryset.active() if value == "active" else queryset.inactive()
