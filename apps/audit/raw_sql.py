"""SQL the ORM cannot say portably, for filtering the audit trail by record.

An audit event names its record by `object_id`, the text `str(pk)`. To keep only
the events about records a user may see, the search compares that column with
the ids `core.access.restrict` returns, inside the database. The ORM's
`Cast(pk, CharField())` gives the same text on PostgreSQL but not on SQLite,
which stores a UUID as 32 hex digits without hyphens.
"""

from django.db.models import CharField, Func


class UUIDAsText(Func):
    """A UUID column as `str(uuid)` writes it: lower-case hex in 8-4-4-4-12 groups."""

    template = "CAST(%(expressions)s AS text)"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        groups = ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))
        parts = [f"substr({sql}, {start}, {length})" for start, length in groups]
        return "lower(" + " || '-' || ".join(parts) + ")", list(params) * len(groups)
