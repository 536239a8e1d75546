"""Sealing: giving committed events their place in the chain, and signing checkpoints.

Requests append events without a lock (audit.writer). The sealer, run every few
seconds by `manage.py seal_audit --every N` and on demand, takes the events that
have no seal yet, in the order of their numbers, and writes one `AuditSeal` per
event: its position (gap-free, assigned here) and the chain hash over everything
sealed before it. The events are never updated. See docs/decisions/0017.

Only events whose transactions have committed are visible to the sealer, so a
seal never covers an event that might still roll back. A transaction that commits
late (its event has a lower number than events already sealed) is not skipped:
every run looks for unsealed events above a *floor*, the number below which every
event is sealed or can never appear. The floor moves up only to a number read
from the event sequence at a moment older than the start of every transaction
still open (PostgreSQL's pg_stat_activity): whatever transaction took a number
at or below it has finished, and its event, if committed, is sealed by then.

Sealers serialise on the one `AuditSealState` row, which no request touches: two
sealers at once are safe (the second waits, then finds nothing or the rest), and
a sealer killed mid-run rolls back its uncommitted seals, which the next run makes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.audit import raw_sql
from apps.audit.hashing import GENESIS_HASH, checkpoint_message, key_id, link_hash, sign
from apps.audit.keys import key_ring
from apps.audit.models import AuditCheckpoint, AuditSealState

BATCH_SIZE = 10_000


@dataclass(frozen=True)
class SealRun:
    sealed: int
    position: int
    checkpoint: AuditCheckpoint | None = None


def _state_for_update() -> AuditSealState:
    state = AuditSealState.objects.select_for_update().filter(pk=1).first()
    if state is None:
        AuditSealState.objects.get_or_create(pk=1, defaults={"chain_hash": GENESIS_HASH})
        state = AuditSealState.objects.select_for_update().get(pk=1)
    return state


def _settled_floor(state: AuditSealState) -> int:
    """The highest number at or below which no transaction can still add an event."""
    if not raw_sql.is_postgresql():
        # SQLite has one writer at a time, which holds the write lock from its first
        # insert to its commit; every committed event is numbered below an uncommitted one.
        return state.floor
    if state.pending_since is None:
        return state.floor
    oldest_open = raw_sql.open_transactions_since()
    if oldest_open is None or oldest_open > state.pending_since:
        return max(state.floor, state.pending_floor)
    return state.floor


def _seal_batch(batch_size: int, after: int | None) -> tuple[int, int, bool, int | None]:
    """One transaction: seal up to `batch_size` unsealed events numbered above `after`
    (above the floor when None). Returns (sealed, position, drained, last number sealed)."""
    with transaction.atomic():
        state = _state_for_update()
        settled = _settled_floor(state)
        candidates = raw_sql.unsealed(state.floor if after is None else after, batch_size)
        sealed_at = raw_sql.seal_time(timezone.now())
        position, chain = state.position, state.chain_hash
        rows = []
        for sequence, event_hash in candidates:
            position += 1
            chain = link_hash(chain, position, sequence, event_hash)
            rows.append((position, sequence, event_hash, chain, sealed_at))
        raw_sql.insert_seals(rows)
        drained = len(candidates) < batch_size
        state.position, state.chain_hash = position, chain
        if drained and after is None:
            # Every visible event above the floor is sealed: the settled floor holds.
            if raw_sql.is_postgresql():
                state.floor = settled
                state.pending_floor, state.pending_since = raw_sql.sequence_mark()
            elif rows:
                state.floor = rows[-1][1]
        state.save()
        return len(rows), position, drained, rows[-1][1] if rows else after


def seal(*, batch_size: int = BATCH_SIZE, checkpoint: bool | None = None) -> SealRun:
    """Seal every committed event not yet sealed; then sign a checkpoint if one is due.

    A backlog is sealed in batches, each scanning on from the last; the run ends with a
    pass from the floor, which also finds events whose transactions committed late.
    `checkpoint`: True signs one now, False never, None when AUDIT_CHECKPOINT_EVERY
    seconds have passed since the last and the chain has grown.
    """
    total, position, after = 0, 0, None
    while True:
        sealed, position, drained, last = _seal_batch(batch_size, after)
        total += sealed
        if drained and after is None:
            break
        # Not drained: carry on from the last event sealed. Drained from a later start:
        # one more pass from the floor, for late commits below where this run began.
        after = None if drained else last
    made = None
    if checkpoint or (checkpoint is None and _checkpoint_due()):
        made = make_checkpoint()
    return SealRun(sealed=total, position=position, checkpoint=made)


def checkpoint_key() -> bytes:
    """The signing key (audit.keys): refuses if none is configured, or it is revoked.

    Held outside the database, so whoever controls the database cannot sign a history.
    """
    return key_ring().signing_key()


def _checkpoint_due() -> bool:
    every = getattr(settings, "AUDIT_CHECKPOINT_EVERY", 60)
    state = AuditSealState.objects.filter(pk=1).first()
    if state is None or state.position == 0:
        return False
    latest = AuditCheckpoint.objects.order_by("-size", "-id").first()
    if latest is not None and latest.size == state.position:
        return False
    if state.checkpointed_at is None:
        return True
    return timezone.now() - state.checkpointed_at >= datetime.timedelta(seconds=every)


def signed_checkpoint(*, size: int, chain_hash: str, created_at: datetime.datetime) -> dict:
    """A checkpoint's fields and signature, as stored, exported and archived."""
    key = checkpoint_key()
    stamp = created_at.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    message = checkpoint_message(size=size, chain_hash=chain_hash, created_at=stamp)
    return {
        "size": size,
        "chain_hash": chain_hash,
        "created_at": stamp,
        "key_id": key_id(key),
        "signature": sign(key, message),
    }


def make_checkpoint() -> AuditCheckpoint:
    """Sign the chain head as it stands now (the sealer's state, locked for a moment)."""
    key = checkpoint_key()  # refuse before taking any lock
    del key
    with transaction.atomic():
        state = _state_for_update()
        now = timezone.now()
        fields = signed_checkpoint(size=state.position, chain_hash=state.chain_hash, created_at=now)
        checkpoint = AuditCheckpoint.objects.create(
            size=fields["size"],
            chain_hash=fields["chain_hash"],
            created_at=now,
            key_id=fields["key_id"],
            signature=fields["signature"],
        )
        state.checkpointed_at = now
        state.save(update_fields=["checkpointed_at"])
    return checkpoint


def checkpoint_as_dict(checkpoint: AuditCheckpoint) -> dict:
    return {
        "size": checkpoint.size,
        "chain_hash": checkpoint.chain_hash,
        "created_at": checkpoint.created_at.astimezone(datetime.UTC).isoformat(
            timespec="microseconds"
        ),
        "key_id": checkpoint.key_id,
        "signature": checkpoint.signature,
    }
