"""Checking the audit chain."""

from dataclasses import dataclass

from apps.audit.hashing import GENESIS_HASH, HASHED_FIELDS, event_hash
from apps.audit.models import AuditChainHead, AuditEvent

FIELDS = [*HASHED_FIELDS, "hash"]


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def audit_chain_verify(*, batch_size: int = 5000) -> ChainReport:
    """Walk the chain in order and report the first event whose link does not hold.

    Catches an edited event (its hash no longer matches its content), a deleted
    one (a gap in the sequence, or the next event's previous_hash pointing at
    nothing) and a truncated tail (the chain head is ahead of the last event).
    """
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    checked = 0
    events = AuditEvent.objects.order_by("sequence").values(*FIELDS)
    for values in events.iterator(chunk_size=batch_size):
        sequence = values["sequence"]
        if sequence != expected_sequence:
            return ChainReport(checked, expected_sequence, "event missing from the sequence")
        if values["previous_hash"] != expected_previous:
            return ChainReport(checked, sequence, "previous_hash does not match the event before")
        if event_hash(values) != values["hash"]:
            return ChainReport(checked, sequence, "content does not match its hash (edited)")
        expected_previous = values["hash"]
        expected_sequence += 1
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head and (head.sequence != checked or head.last_hash != expected_previous):
        return ChainReport(checked, checked + 1, "events missing from the end of the chain")
    return ChainReport(checked)
