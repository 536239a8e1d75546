"""Filters for the user's own break-glass requests."""

import django_filters
from django.db.models import Q
from django.utils import timezone

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
        active = Q(ended_at__isnull=True, expires_at__gt=timezone.now())
        return queryset.filter(active) if value == "active" else queryset.exclude(active)
