"""FilterSets of the partners lists and API (one per list, MoJ filter layout)."""

import datetime

import django_filters
from django.db.models import Q
from django.utils import timezone

from apps.geography.models import LocalAuthority
from apps.partners.choices import (
    BriefingStatus,
    EngagementKind,
    NetworkKind,
    ProviderStatus,
    VettingLevel,
)
from apps.partners.models import (
    Briefing,
    Contact,
    ContactRole,
    Engagement,
    Network,
    Organisation,
    PartnerSector,
    Provider,
    ProviderSpecialism,
    SessionType,
)

OPEN_OR_CLOSED = [("open", "Open"), ("closed", "Closed")]
YES_NO = [("yes", "Yes"), ("no", "No")]


def _text(label: str, help_text: str = ""):
    return django_filters.CharFilter(
        method="filter_text", label=label, help_text=help_text, max_length=100
    )


def _authority():
    return django_filters.ModelChoiceFilter(
        label="Local authority", queryset=LocalAuthority.objects.all()
    )


def _year():
    return django_filters.NumberFilter(
        field_name="held_on", lookup_expr="year", label="Year", min_value=2000, max_value=2100
    )


class OrganisationFilter(django_filters.FilterSet):
    q = _text("Name, reference or URN")
    sector = django_filters.ModelChoiceFilter(label="Sector", queryset=PartnerSector.objects.all())
    local_authority = _authority()
    status = django_filters.ChoiceFilter(
        label="Status", choices=OPEN_OR_CLOSED, method="filter_status"
    )

    class Meta:
        model = Organisation
        fields = ["q", "sector", "local_authority", "status"]

    def filter_text(self, queryset, name, value):
        text = value.strip()
        query = Q(name__icontains=text) | Q(reference__iexact=text)
        if text.isdigit():
            query |= Q(urn=int(text))
        return queryset.filter(query)

    def filter_status(self, queryset, name, value):
        return queryset.filter(is_closed=value == "closed")


class ContactFilter(django_filters.FilterSet):
    q = _text("Name, reference or organisation")
    role = django_filters.ModelChoiceFilter(label="Role", queryset=ContactRole.objects.all())
    vetting_level = django_filters.ChoiceFilter(label="Vetting", choices=VettingLevel.choices)

    class Meta:
        model = Contact
        fields = ["q", "role", "vetting_level"]

    def filter_text(self, queryset, name, value):
        by_name = queryset
        for word in value.split():
            by_name = by_name.filter(
                Q(given_name__icontains=word)
                | Q(family_name__icontains=word)
                | Q(organisation__name__icontains=word)
            )
        return (queryset.filter(reference__iexact=value.strip()) | by_name).distinct()


class ProviderFilter(django_filters.FilterSet):
    q = _text("Name or reference")
    status = django_filters.ChoiceFilter(label="Status", choices=ProviderStatus.choices)
    specialism = django_filters.ModelChoiceFilter(
        label="Specialism", field_name="specialisms", queryset=ProviderSpecialism.objects.all()
    )
    area = django_filters.ModelChoiceFilter(
        label="Area covered", field_name="areas", queryset=LocalAuthority.objects.all()
    )

    class Meta:
        model = Provider
        fields = ["q", "status", "specialism", "area"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(reference__iexact=value.strip()))


class NetworkFilter(django_filters.FilterSet):
    q = _text("Name or reference")
    kind = django_filters.ChoiceFilter(label="Type", choices=NetworkKind.choices)
    local_authority = _authority()

    class Meta:
        model = Network
        fields = ["q", "kind", "local_authority"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(reference__iexact=value.strip()))


class BriefingFilter(django_filters.FilterSet):
    """The sessions list for analysts: what was delivered, never who attended."""

    q = _text("Title or reference")
    session_type = django_filters.ModelChoiceFilter(
        label="Type of session", queryset=SessionType.objects.all()
    )
    status = django_filters.ChoiceFilter(label="Status", choices=BriefingStatus.choices)
    local_authority = _authority()
    year = _year()

    class Meta:
        model = Briefing
        fields = ["q", "session_type", "status", "local_authority", "year"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(reference__iexact=value.strip()))


class BriefingAttendeeFilter(BriefingFilter):
    """For roles that may see contacts: who attended, to answer "has this person been trained?"."""

    attendee = django_filters.CharFilter(
        method="filter_attendee",
        label="Attendee's name",
        help_text="A partner contact or a member of police staff",
        max_length=100,
    )

    class Meta(BriefingFilter.Meta):
        fields = [*BriefingFilter.Meta.fields, "attendee"]

    def filter_attendee(self, queryset, name, value):
        matched = queryset
        for word in value.split():
            matched = matched.filter(
                Q(attendees__given_name__icontains=word)
                | Q(attendees__family_name__icontains=word)
                | Q(staff_attendees__first_name__icontains=word)
                | Q(staff_attendees__last_name__icontains=word)
            )
        return matched.distinct()


class EngagementFilter(django_filters.FilterSet):
    q = _text("Purpose, organisation or reference")
    kind = django_filters.ChoiceFilter(label="Type", choices=EngagementKind.choices)
    year = _year()

    class Meta:
        model = Engagement
        fields = ["q", "kind", "year"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(
            Q(purpose__icontains=value)
            | Q(organisations__name__icontains=value)
            | Q(reference__iexact=value.strip())
        ).distinct()


def period_choices(today: datetime.date | None = None) -> list[tuple[str, str]]:
    """Today and the last 12 month ends, as the end of a 12-month coverage period."""
    today = today or timezone.localdate()
    ends = [today]
    month_end = today.replace(day=1) - datetime.timedelta(days=1)
    for _ in range(12):
        ends.append(month_end)
        month_end = month_end.replace(day=1) - datetime.timedelta(days=1)
    return [(end.isoformat(), f"12 months to {end:%-d %B %Y}") for end in ends]


class CoverageFilter(django_filters.FilterSet):
    """The coverage view's terms. `period` sets the 12 months (applied by the selector)."""

    period = django_filters.ChoiceFilter(
        label="Period", choices=[], method="filter_period", empty_label=None
    )
    local_authority = _authority()
    sector = django_filters.ModelChoiceFilter(label="Sector", queryset=PartnerSector.objects.all())
    covered = django_filters.ChoiceFilter(
        label="Had a session in the period", choices=YES_NO, method="filter_covered"
    )

    class Meta:
        model = Organisation
        fields = ["period", "local_authority", "sector", "covered"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The periods move on each month: worked out for each request, not at start-up.
        self.filters["period"].extra["choices"] = period_choices()

    def filter_period(self, queryset, name, value):
        return queryset  # the selector has already counted sessions in this period

    def filter_covered(self, queryset, name, value):
        return queryset.filter(last_session__isnull=value != "yes")
