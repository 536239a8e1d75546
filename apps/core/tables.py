"""The base for every list's table: GOV.UK markup, drawn by core/tables/govuk_table.html."""

import datetime

import django_tables2 as tables
from django.utils import dateformat, timezone
from django.utils.html import format_html


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


class ReferenceColumn(tables.Column):
    """The record's reference linked to its page, tagged when the record is restricted.

    Only references are links: a name in a link would end up in browser history tools.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", "Reference")
        super().__init__(*args, **kwargs)

    def render(self, value, record):
        link = format_html(
            '<a class="govuk-link" href="{}">{}</a>', record.get_absolute_url(), value
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
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value)
        return dateformat.format(value, self.date_format)
