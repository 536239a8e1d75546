"""Bulk loading the person index with PostgreSQL COPY.

The ORM's bulk_create sends INSERT statements; for a million-person benchmark index
(about eight million blocking-key rows) COPY is an order of magnitude faster.
"""

from collections.abc import Iterable

from django.db import connection


def copy_rows(table: str, columns: list[str], rows: Iterable[tuple]) -> None:
    """Stream rows into `table` with COPY FROM STDIN (PostgreSQL only)."""
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"
