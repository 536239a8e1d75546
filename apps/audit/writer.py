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
