"""The columns of the case list (drawn by core's GOV.UK table template)."""

import django_tables2 as tables
from django.utils.functional import cached_property

from apps.cases.models import Case
from apps.core.tables import (
    DateTextColumn,
    GovukTable,
    LinkTemplate,
    ReferenceColumn,
    choice_labels,
)


class CaseTable(GovukTable):
    reference = ReferenceColumn(orderable=True)
    person = tables.Column(
        verbose_name="Person",
        empty_values=(),
        orderable=True,
        order_by=("person__family_name", "person__given_name"),
    )
    case_type = tables.Column(
        accessor="get_case_type_display", verbose_name="Type", orderable=True, order_by="case_type"
    )
    status = tables.Column(
        accessor="get_status_display", verbose_name="Status", orderable=True, order_by="status"
    )
    owner = tables.Column(
        verbose_name="Owning officer",
        empty_values=(),
        orderable=True,
        order_by=("owner_name",),
    )
    opened_at = DateTextColumn(verbose_name="Opened", date_format="j M Y", orderable=True)

    class Meta(GovukTable.Meta):
        model = Case
        fields = ()
        attrs = {**GovukTable.Meta.attrs, "data-testid": "case-table"}

    @cached_property
    def _lean(self) -> tuple:
        return (
            LinkTemplate("cases:case_detail", "case_id"),
            choice_labels(Case._meta.get_field("case_type")),
            choice_labels(Case._meta.get_field("status")),
        )

    def lean_cells(self, record) -> dict:
        """The case list's cells without django-tables2's per-cell machinery (ADR 0034): the
        list shows 50 of ten years of cases on every visit."""
        link, case_types, statuses = self._lean
        return {
            "reference": self.base_columns["reference"].linked(
                record.reference, record, link(record.pk)
            ),
            "person": self.render_person(record),
            "case_type": case_types.get(record.case_type, record.case_type),
            "status": statuses.get(record.status, record.status),
            "owner": self.render_owner(record),
            "opened_at": self.base_columns["opened_at"].value(record.opened_at),
        }

    def render_person(self, record):
        # A person restricted since (the case did not follow: it had ended) is not named.
        return "Restricted person" if record.person.is_restricted else record.person.full_name

    def value_person(self, record):
        return self.render_person(record)

    def render_owner(self, record):
        return (record.owner_name or "").strip() or "Not allocated"

    def value_owner(self, record):
        return self.render_owner(record)
