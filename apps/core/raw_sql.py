"""Raw SQL for the shared parts: each function says why the ORM was not enough."""

from collections.abc import Iterable

from django.db import connection, models


def insert_values(instances: Iterable[models.Model]) -> tuple[list[str], list[list]]:
    """Column names and database-ready values of unsaved instances, for `insert_prepared`.

    Kept apart so callers can prepare rows before they open a transaction.
    """
    instances = list(instances)
    if not instances:
        return [], []
    meta = type(instances[0])._meta
    # An auto-incremented id is left to the database.
    fields = [field for field in meta.concrete_fields if field is not meta.auto_field]
    rows = [
        [field.get_db_prep_save(field.pre_save(instance, True), connection) for field in fields]
        for instance in instances
    ]
    return [field.column for field in fields], rows


def db_value(model: type[models.Model], name: str, value):
    """One value of `model`'s field `name`, adapted for this database (dates, JSON, UUIDs)."""
    return model._meta.get_field(name).get_db_prep_save(value, connection)


def insert_prepared(model: type[models.Model], columns: list[str], rows: list[list]) -> None:
    """Insert prepared rows with one statement executed many times.

    Why not bulk_create: on SQLite it compiles one INSERT for every ~20 referrals (999
    parameters a statement), so publishing a 20,000-row import held the database's one
    write lock for tens of seconds while pages queued behind it. executemany prepares the
    statement once; the values are prepared before the transaction (`insert_values`).
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
