"""GovukTable draws its rows in Python (body_html, ADR 0034) exactly as django-tables2's cells
in a template loop would: same cells, same escaping, same `<td>` attributes."""

import re

import django_tables2 as tables
import pytest
from django.template import engines
from django.utils.html import format_html

from apps.accounts.models import Team
from apps.accounts.tests.factories import TeamFactory
from apps.core.tables import DateTextColumn, GovukTable

pytestmark = pytest.mark.django_db

# The loop govuk_table.html ran before body_html.
TEMPLATE_LOOP = engines["django"].from_string(
    '{% for row in table.paginated_rows %}<tr class="govuk-table__row">'
    "{% for column, cell in row.items %}<td {{ column.attrs.td.as_html }}>{{ cell }}</td>"
    "{% endfor %}</tr>{% endfor %}"
)


class TeamTable(GovukTable):
    name = tables.Column(linkify=lambda record: f"/teams/{record.pk}/")
    kind = tables.Column(verbose_name="Kind")
    is_active = tables.BooleanColumn()
    shouted = tables.Column(empty_values=(), verbose_name="Shouted")
    missing = tables.Column(accessor="no_such_attribute", default="Not recorded")
    marked = tables.Column(
        accessor="name", attrs={"td": {"data-name": lambda record: record.name.upper()}}
    )
    created = DateTextColumn(accessor="pk", empty_values=(), verbose_name="Drawn")

    class Meta(GovukTable.Meta):
        model = Team
        fields = ()

    def render_shouted(self, record):
        return format_html("<strong>{}</strong>", record.name.upper())

    def render_created(self, record):
        return "never"


def _squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html).strip())


def test_body_html_draws_the_same_rows_as_the_template_loop_it_replaced():
    TeamFactory(name="Alpha <script>alert(1)</script> & Co", kind="cyber", is_active=False)
    TeamFactory(name="Beta team")
    table = TeamTable(Team.objects.order_by("name"))
    table.paginate(page=1, per_page=10)

    drawn = _squeeze(table.body_html())
    expected = _squeeze(TEMPLATE_LOOP.render({"table": table}))

    assert drawn == expected
    assert "&lt;script&gt;" in drawn
    assert "<script>" not in drawn
    assert "<strong>ALPHA &lt;SCRIPT&gt;" in drawn
    assert 'data-name="BETA TEAM"' in drawn
    assert ">Cyber Prevent<" in drawn
    assert '<a href="/teams/' in drawn
    assert "Not recorded" in drawn


def test_body_html_draws_only_the_page_it_was_given():
    for number in range(5):
        TeamFactory(name=f"Team {number}")
    table = TeamTable(Team.objects.order_by("name"))
    table.paginate(page=2, per_page=2)
    drawn = table.body_html()
    assert drawn.count('<tr class="govuk-table__row">') == 2
    assert ">Team 2<" in drawn
    assert ">Team 3<" in drawn
