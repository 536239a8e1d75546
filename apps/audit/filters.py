"""Filters for the audit search page and API.

A filter that cannot be applied is refused with a message, never ignored: a
search that silently drops `date_from` shows more than was asked for, and an
auditor reading it would be misled. A reversed date range is an error, not an
empty result.

The user and record filters match part of what is typed ("00352", "PR-2026-003",
part of a name), so a data protection officer can find a record's history from
the reference or the person they were given. The page takes dates in the GOV.UK
date input (day, month, year); the API, and links, take one ISO date.
"""

import datetime

import django_filters
from django import forms
from django.db.models import Q

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.core.forms import GovukDateField, GovukDateInputWidget

DATE_EXAMPLE = "for example 2026-11-27"
DATE_HINT = "For example, 27 11 2026"


class AuditSearchForm(forms.Form):
    reversed_range = "The ‘To’ date must be the same as or after the ‘From’ date"

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", self.reversed_range)
        return cleaned


class AuditSearchPageForm(AuditSearchForm):
    reversed_range = "Date to must be the same as or after date from"

    def full_clean(self):
        super().full_clean()
        # GOV.UK date input: the boxes to correct get the error border, the part missing
        # ("must include a month") or, for a date wrong as a whole, all three.
        for name in ("date_from", "date_to"):
            if name not in self.errors:
                continue
            field = self.fields[name]
            marked = [bool(getattr(part.widget, "errors", None)) for part in field.fields]
            if not any("must include" in str(error) for error in self.errors[name]):
                marked = [True, True, True]
            field.widget.error_box = marked.index(True)
            for box, widget in zip(marked, field.widget.widgets, strict=True):
                if box and "govuk-input--error" not in widget.attrs.get("class", ""):
                    widget.attrs = {
                        **widget.attrs,
                        "class": f"{widget.attrs['class']} govuk-input--error",
                    }


class AuditDateWidget(GovukDateInputWidget):
    """Day, month and year boxes; a link may give the date as one ISO value instead."""

    def value_from_datadict(self, data, files, name):
        parts = super().value_from_datadict(data, files, name)
        if not any(part and str(part).strip() for part in parts) and data.get(name):
            return str(data.get(name)).strip()
        return parts

    # The box the error summary links to: the first to correct (set by the page's form).
    error_box = 0

    def id_for_label(self, id_):
        # Django gives a multi-widget no label id; the error summary needs a box to go to.
        return f"{id_}_{self.error_box}" if id_ else ""


class AuditDateField(GovukDateField):
    widget = AuditDateWidget

    def clean(self, value):
        if isinstance(value, str):
            for field in self.fields:
                field.widget.errors = []
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                self._fail(f"{self.label} must be a real date")
        return super().clean(value)


class AuditDateFilter(django_filters.Filter):
    field_class = AuditDateField


def typed_date(data, name: str) -> str:
    """A page date as typed, for the search's recorded terms: "27/11/2026" or the ISO value."""
    parts = [str(data.get(f"{name}_{index}", "")).strip() for index in range(3)]
    if any(parts):
        return "/".join(parts)
    return str(data.get(name, "")).strip()


class AuditEventFilter(django_filters.FilterSet):
    username = django_filters.CharFilter(
        method="filter_user",
        label="User",
        help_text="A username or part of one, or part of the person's name",
        max_length=150,
    )
    record = django_filters.CharFilter(
        method="filter_record",
        label="Record reference or ID",
        help_text="All or part of a reference, for example PN-2026-00042 or 00042",
        max_length=200,
    )
    action = django_filters.ChoiceFilter(
        choices=AuditAction.choices,
        empty_label="Any action",
        error_messages={"invalid_choice": "Choose an action from the list (%(value)s is not one)"},
    )
    date_from = django_filters.DateFilter(
        field_name="occurred_at",
        lookup_expr="date__gte",
        label="From (date)",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": f"The ‘From’ date must be a real date, {DATE_EXAMPLE}"},
    )
    date_to = django_filters.DateFilter(
        field_name="occurred_at",
        lookup_expr="date__lte",
        label="To (date)",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": f"The ‘To’ date must be a real date, {DATE_EXAMPLE}"},
    )

    class Meta:
        model = AuditEvent
        fields = ["username", "record", "action", "date_from", "date_to"]
        form = AuditSearchForm

    def filter_user(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(actor_username__icontains=value)
            | Q(actor__first_name__icontains=value)
            | Q(actor__last_name__icontains=value)
        )

    def filter_record(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(object_reference__icontains=value) | Q(object_id=value))


class AuditEventPageFilter(AuditEventFilter):
    """The search page: the same filters, with GOV.UK date inputs."""

    date_from = AuditDateFilter(
        field_name="occurred_at",
        lookup_expr="date__gte",
        label="Date from",
        help_text=DATE_HINT,
        required=False,
    )
    date_to = AuditDateFilter(
        field_name="occurred_at",
        lookup_expr="date__lte",
        label="Date to",
        help_text=DATE_HINT,
        required=False,
    )

    class Meta(AuditEventFilter.Meta):
        form = AuditSearchPageForm
