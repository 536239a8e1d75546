"""SQL the ORM cannot say: filtering the audit trail by record, and the sealer's queries.

An audit event names its record by `object_id`, the text `str(pk)`. To keep only
the events about records a user may see, the search compares that column with
the ids `core.access.restrict` returns, inside the database. The ORM's
`Cast(pk, CharField())` gives the same text on PostgreSQL but not on SQLite,
which stores a UUID as 32 hex digits without hyphens.
"""

import datetime
from collections.abc import Iterator

from django.db import connection, transaction
from django.db.models import CharField, Func

from apps.audit.models import AuditEvent, AuditSeal


class UUIDAsText(Func):
    """A UUID column as `str(uuid)` writes it: lower-case hex in 8-4-4-4-12 groups."""

    template = "CAST(%(expressions)s AS text)"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        groups = ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))
        parts = [f"substr({sql}, {start}, {length})" for start, length in groups]
        return "lower(" + " || '-' || ".join(parts) + ")", list(params) * len(groups)


# The sealer (audit.sealing). PostgreSQL's activity view and sequence functions have no
# ORM form; the anti-join and the many-row insert are the hot path of sealing.


def open_transactions_since() -> datetime.datetime | None:
    """When the oldest transaction still open on this database (not ours) began."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT min(xact_start) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND backend_type = 'client backend' AND xact_start IS NOT NULL"
        )
        return cursor.fetchone()[0]


def sequence_mark() -> tuple[int, datetime.datetime]:
    """The highest event number handed out so far, then the database clock."""
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_sequence_last_value(pg_get_serial_sequence(%s, 'sequence')::regclass)",
            [table],
        )
        last = cursor.fetchone()[0] or 0
        cursor.execute("SELECT clock_timestamp()")
        return last, cursor.fetchone()[0]


def unsealed(floor: int, limit: int) -> list[tuple[int, str]]:
    events = connection.ops.quote_name(AuditEvent._meta.db_table)
    seals = connection.ops.quote_name(AuditSeal._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT e.sequence, e.hash FROM {events} e WHERE e.sequence > %s "  # noqa: S608
            f"AND NOT EXISTS (SELECT 1 FROM {seals} s WHERE s.event_id = e.sequence) "
            "ORDER BY e.sequence LIMIT %s",
            [floor, limit],
        )
        return cursor.fetchall()


def insert_seals(rows: list[tuple]) -> None:
    """One statement for the whole batch on PostgreSQL (arrays unnested), many elsewhere."""
    table = connection.ops.quote_name(AuditSeal._meta.db_table)
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            positions, events, event_hashes, chain_hashes, sealed_at = zip(*rows, strict=True)
            cursor.execute(
                f"INSERT INTO {table} (position, event_id, event_hash, chain_hash, sealed_at) "  # noqa: S608
                "SELECT p, e, h, c, %s FROM unnest(%s::bigint[], %s::bigint[], %s::text[], "
                "%s::text[]) AS batch(p, e, h, c)",
                [
                    sealed_at[0],
                    list(positions),
                    list(events),
                    list(event_hashes),
                    list(chain_hashes),
                ],
            )
            return
        cursor.executemany(
            f"INSERT INTO {table} (position, event_id, event_hash, chain_hash, sealed_at) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s)",
            rows,
        )


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def seal_time(now: datetime.datetime):
    """`now` as the seal table stores it, adapted once for a whole batch."""
    return AuditSeal._meta.get_field("sealed_at").get_db_prep_save(now, connection)


# What verification reads for each seal, with the event's content in the form the writer
# hashed it: the time as `isoformat(timespec="microseconds")` writes a UTC datetime, the
# JSON as text (parsed once, in Python), the address as text (with its mask, so an address
# widened to a network is not read back as the address it was). The event is found by its
# key for each seal (LATERAL ... OFFSET 0 keeps it a nested loop over the primary key): a
# hash join would read the whole event table for every stretch of seals.
_SEALS_WITH_EVENTS = """
SELECT s.position, s.event_id, s.event_hash, s.chain_hash, e.sequence,
  to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'),
  e.actor_id, e.actor_username, e.action, e.category, e.content_type_id, e.object_id,
  e.object_reference, e.justification, e.changes::text, e.detail::text, e.ip_address::text,
  e.user_agent, e.request_id, e.channel, e.previous_hash, e.hash
FROM audit_auditseal s LEFT JOIN LATERAL (
  SELECT * FROM audit_auditevent e WHERE e.sequence = s.event_id OFFSET 0
) e ON true
WHERE s.position BETWEEN %s AND %s ORDER BY s.position
"""


def seals_with_events(first: int, last: int, batch: int = 5_000) -> Iterator[list[tuple]]:
    """PostgreSQL: seals first..last joined to their events, as tuples, `batch` at a time.

    Streamed from a server-side cursor in one short transaction (a verifier holding one
    open for minutes would hold back the sealer's floor): the rows are never all in memory.
    Close the generator (contextlib.closing) when stopping early.
    """
    with transaction.atomic():
        cursor = connection.chunked_cursor()
        try:
            cursor.execute(_SEALS_WITH_EVENTS, [first, last])
            while rows := cursor.fetchmany(batch):
                yield rows
        finally:
            cursor.close()


def remove_archived(first: int, last: int) -> None:
    """Remove archived seals first..last and their events from the live tables (retention).

    Events first: the database's trigger lets an event go only while its seal is covered
    by an archive record (migration 0006). The querysets refuse delete() for everything else.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM audit_auditevent WHERE sequence IN (SELECT event_id FROM "
            "audit_auditseal WHERE position BETWEEN %s AND %s)",
            [first, last],
        )
        cursor.execute(
            "DELETE FROM audit_auditseal WHERE position BETWEEN %s AND %s", [first, last]
        )
