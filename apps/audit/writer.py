"""Appends events to the audit table: the audit app owns the table, the seals and the categories.

Callers never use this module: they call `apps.core.audit.record` (and its siblings),
which builds the event's values and hands them here through the provider the audit app
registers in AuditConfig.ready() (ADR 0016: core imports no app).

An append is one INSERT in the caller's transaction: no lock, no read of any other
event (ADR 0017). The event's number comes from the database; its place in the chain
is given later by the sealer (audit.sealing), once the transaction has committed. A
transaction that rolls back takes its events with it, and leaves a gap in the numbers
that the chain never sees.
"""

import ipaddress

from django.utils import timezone

from apps.audit.choices import CATEGORY_FOR_ACTION, DataProtectionCategory
from apps.audit.hashing import content_hash
from apps.audit.models import AuditEvent
from apps.core import raw_sql


def _address(value: str | None) -> str | None:
    """The address as the database gives it back (2001:DB8:0::1 is stored as 2001:db8::1),
    so the hash the writer computes is the hash verification recomputes."""
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return value


def _complete(values: dict, now) -> dict:
    category = CATEGORY_FOR_ACTION.get(values["action"], DataProtectionCategory.SECURITY)
    values = {"occurred_at": now, "category": str(category), **values, "previous_hash": ""}
    values["ip_address"] = _address(values.get("ip_address"))
    values["hash"] = content_hash(values)
    return values


def append(values: dict) -> AuditEvent:
    """Append one event, categorised by its action, with the hash of its content."""
    return AuditEvent.objects.create(**_complete(values, timezone.now()))


def append_many(values_list: list[dict]) -> int:
    """Append many events with one prepared statement, as `append` would one by one.

    For bulk work inside the caller's transaction (publishing an import batch): what
    every event shares is adapted for the database once.
    """
    now = timezone.now()
    fields = [
        field
        for field in AuditEvent._meta.concrete_fields
        if field is not AuditEvent._meta.auto_field
    ]
    # Values that need adapting for the database (dates, JSON); the rest go in as they are.
    adapted = {"occurred_at", "changes", "detail"}
    occurred_at = raw_sql.db_value(AuditEvent, "occurred_at", now)
    rows = []
    for given in values_list:
        values = _complete(given, now)
        prepared = {
            "occurred_at": occurred_at,
            "changes": raw_sql.db_value(AuditEvent, "changes", values["changes"]),
            "detail": raw_sql.db_value(AuditEvent, "detail", values["detail"]),
        }
        rows.append(
            [prepared[f.attname] if f.attname in adapted else values.get(f.attname) for f in fields]
        )
    raw_sql.insert_prepared(AuditEvent, [field.column for field in fields], rows)
    return len(rows)
