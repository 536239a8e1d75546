"""Several small read queries in one round trip (ADR 0034).

On a busy server each query waits for the database process to be scheduled, so a page that
needs a handful of independent counts pays for the round trips more than for the SQL.
`rows_together` sends them as one statement on PostgreSQL: each queryset's own SQL (with its
own parameters, access conditions included) becomes a `json_agg` subquery of one SELECT.
Elsewhere (the SQLite demo) each queryset runs on its own. Only for rows of numbers and text:
JSON brings dates and times back as strings.

`together` does the same for any querysets, records and all: their statements go to
PostgreSQL as one request (several statements, one result set each), and each queryset's
rows come back exactly as iterating it would give them (model instances with their
select_related records, values or values_list rows, prefetches run after).
"""

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.sql.constants import MULTI


def rows_together(*querysets: QuerySet) -> list[list[tuple]]:
    """The rows of each queryset (`.values(...)` or `.values_list(...)`), as tuples in the
    queryset's column order, one list per queryset; one query on PostgreSQL."""
    if not querysets:
        return []
    connection = connections[querysets[0].db]
    if connection.vendor != "postgresql":
        return [
            [tuple(row.values()) if isinstance(row, dict) else tuple(row) for row in queryset]
            for queryset in querysets
        ]
    parts, params = [], []
    for queryset in querysets:
        sql, query_params = queryset.query.sql_with_params()
        parts.append(rows_statement(sql))
        params.extend(query_params)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)  # noqa: S608 (as above)
        results = cursor.fetchone()
    return [[tuple(row.values()) for row in rows] for rows in results]


def count_statement(sql: str) -> str:
    """How many rows a query gives, for one column of a batched SELECT."""
    return f"(SELECT count(*) FROM ({sql}) AS counted)"  # noqa: S608 (the ORM's SQL)


def rows_statement(sql: str) -> str:
    """A query's rows as one JSON value, for one column of a batched SELECT."""
    # The SQL is the ORM's, its parameters kept apart.
    aggregate = "COALESCE(json_agg(row_to_json(batched)), '[]'::json)"
    return f"(SELECT {aggregate} FROM ({sql}) AS batched)"  # noqa: S608


def together(*querysets: QuerySet) -> list[list]:
    """`[list(queryset) for queryset in querysets]`, in one round trip on PostgreSQL.

    Each queryset's SQL is compiled as Django would compile it; the rows PostgreSQL returns
    for it are handed to that compiler in place of running it, so conversions, related
    records and annotations are exactly Django's. Querysets already evaluated, or known to
    select nothing, cost no statement. Elsewhere (the SQLite demo) each runs on its own.
    """
    if not querysets:
        return []
    connection = connections[querysets[0].db]
    if connection.vendor != "postgresql":
        return [list(queryset) for queryset in querysets]
    pending, statements, params = [], [], []
    for queryset in querysets:
        if queryset._result_cache is not None:  # already read: its rows, no statement
            pending.append((queryset, None, False))
            continue
        clone = queryset._chain()
        compiler = clone.query.get_compiler(using=clone.db)
        try:
            sql, query_params = compiler.as_sql()
        except EmptyResultSet:
            sql = ""
        pending.append((clone, compiler, bool(sql)))
        if sql:
            statements.append(sql)
            params.extend(query_params)
    results: list[list] = []
    with connection.cursor() as cursor:
        if statements:
            cursor.execute("; ".join(statements), params)
        first = True
        for clone, compiler, ran in pending:
            if compiler is None:
                results.append(list(clone))
                continue
            rows = []
            if ran:
                if not first:
                    cursor.cursor.nextset()
                first = False
                rows = cursor.fetchall()
                if compiler.has_extra_select:
                    rows = [row[: compiler.col_count] for row in rows]
            results.append(as_iterated(clone, compiler, rows))
    return results


def as_iterated(queryset: QuerySet, compiler, rows: list) -> list:
    """What iterating `queryset` gives, from the rows its compiled statement returned."""

    def fetched(result_type=MULTI, chunked_fetch=False, chunk_size=None):
        return [rows] if result_type == MULTI else (rows[0] if rows else None)

    compiler.execute_sql = fetched
    queryset.query.get_compiler = lambda using=None, connection=None, elide_empty=True: compiler
    queryset._result_cache = list(queryset._iterable_class(queryset))
    queryset._prefetch_related_objects()
    return queryset._result_cache
