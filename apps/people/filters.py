"""The person search: by reference or its number part, or by name through the index's keys."""

import django_filters

from apps.people.models import Person
from apps.people.selectors import person_search


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_text",
        label="Name or reference",
        help_text="A reference or its number (00352), or a name: nicknames, other "
        "spellings, other names and previous names are found too",
        max_length=100,
    )

    class Meta:
        model = Person
        fields = ["q"]

    def filter_text(self, queryset, name, value):
        return person_search(queryset, value)
