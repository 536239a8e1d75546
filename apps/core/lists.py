"""One list page for every app: a selector, a FilterSet and a Table (NetBox's ObjectListView).

The view reads only through the app's selector, which applies the access decision, so a
record out of reach is absent from the rows, the count and the export alike. Each listing
is recorded once per request: the terms typed and the references of the records on the
page, never the names or dates of birth shown. Each export (`?export=csv` or `xlsx`) is
recorded as a disclosure with its terms, its count and every reference in the file.
"""

from __future__ import annotations

from collections.abc import Callable

import django_filters
import tablib
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import BadRequest
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View
from django_tables2.rows import BoundRows

from apps.core import access, audit, prepared
from apps.core.tables import GovukTable, rows_locale

PER_PAGE = 50
EXPORT_CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class LimitedCountPaginator(Paginator):
    """Counts no further than it needs to (ADR 0031): up to `limit` rows, or to the page asked
    for, and one more. Past that, `more` is true and the count is a lower bound plus one (so
    the next page exists): the page says "more than N" instead of counting every row.

    `queryset` is the list's (already narrowed by `core.access`), counted in the database
    with a LIMIT, so the rows out of reach are never counted either."""

    def __init__(self, object_list, per_page, *, queryset: QuerySet, limit: int, reach: int = 1):
        super().__init__(object_list, per_page)
        self.queryset, self.limit, self.reach = queryset, limit, max(reach, 1)

    @cached_property
    def count(self) -> int:
        upto = max(self.limit, self.reach * self.per_page)
        found = self.queryset.order_by().values("pk")[: upto + 1].count()
        self._more = found > upto
        return found

    @property
    def more(self) -> bool:
        """Whether there are more rows than were counted."""
        return self.count > 0 and self._more

    @property
    def known_count(self) -> int:
        """How many rows there are at least (all of them when `more` is false)."""
        return self.count - 1 if self.more else self.count


class PreparedPagePaginator(LimitedCountPaginator):
    """A `LimitedCountPaginator` that reads its count and the page asked for in one round
    trip, their SQL compiled once per list, user, order, page and day (core.prepared,
    ADR 0040). For a list shown without terms, whose rows depend on nothing else."""

    def __init__(self, object_list, per_page, *, name: str, user, asked: int, **options):
        super().__init__(object_list, per_page, **options)
        self.name, self.user, self.asked = name, user, asked
        self._read: tuple[int, list] | None = None

    @cached_property
    def count(self) -> int:
        upto = max(self.limit, self.reach * self.per_page)
        ordered, first = self.queryset, (self.asked - 1) * self.per_page
        order = tuple(map(str, ordered.query.order_by))  # the table's sort, as SQL orders it
        [[rows], [counted]] = prepared.batch(
            self.user,
            prepared.Call(
                f"{self.name} page",
                lambda values: [ordered[first : first + self.per_page]],
                key=(order, first, self.per_page),
            ),
            prepared.Call(
                f"{self.name} count",
                lambda values: [ordered.order_by().values("pk")[: upto + 1]],
                key=(upto,),
                rows=prepared.COUNT,
            ),
        )
        self._read = (first, rows)
        self._more = counted > upto
        return counted

    def page(self, number):
        number = self.validate_number(number)
        first = (number - 1) * self.per_page
        if self._read is None or self._read[0] != first:
            return super().page(number)
        table = self.object_list.table
        return self._get_page(BoundRows(self._read[1], table=table), number, self)


class ObjectListView(LoginRequiredMixin, View):
    """Declare `selector`, `table_class`, `filterset_class`, `capability`, `title`, `scope`.

    `selector(*, user)` returns the access-scoped queryset; override `get_queryset` when the
    starting set depends on the terms (the Gateway queue becomes a search once terms are
    typed). Nothing here reads a model directly.
    """

    selector: Callable[..., QuerySet] | None = None
    table_class: type[GovukTable] = GovukTable
    filterset_class: type[django_filters.FilterSet] | None = None
    capability = ""
    title = ""
    intro = ""
    scope = ""
    template_name = "core/object_list.html"
    per_page = PER_PAGE
    # Count at most this many rows ("more than N"; ADR 0031); None counts them all.
    count_limit: int | None = None
    export_formats: tuple[str, ...] = ("csv", "xlsx")
    # The selector's queryset built once per user and day, not on every visit (core.prepared,
    # ADR 0040): for the longest lists, whose selector reads nothing but the user.
    prepared_selector = False
    # Lists of people show nobody until something is searched for.
    needs_terms = False
    empty_message = "There is nothing to show."
    no_match_message = "Nothing matches your filters."

    def get(self, request, *args, **kwargs):
        if self.capability:
            access.require_capability(request.user, self.capability)
        terms = self.terms()
        queryset = self.get_queryset(terms=terms)
        filterset = None
        if self.filterset_class is not None:
            filterset = self.filterset_class(request.GET, queryset=queryset, request=request)
        valid = filterset is None or filterset.is_valid()
        if not valid:
            self.record_refusal(filterset, terms=terms)
        shown = valid and (bool(terms) or not self.needs_terms)
        rows = (queryset if filterset is None else filterset.qs) if shown else []
        table = self.table_class(rows, order_by=request.GET.get("sort") or None)
        export_format = request.GET.get("export")
        if export_format and shown:
            return self.export(table, terms=terms, export_format=export_format)
        if shown:
            self.paginate(table, terms=terms)
            self.record_listing(table, terms=terms)
        context = self.get_context_data(table=table, filterset=filterset, terms=terms, shown=shown)
        return render(request, self.template_name, context)

    def terms(self) -> dict:
        """The filter values typed, as typed (page, sort and export are not terms)."""
        if self.filterset_class is None:
            return {}
        terms = {}
        for name in self.filterset_class.base_filters:
            values = [value.strip() for value in self.request.GET.getlist(name) if value.strip()]
            if values:
                terms[name] = values[0] if len(values) == 1 else values
        return terms

    def get_queryset(self, *, terms: dict) -> QuerySet:
        if self.selector is None:
            raise NotImplementedError(f"{type(self).__name__} declares no selector")
        selector, user = type(self).selector, self.request.user
        if self.prepared_selector:
            return prepared.queryset(
                user, f"list {type(self).__qualname__}", lambda: selector(user=user)
            )
        return selector(user=user)

    def get_scope(self, *, terms: dict) -> str:
        return self.scope

    def get_title(self, *, terms: dict) -> str:
        return self.title

    def get_actions(self) -> list[dict]:
        """Buttons above the list: dicts with `text`, `href` and optionally `secondary`."""
        return []

    def get_caption(self, table, *, terms: dict) -> str:
        paginator = table.paginator
        if getattr(paginator, "more", False):
            return f"More than {paginator.known_count:,} {self.noun(paginator.known_count)}"
        count = paginator.count
        return f"{count} {self.noun(count)}"

    def noun(self, count: int) -> str:
        name = self.table_class._meta.model._meta if self.table_class._meta.model else None
        if name is None:
            return "record" if count == 1 else "records"
        return str(name.verbose_name if count == 1 else name.verbose_name_plural)

    def paginate(self, table, *, terms: dict | None = None) -> None:
        """django-tables2's paginator, a fixed page size, no cap: every record has a page."""
        page = self.request.GET.get("page") or 1
        options = {"per_page": self.per_page}
        queryset = getattr(table.data, "data", None)
        if self.count_limit is not None and isinstance(queryset, QuerySet):
            reach = int(page) if str(page).isdigit() and int(page) > 0 else 1
            options.update(
                paginator_class=LimitedCountPaginator,
                queryset=queryset,
                limit=self.count_limit,
                reach=reach,
            )
            if self.prepared_selector and not terms and reach * self.per_page <= self.count_limit:
                # Nothing typed: the rows depend on the user, the order and the page alone.
                options.update(
                    paginator_class=PreparedPagePaginator,
                    name=f"list {type(self).__qualname__}",
                    user=self.request.user,
                    asked=reach,
                )
        try:
            table.paginate(page=page, **options)
        except PageNotAnInteger:
            table.paginate(page=1, **options)
        except EmptyPage:
            table.paginate(page=table.paginator.num_pages, **options)

    def record_listing(self, table, *, terms: dict) -> None:
        page = table.page
        more = getattr(table.paginator, "more", False)
        audit.record_search(
            user=self.request.user,
            scope=self.get_scope(terms=terms),
            terms=terms,
            result_count=table.paginator.known_count if more else table.paginator.count,
            detail={
                **({"more_than_count": True} if more else {}),
                "page": page.number,
                "sort": self.request.GET.get("sort", ""),
                "references": [audit.reference_of(row.record) for row in page.object_list],
            },
        )

    def record_refusal(self, filterset, *, terms: dict) -> None:
        """A search refused for an invalid filter lists nothing; a list whose searches are
        themselves evidence (the audit trail) records it here."""

    def export(self, table, *, terms: dict, export_format: str) -> HttpResponse:
        if export_format not in self.export_formats:
            raise BadRequest(f"Export as one of: {', '.join(self.export_formats)}.")
        records = [row.record for row in table.rows]
        dataset = tablib.Dataset(title=self.get_title(terms=terms)[:31])
        values = table.as_values()
        dataset.headers = [str(header) for header in next(values)]
        with rows_locale():
            for row in values:
                dataset.append([_safe_cell(value) for value in row])
        audit.record_export(
            user=self.request.user,
            scope=self.get_scope(terms=terms),
            terms=terms,
            result_count=len(records),
            export_format=export_format,
            references=[audit.reference_of(record) for record in records],
        )
        response = HttpResponse(
            dataset.export(export_format), content_type=EXPORT_CONTENT_TYPES[export_format]
        )
        stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
        name = self.get_scope(terms=terms).replace(" ", "-")
        response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{export_format}"'
        return response

    def get_context_data(self, *, table, filterset, terms: dict, shown: bool) -> dict:
        query = self.request.GET.copy()
        for name in ("page", "export"):
            query.pop(name, None)
        exports = []
        if shown and table.paginator.count:
            table.caption = self.get_caption(table, terms=terms)
            for export_format in self.export_formats:
                query["export"] = export_format
                exports.append({"format": export_format, "href": f"?{query.urlencode()}"})
            query.pop("export")
        return {
            "title": self.get_title(terms=terms),
            "intro": self.intro,
            "actions": self.get_actions(),
            "table": table,
            "filter": filterset,
            "shown": shown,
            "terms": terms,
            "empty_message": self.no_match_message if terms else self.empty_message,
            "page": getattr(table, "page", None),
            "page_links": _page_links(table) if shown else [],
            "query": query.urlencode(),
            "exports": exports,
        }


def _page_links(table) -> list[dict]:
    return page_links(table.page)


def page_links(page) -> list[dict]:
    """Page numbers for the GOV.UK pagination component: first, last, and either side.

    When the last page is not known (a limited count), the numbers stop at the next page and
    an ellipsis follows."""
    paginator, number = page.paginator, page.number
    links = [
        {"ellipsis": True}
        if link == paginator.ELLIPSIS
        else {"number": link, "current": link == number}
        for link in paginator.get_elided_page_range(number, on_each_side=1, on_ends=1)
    ]
    if getattr(paginator, "more", False):
        links = [link for link in links if link.get("number", 0) <= number + 1]
        while links and links[-1].get("ellipsis"):
            links.pop()
        links.append({"ellipsis": True})
    return links


def _safe_cell(value):
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
