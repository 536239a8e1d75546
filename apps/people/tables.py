"""The columns of the person search (drawn by core's GOV.UK table template)."""

import django_tables2 as tables

from apps.core.tables import GovukTable, ReferenceColumn
from apps.people.models import Person


class PersonTable(GovukTable):
    reference = ReferenceColumn(orderable=True)
    name = tables.Column(
        accessor="full_name",
        verbose_name="Name",
        orderable=True,
        order_by=("family_name", "given_name"),
    )
    date_of_birth = tables.DateColumn(
        verbose_name="Date of birth", format="j M Y", default="Not known", orderable=True
    )
    team = tables.Column(accessor="team__name", verbose_name="Team", orderable=True)

    class Meta(GovukTable.Meta):
        model = Person
        fields = ()
        attrs = {**GovukTable.Meta.attrs, "data-testid": "person-table"}
