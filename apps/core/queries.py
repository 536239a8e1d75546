"""Several small read queries in one round trip (ADR 0034).

On a busy server each query waits for the database process to be scheduled, so a page that
needs a handful of independent counts pays for the round trips more than for the SQL.
`rows_together` sends them as one statement on PostgreSQL: each queryset's own SQL (with its
own parameters, access conditions included) becomes a `json_agg` subquery of one SELECT.
Elsewhere (the SQLite demo) each queryset runs on its own. Only for rows of numbers and text:
JSON brings dates and times back as strings.
"""

from django.db import connections
from django.db.models import QuerySet


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
        # The SQL is the ORM's, its parameters kept apart.
        aggregate = "COALESCE(json_agg(row_to_json(batched)), '[]'::json)"
        parts.append(f"(SELECT {aggregate} FROM ({sql}) AS batched)")  # noqa: S608
        params.extend(query_params)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)  # noqa: S608 (as above)
        results = cursor.fetchone()
    return [[tuple(row.values()) for row in rows] for rows in results]
