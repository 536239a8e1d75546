"""The person search: by reference, or by every word of a name (other names included)."""

import django_filters
from django.db.models import Q

from apps.people.models import Person


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_text",
        label="Name or reference",
        help_text="Other names and previous names are searched too",
        max_length=100,
    )

    class Meta:
        model = Person
        fields = ["q"]

    def filter_text(self, queryset, name, value):
        text = value.strip()
        by_name = queryset
        for word in text.split():
            by_name = by_name.filter(
                Q(given_name__icontains=word)
                | Q(family_name__icontains=word)
                | Q(other_names__given_name__icontains=word)
                | Q(other_names__family_name__icontains=word)
            )
        return (queryset.filter(reference__iexact=text) | by_name).distinct()
