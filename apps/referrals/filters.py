"""Filters for the referral list (the Gateway queue becomes a search) and the import list."""

import django_filters
from django import forms
from django.db.models import Q
from django.db.models.functions import Upper

from apps.core.references import reference_candidates
from apps.people.registry import name_query
from apps.people.selectors import person_name_search, rank_by
from apps.referrals.choices import ImportStatus, ReferralStatus
from apps.referrals.models import Referral, ReferralImport

DATE_ERRORS = {"invalid": "Enter a real date"}


class ReferralFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_text",
        label="Reference, source reference or name",
        help_text="A reference or its number (00352), or the person's name: nicknames and "
        "other spellings are found too",
        max_length=100,
    )
    status = django_filters.ChoiceFilter(
        choices=ReferralStatus.choices, label="Stage", empty_label="Any"
    )
    urgent = django_filters.ChoiceFilter(
        choices=[("yes", "Urgent only")],
        method="filter_urgent",
        label="Urgent",
        empty_label="Urgent or not",
    )
    received_from = django_filters.DateFilter(
        field_name="date_received",
        lookup_expr="gte",
        label="Received on or after",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=DATE_ERRORS,
    )
    received_to = django_filters.DateFilter(
        field_name="date_received",
        lookup_expr="lte",
        label="Received on or before",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=DATE_ERRORS,
    )

    class Meta:
        model = Referral
        fields = ["q", "status", "urgent", "received_from", "received_to"]

    def filter_text(self, queryset, name, value):
        """A reference or its number part, a source reference, or a name.

        A name is found through the person index's own name keys for referrals linked to
        a person (people.selectors.person_name_search, which applies the access decision),
        and by the spellings of the name typed for the person as referred. Best fits first.
        """
        text = value.strip()
        matches = Q(reference__in=reference_candidates("PR", text)) | Q(
            source_reference__iexact=text
        )
        query = name_query(text)
        if query is None:
            return queryset.filter(matches)
        given = Q(given_upper__in=query.given_names)
        family = Q(family_upper__in=query.family_names)
        matches |= (given & family) if query.two_names else (given | family)
        best = []
        user = getattr(self.request, "user", None)
        if user is not None and user.is_authenticated:
            people, best = person_name_search(user=user, text=text)
            matches |= Q(person_id__in=people)
        return (
            queryset.alias(
                given_upper=Upper("subject_given_name"), family_upper=Upper("subject_family_name")
            )
            .filter(matches)
            .order_by(*rank_by(best, "person_id"), *Referral._meta.ordering)
        )

    def filter_urgent(self, queryset, name, value):
        return queryset.filter(is_urgent=True) if value == "yes" else queryset


class ReferralImportFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=ImportStatus.choices, label="Status", empty_label="Any"
    )

    class Meta:
        model = ReferralImport
        fields = ["status"]
