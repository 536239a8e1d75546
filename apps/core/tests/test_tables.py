"""GovukTable draws its rows in Python (body_html, ADR 0034) exactly as django-tables2's cells
in a template loop would: same cells, same escaping, same `<td>` attributes."""

import datetime
import re
import zoneinfo

import django_tables2 as tables
import pytest
from django.template import engines
from django.utils import timezone, translation
from django.utils.html import format_html

from apps.accounts.models import Team
from apps.accounts.tests.factories import TeamFactory
from apps.core.tables import DateTextColumn, GovukTable, formatted_date, rows_locale

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


@pytest.mark.parametrize("zone", ["Europe/London", "Asia/Kolkata", "America/St_Johns"])
@pytest.mark.parametrize("date_format", ["j M Y", "j F Y, H:i"])
def test_dates_drawn_in_rows_read_the_time_zone_and_language_as_each_cell_would(zone, date_format):
    """`rows_locale` looks the time zone and language up once for a list's rows; every date
    reads exactly as it does looked up for itself, across midnight and the clocks changing."""
    instants = [
        datetime.datetime(2026, 3, 29, hour, minute, tzinfo=datetime.UTC)
        for hour in (0, 1, 2, 22, 23)
        for minute in (0, 29, 30, 59)
    ] + [datetime.datetime(2026, 10, 24, 23, 30, tzinfo=datetime.UTC), datetime.date(2026, 1, 2)]
    if "H" in date_format:  # a date has no time to show
        instants = instants[:-1]
    with timezone.override(zoneinfo.ZoneInfo(zone)), translation.override("en-gb"):
        alone = [formatted_date(value, date_format) for value in instants]
        with rows_locale():
            together = [formatted_date(value, date_format) for value in instants]
    assert together == alone
    with timezone.override(zoneinfo.ZoneInfo("Europe/London")), rows_locale():
        assert formatted_date(instants[19], "j M Y") == "30 Mar 2026"  # 23:59 UTC is 00:59 BST
        assert formatted_date(instants[20], "j M Y") == "25 Oct 2026"  # 00:30 BST
