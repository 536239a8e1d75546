"""Filters for the misuse alert list: by status and by rule (choices by label)."""

import django_filters

from apps.audit.choices import AlertStatus, MisuseRule
from apps.audit.models import MisuseAlert


class MisuseAlertFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=AlertStatus.choices, label="Status", empty_label="Any status"
    )
    rule = django_filters.ChoiceFilter(
        choices=MisuseRule.choices, label="Rule", empty_label="Any rule"
    )

    class Meta:
        model = MisuseAlert
        fields = ["status", "rule"]
