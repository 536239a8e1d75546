"""Checking the audit trail: every seal against its event and the chain, every checkpoint
against its signature and the chain, and an exported checkpoint against the log today.

What each finding means (docs/decisions/0017):
- an edited event: its content no longer matches the hash its seal holds;
- a deleted event: a seal points at no event;
- a deleted, inserted or reordered seal: a gap in positions, or a chain hash that no
  longer follows from the one before;
- a forged re-hash of the tail (the attacker recomputed every chain hash after an
  edit): a checkpoint, signed with a key the database does not hold, no longer
  matches the chain at its size;
- a replaced checkpoint: its signature does not verify;
- an event inserted below the sealer's floor (behind the sealer's back): never sealed,
  where every event at that number must be.
"""

from __future__ import annotations

import datetime
import hmac
import ipaddress
import json
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.db import connections

from apps.audit import raw_sql
from apps.audit.hashing import (
    CONTENT_FIELDS,
    GENESIS_HASH,
    checkpoint_message,
    content_hash_of,
    key_id,
    legacy_event_hash,
    link_hash,
    sign,
)
from apps.audit.models import AuditArchive, AuditCheckpoint, AuditEvent, AuditSeal, AuditSealState
from apps.audit.sealing import checkpoint_as_dict, checkpoint_key

CHUNK = 100_000
EVENT_FIELDS = ("sequence", *CONTENT_FIELDS, "previous_hash", "hash")


@dataclass
class Report:
    checked: int = 0
    broken_at: int | None = None
    reason: str = ""
    checkpoints_checked: int = 0
    unsealed: int = 0
    oldest_unsealed_at: datetime.datetime | None = None
    grown_from: int | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.broken_at is None

    def fail(self, position: int, reason: str) -> Report:
        if self.broken_at is None:
            self.broken_at, self.reason = position, reason
        return self


@dataclass(frozen=True)
class SegmentResult:
    checked: int
    last_chain_hash: str
    broken_at: int | None = None
    reason: str = ""
    chain_at: dict = field(default_factory=dict)


def valid_signature(checkpoint: dict, key: bytes) -> bool:
    if checkpoint.get("key_id") != key_id(key):
        return False
    message = checkpoint_message(
        size=int(checkpoint["size"]),
        chain_hash=checkpoint["chain_hash"],
        created_at=checkpoint["created_at"],
    )
    return hmac.compare_digest(sign(key, message), str(checkpoint.get("signature", "")))


def check_link(event, *, position: int, event_hash: str, chain_hash: str, previous: str):
    """Why the seal at `position` does not hold, or "" if it does.

    `event` is (sequence, content, previous_hash, hash), content being the values of
    CONTENT_FIELDS in order, or None when the sealed event is not there.
    """
    if event is None:
        return "the sealed event is missing (deleted)"
    sequence, content, event_previous_hash, stored_hash = event
    if event_previous_hash:
        # Chained under ADR 0004: the event's own hash covers its sequence and the link.
        values = dict(zip(CONTENT_FIELDS, content, strict=True))
        values.update(sequence=sequence, previous_hash=event_previous_hash)
        if event_previous_hash != previous:
            return "previous_hash does not match the event before (reordered or inserted)"
        if legacy_event_hash(values) != stored_hash:
            return "content does not match its hash (edited)"
        if event_hash != stored_hash or chain_hash != stored_hash:
            return "the seal does not match its event (re-hashed)"
        return ""
    if stored_hash != event_hash or content_hash_of(content) != event_hash:
        return "content does not match its hash (edited)"
    if link_hash(previous, position, sequence, event_hash) != chain_hash:
        return "chain hash does not follow from the seal before (reordered, inserted or re-hashed)"
    return ""


_EMPTY = "{}"


def _address(text: str | None, known: dict) -> str | None:
    """An address read as text (`inet::text`, with its mask) as the writer hashed it.

    A full mask is the address itself (what the writer stores); any other mask is kept,
    so it never matches the writer's hash. Addresses repeat: each is parsed once.
    """
    if text is None:
        return None
    address = known.get(text)
    if address is None:
        host, _, bits = text.partition("/")
        parsed = ipaddress.ip_address(host)
        address = str(parsed) if not bits or int(bits) == parsed.max_prefixlen else text
        if len(known) > 100_000:
            known.clear()
        known[text] = address
    return address


def _event_of(row: tuple, known: dict):
    """The event in a row of raw_sql.seals_with_events, as `check_link` takes it."""
    changes, detail = row[14], row[15]
    content = [
        *row[5:14],
        {} if changes == _EMPTY else json.loads(changes),
        {} if detail == _EMPTY else json.loads(detail),
        _address(row[16], known),
        *row[17:20],
    ]
    return row[4], content, row[20], row[21]


def _verify_rows_postgresql(first: int, last: int, previous: str, watch: set) -> SegmentResult:
    expected, checked, chain_at, known = first, 0, {}, {}
    for start in range(first, last + 1, CHUNK):
        end = min(last, start + CHUNK - 1)
        with closing(raw_sql.seals_with_events(start, end)) as batches:
            for rows in batches:
                for row in rows:
                    position, chain_hash = row[0], row[3]
                    if position != expected:
                        return SegmentResult(
                            checked, previous, expected, "seal missing from the order"
                        )
                    reason = check_link(
                        None if row[4] is None else _event_of(row, known),
                        position=position,
                        event_hash=row[2],
                        chain_hash=chain_hash,
                        previous=previous,
                    )
                    if reason:
                        return SegmentResult(checked, previous, position, reason, chain_at)
                    previous = chain_hash
                    if position in watch:
                        chain_at[position] = chain_hash
                    expected += 1
                    checked += 1
        if expected != end + 1:
            return SegmentResult(checked, previous, expected, "seal missing from the order")
    return SegmentResult(checked, previous, chain_at=chain_at)


def _seals_with_events(first: int, last: int):
    """Seals first..last in order, each with its event as `check_link` takes it (SQLite)."""
    seals = list(
        AuditSeal.objects.filter(position__gte=first, position__lte=last)
        .order_by("position")
        .values_list("position", "event_id", "event_hash", "chain_hash")
    )
    if not seals:
        return []
    ids = [seal[1] for seal in seals]
    events = {
        values["sequence"]: (
            values["sequence"],
            [
                values["occurred_at"].isoformat(timespec="microseconds")
                if name == "occurred_at"
                else values[name]
                for name in CONTENT_FIELDS
            ],
            values["previous_hash"],
            values["hash"],
        )
        for values in AuditEvent.objects.filter(sequence__gte=min(ids), sequence__lte=max(ids))
        .order_by()
        .values(*EVENT_FIELDS)
    }
    return [(seal, events.get(seal[1])) for seal in seals]


def verify_segment(first: int, last: int, previous: str, watch: tuple = ()) -> SegmentResult:
    """Verify seals first..last starting from the chain hash `previous`."""
    watch = set(watch)
    if raw_sql.is_postgresql():
        return _verify_rows_postgresql(first, last, previous, watch)
    expected, checked, chain_at = first, 0, {}
    for start in range(first, last + 1, CHUNK):
        end = min(last, start + CHUNK - 1)
        for (position, _event_id, event_hash, chain_hash), event in _seals_with_events(start, end):
            if position != expected:
                return SegmentResult(checked, previous, expected, "seal missing from the order")
            reason = check_link(
                event,
                position=position,
                event_hash=event_hash,
                chain_hash=chain_hash,
                previous=previous,
            )
            if reason:
                return SegmentResult(checked, previous, position, reason, chain_at)
            previous = chain_hash
            if position in watch:
                chain_at[position] = chain_hash
            expected += 1
            checked += 1
        if expected != end + 1:
            return SegmentResult(checked, previous, expected, "seal missing from the order")
    return SegmentResult(checked, previous, chain_at=chain_at)


# Below this many seals a stretch is quicker checked in one process than spread over several.
PARALLEL_MIN = 100_000
CHANGED_DURING_CHECK = "chain hash does not follow from the seal before (changed during the check)"


def _segments(start: int, last: int, previous: str, workers: int, watch: tuple) -> list[tuple]:
    """The chain start..last cut into stretches to check in `workers` processes.

    Each stretch starts from the chain hash stored in the seal before it; the stretch
    before must end on that same hash (checked when the results are joined), so a cut
    can fall anywhere, not only at checkpoints. More stretches than processes, so a
    process that finishes early takes the next.
    """
    count = last - start + 1
    pieces = min(workers * 4, count // PARALLEL_MIN) if workers > 1 else 1
    if pieces <= 1:
        return [(start, last, previous, watch)]
    size = -(-count // pieces)
    firsts = list(range(start, last + 1, size))
    heads = dict(
        AuditSeal.objects.filter(position__in=[first - 1 for first in firsts[1:]]).values_list(
            "position", "chain_hash"
        )
    )
    return [
        (
            first,
            min(last, first + size - 1),
            heads.get(first - 1, "") if first > start else previous,
            watch,
        )
        for first in firsts
    ]


def _verify_segment_in_worker(args):
    connections.close_all()
    return verify_segment(*args)


def _archives_start(report: Report, key: bytes | None) -> tuple[int, str]:
    """Where the live chain starts: after the last archived segment (checked to join up)."""
    position, previous = 1, GENESIS_HASH
    for archive in AuditArchive.objects.order_by("last_position"):
        if archive.first_position != position or archive.previous_chain_hash != previous:
            report.fail(position, "an archived segment does not join the chain before it")
            return position, previous
        checkpoint = archive.checkpoint
        if key is not None and not valid_signature(checkpoint, key):
            report.fail(archive.last_position, "an archive's checkpoint signature is not valid")
        if (
            int(checkpoint["size"]) != archive.last_position
            or checkpoint["chain_hash"] != archive.last_chain_hash
        ):
            report.fail(archive.last_position, "an archive's checkpoint does not match it")
        position, previous = archive.last_position + 1, archive.last_chain_hash
    return position, previous


def _unsealed(report: Report) -> None:
    state = AuditSealState.objects.filter(pk=1).first()
    unsealed = AuditEvent.objects.filter(seal__isnull=True)
    report.unsealed = unsealed.count()
    oldest = unsealed.order_by("occurred_at").values_list("occurred_at", flat=True).first()
    report.oldest_unsealed_at = oldest
    floor = state.floor if state else 0
    below = unsealed.filter(sequence__lte=floor)
    first = below.order_by("sequence").values_list("sequence", flat=True).first()
    if first is not None:
        report.fail(
            state.position + 1 if state else 1,
            f"event {first} is below the sealed floor but was never sealed (inserted)",
        )


def verify(*, against: dict | None = None, workers: int = 1) -> Report:
    """Verify the live chain, every checkpoint, and optionally an exported checkpoint."""
    report = Report()
    try:
        key = checkpoint_key()
    except ImproperlyConfigured:  # a missing key is reported, not raised
        key = None
        report.notes.append("No checkpoint key configured: checkpoint signatures not checked.")
    start, previous = _archives_start(report, key)
    if not report.ok:
        return report
    # The sealer may run meanwhile: what is checked is the state, the checkpoints and the
    # seals as read in this order, so a seal or checkpoint made since is simply not checked.
    state = AuditSealState.objects.filter(pk=1).first()
    checkpoints = list(AuditCheckpoint.objects.order_by("size", "id"))
    last = AuditSeal.objects.order_by("-position").values_list("position", flat=True).first() or 0
    watch = {c.size for c in checkpoints if c.size >= start}
    if state is not None:
        watch.add(state.position)
    if against is not None:
        watch.add(int(against["size"]))
    segments = _segments(start, last, previous, workers, tuple(watch))
    if len(segments) > 1:
        connections.close_all()  # each process opens its own connection
        with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
            results = list(pool.map(_verify_segment_in_worker, segments))
    else:
        results = [verify_segment(*segment) for segment in segments]
    chain_at = {start - 1: previous}
    for index, result in enumerate(results):
        report.checked += result.checked
        chain_at.update(result.chain_at)
        if result.broken_at is not None:
            report.fail(result.broken_at, result.reason)
            break
        following = segments[index + 1] if index + 1 < len(segments) else None
        if following is not None and following[2] != result.last_chain_hash:
            # The next stretch started from the stored chain hash of this one's last seal.
            report.fail(following[0], CHANGED_DURING_CHECK)
            break
    if not report.ok:
        return report
    if state is not None and (
        state.position > last or chain_at.get(state.position) != state.chain_hash
    ):
        report.fail(min(state.position, last) + 1, "seals missing from the end of the chain")
    _check_checkpoints(report, checkpoints, chain_at, start, last, key)
    if against is not None:
        _check_against(report, against, chain_at, start, last, key)
    _unsealed(report)
    return report


def _check_checkpoints(report, checkpoints, chain_at, start, last, key) -> None:
    for checkpoint in checkpoints:
        if checkpoint.size < start - 1:
            continue  # covered by an archived segment
        if key is not None and not valid_signature(checkpoint_as_dict(checkpoint), key):
            report.fail(checkpoint.size, f"checkpoint at {checkpoint.size} has a bad signature")
            return
        if checkpoint.size > last:
            report.fail(
                last + 1,
                f"checkpoint at {checkpoint.size} vouches for more seals than exist (tail removed)",
            )
            return
        if checkpoint.size and chain_at.get(checkpoint.size) != checkpoint.chain_hash:
            report.fail(
                checkpoint.size,
                f"checkpoint at {checkpoint.size} does not match the chain (history rewritten)",
            )
            return
        report.checkpoints_checked += 1


def _check_against(report, against, chain_at, start, last, key) -> None:
    size = int(against["size"])
    if key is None:
        report.fail(size, "no checkpoint key to check the exported checkpoint's signature")
    elif not valid_signature(against, key):
        report.fail(size, "the exported checkpoint's signature is not valid")
    elif size > last:
        report.fail(last + 1, f"the log has {last} seals, fewer than the exported {size}")
    elif size >= start - 1 and chain_at.get(size, GENESIS_HASH) != against["chain_hash"]:
        report.fail(size, "the log does not contain the exported checkpoint (history rewritten)")
    else:
        report.grown_from = size


def load_checkpoint_file(path: str | Path) -> dict:
    return json.loads(Path(path).read_text())
