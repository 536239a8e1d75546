"""The base for every list's table: GOV.UK markup, drawn by core/tables/govuk_table.html."""

import contextlib
import contextvars
import datetime
import functools
import html
import uuid

import django_tables2 as tables
from django.core.exceptions import ImproperlyConfigured
from django.template import Context
from django.template.base import render_value_in_context
from django.urls import reverse
from django.utils import dateformat, timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


class GovukTable(tables.Table):
    """A django-tables2 table with GOV.UK classes; an app's tables.py subclasses it.

    `caption` is read by screen readers and names the scrolling region around the table.
    """

    caption = ""

    class Meta:
        attrs = {
            "class": "govuk-table",
            "th": {"class": "govuk-table__header"},
            "td": {"class": "govuk-table__cell"},
        }
        template_name = "core/tables/govuk_table.html"
        orderable = False

    def body_html(self) -> SafeString:
        """The page's rows, drawn in Python (ADR 0034): the same `<tr>` and `<td>` markup and
        the same cells as django-tables2's `row.items()` in a template loop (each column's
        render, escaped as `{{ cell }}` would be), which costs several times more on a 50-row
        page: the template resolves every cell's attributes, and django-tables2 inspects the
        render method's signature for every cell. Here both are worked out once per column
        (the attributes only when they do not depend on the row)."""
        context = Context(autoescape=True)
        columns = [(column, _Renderer(column)) for column in self.columns]
        fixed = {
            column.name: column.attrs["td"].as_html()
            for column, _ in columns
            if not _row_dependent(self, column)
        }
        rows = []
        with rows_locale():
            for row in self.paginated_rows:
                rows.append(self._row_html(row, columns, fixed, context))
        return mark_safe("\n".join(rows))  # noqa: S308 (every part escaped in _row_html)

    def _row_html(self, row, columns, fixed, context) -> str:
        """One `<tr>` of `body_html`."""
        lean = self.lean_cells(row.record)
        cells = []
        for column, renderer in columns:
            if lean is not None and column.name in lean and column.name in fixed:
                cell, attrs = lean[column.name], fixed[column.name]
            elif column.name in fixed:
                cell = row._get_and_render_with(  # noqa: SLF001 (django-tables2's own lookup)
                    column, render_func=renderer.for_row(row), default=column.default
                )
                attrs = fixed[column.name]
            else:  # as the template did: items() sets the record the attributes read
                cell = row.get_cell(column.name)
                column.current_record, column.current_value = row.record, cell
                attrs = column.attrs["td"].as_html()
            # Text is escaped as `{{ cell }}` escapes it (dates and numbers are localised
            # first, so they go through the template's own rendering).
            shown = (
                _escaped(cell) if isinstance(cell, str) else render_value_in_context(cell, context)
            )
            # `attrs` is AttributeDict.as_html (escaped), `shown` escaped above.
            cells.append(f"      <td {attrs}>{shown}</td>")
        return '    <tr class="govuk-table__row">\n' + "\n".join(cells) + "\n    </tr>"

    def lean_cells(self, record) -> dict | None:
        """A table of a long list may draw its cells itself, in plain Python: {column name:
        cell}, each exactly what django-tables2 would draw (a test of the table must say so).
        Columns left out, and every column when this returns None (the default), are drawn by
        django-tables2. Downloads always take django-tables2's values."""
        return None


class _Renderer:
    """django-tables2's `BoundRow._call_render` for one column, its signature read once."""

    def __init__(self, column):
        self.column = column
        self.args, self.takes_kwargs = tables.utils.signature(column.render)

    def for_row(self, row):
        def render(bound_column, value=None):
            arguments = row._optional_cell_arguments(bound_column, value)  # noqa: SLF001
            wanted = arguments
            if not self.takes_kwargs:
                if any(name not in arguments for name in self.args):
                    return None
                wanted = {name: arguments[name] for name in self.args}
            content = bound_column.render(**wanted)
            return bound_column.link(content, **arguments) if bound_column.link else content

        return render


def _escaped(text) -> str:
    """`conditional_escape` of a string, without its lazy-string wrapper (a 50-row page
    escapes several hundred cells)."""
    if hasattr(text, "__html__"):
        return text.__html__()
    return html.escape(str(text))


def _row_dependent(table, column) -> bool:
    """Whether a column's `<td>` attributes are computed from the row (a callable value)."""
    for attrs in (table.attrs, column.column.attrs):
        cell = attrs.get("td", attrs.get("cell", {})) or {}
        if any(callable(value) for value in cell.values()):
            return True
    return False


class ReferenceColumn(tables.Column):
    """The record's reference linked to its page, tagged when the record is restricted.

    Only references are links: a name in a link would end up in browser history tools.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", "Reference")
        super().__init__(*args, **kwargs)

    def render(self, value, record):
        return self.linked(value, record, record.get_absolute_url())

    def linked(self, value, record, url: str):
        """The cell for `record` whose page is at `url` (a long list works out its URLs
        once: LinkTemplate)."""
        link = mark_safe(  # noqa: S308 (both parts escaped here)
            f'<a class="govuk-link" href="{_escaped(url)}">{_escaped(value)}</a>'
        )
        if getattr(record, "is_restricted", False):
            return format_html(
                '{} <strong class="govuk-tag govuk-tag--red">Restricted</strong>', link
            )
        return link

    def value(self, value):
        return value


class DateTextColumn(tables.Column):
    """A date (or a date and time, in local time) formatted in Python, for the page and the
    download alike. django-tables2's DateColumn compiles a template for every cell, which on a
    50-row page costs more than the query."""

    def __init__(self, *args, date_format: str = "j F Y", **kwargs):
        self.date_format = date_format
        super().__init__(*args, **kwargs)

    def render(self, value):
        return self.value(value)

    def value(self, value):
        return formatted_date(value, self.date_format)


def formatted_date(value, date_format: str) -> str:
    """`value` (a date, or a date and time shown in local time) as `dateformat` writes it; a
    day is formatted once however many rows show it."""
    zone, language = _rows_locale.get() or (None, None)
    if isinstance(value, datetime.datetime):
        aware = zone is not None and timezone.is_aware(value)
        value = value.astimezone(zone) if aware else timezone.localtime(value)
        if not _TIME_CHARACTERS & set(date_format):  # the day alone is shown
            value = value.date()
    if type(value) is datetime.date:
        return _formatted_day(value, date_format, language or translation.get_language())
    return dateformat.format(value, date_format)


# The time zone and language of the rows being drawn (`rows_locale`): looking them up costs
# more than formatting a date, once for every row of a long list.
_rows_locale: contextvars.ContextVar[tuple | None] = contextvars.ContextVar(
    "rows_locale", default=None
)


@contextlib.contextmanager
def rows_locale():
    """Within: dates are shown in the time zone and language current on entry, looked up
    once rather than for each row."""
    token = _rows_locale.set((timezone.get_current_timezone(), translation.get_language()))
    try:
        yield
    finally:
        _rows_locale.reset(token)


# dateformat's time and time-zone characters: a format without them shows the day alone.
_TIME_CHARACTERS = set("aABcefgGhHiIOPrsTuUZ")


@functools.lru_cache(maxsize=4096)
def _formatted_day(day: datetime.date, date_format: str, language: str | None) -> str:
    """A day as `dateformat` writes it in `language` (a long list shows few distinct days
    many times)."""
    return dateformat.format(day, date_format)


class LinkTemplate:
    """A URL with one record id in it, reversed once: `url(pk)` for each row of a long list
    (reversing a URL per row costs more than drawing the row)."""

    _PLACEHOLDER = uuid.UUID(int=0)

    def __init__(self, name: str, argument: str, **fixed) -> None:
        self._split(reverse(name, kwargs={**fixed, argument: self._PLACEHOLDER}))

    @classmethod
    def of_records(cls, model) -> "LinkTemplate":
        """The URL of `model`'s records (their `get_absolute_url`), for a record known only by
        its id: the URL must be made of the id alone."""
        url = model(pk=cls._PLACEHOLDER).get_absolute_url()
        if url.count(str(cls._PLACEHOLDER)) != 1:
            raise ImproperlyConfigured(f"{model._meta.label}'s URL is not made of its id alone")
        link = cls.__new__(cls)
        link._split(url)
        return link

    def _split(self, url: str) -> None:
        self.before, _, self.after = url.partition(str(self._PLACEHOLDER))

    def __call__(self, pk) -> str:
        return f"{self.before}{pk}{self.after}"


def choice_labels(field) -> dict:
    """{value: label} of a model field's choices, as `get_FOO_display` gives them."""
    return {value: str(label) for value, label in field.flatchoices}
