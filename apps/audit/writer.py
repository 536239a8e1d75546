"""Appends events to the hash chain: the audit app owns the table, the chain and the categories.

Callers never use this module: they call `apps.core.audit.record` (and its siblings),
which builds the event's values and hands them here through the provider the audit app
registers in AuditConfig.ready() (ADR 0016: core imports no app).
"""

from django.db import transaction
from django.utils import timezone

from apps.audit.choices import CATEGORY_FOR_ACTION, DataProtectionCategory
from apps.audit.hashing import event_hash
from apps.audit.models import AuditChainHead, AuditEvent
from apps.core import raw_sql


def append(values: dict) -> AuditEvent:
    """Append one event to the chain, in its own savepoint, categorised by its action."""
    category = CATEGORY_FOR_ACTION.get(values["action"], DataProtectionCategory.SECURITY)
    values = {"occurred_at": timezone.now(), "category": str(category), **values}
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().get(pk=1)
        values["sequence"] = head.sequence + 1
        values["previous_hash"] = head.last_hash
        values["hash"] = event_hash(values)
        event = AuditEvent.objects.create(**values)
        AuditChainHead.objects.filter(pk=1).update(
            sequence=values["sequence"], last_hash=values["hash"]
        )
    return event


def append_many(values_list: list[dict]) -> int:
    """Append many events in one locked step, linked as `append` links them.

    For bulk work inside the caller's transaction (publishing an import batch): the chain
    head stays locked until that transaction ends, so what every event shares is adapted
    for the database once, and the events go in with one prepared statement.
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
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().get(pk=1)
        sequence, previous_hash = head.sequence, head.last_hash
        for given in values_list:
            sequence += 1
            category = CATEGORY_FOR_ACTION.get(given["action"], DataProtectionCategory.SECURITY)
            values = {
                "occurred_at": now,
                "category": str(category),
                **given,
                "sequence": sequence,
                "previous_hash": previous_hash,
            }
            values["hash"] = previous_hash = event_hash(values)
            prepared = {
                "occurred_at": occurred_at,
                "changes": raw_sql.db_value(AuditEvent, "changes", values["changes"]),
                "detail": raw_sql.db_value(AuditEvent, "detail", values["detail"]),
            }
            rows.append(
                [
                    prepared[f.attname] if f.attname in adapted else values.get(f.attname)
                    for f in fields
                ]
            )
        raw_sql.insert_prepared(AuditEvent, [field.column for field in fields], rows)
        AuditChainHead.objects.filter(pk=1).update(sequence=sequence, last_hash=previous_hash)
    return len(rows)
