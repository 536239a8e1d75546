"""Retention of the audit trail itself: sealed segments older than the retention period
(AUDIT_RETENTION_DAYS, seven years by default) are moved to an archive file with a
signed checkpoint of their last seal, and only then removed from the live tables.

The archive is never edited: it is written once, beside a record of its SHA-256, and
verifies on its own (`manage.py verify_audit --archive FILE`). The database allows
the removal of archived rows only (migration 0006): its triggers refuse a DELETE of a
seal no archive covers, or of an event whose seal none covers. The live chain then
starts from the archive's last chain hash, and `verify_audit` checks that each archive
joins the one before and that its checkpoint is signed with the key.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.audit import raw_sql
from apps.audit.hashing import CONTENT_FIELDS, GENESIS_HASH
from apps.audit.keys import key_ring
from apps.audit.models import AuditArchive, AuditEvent, AuditSeal
from apps.audit.sealing import checkpoint_key, seal, signed_checkpoint
from apps.audit.verification import check_link, verify

FORMAT = "prevent-audit-archive/1"


class ArchiveRefused(Exception):
    """The trail does not verify, so nothing is moved out of it."""


@dataclass(frozen=True)
class ArchiveReport:
    ok: bool
    checked: int = 0
    reason: str = ""
    first_position: int | None = None
    last_position: int | None = None
    note: str = ""


def _live_start() -> tuple[int, str]:
    last = AuditArchive.objects.order_by("-last_position").first()
    return (last.last_position + 1, last.last_chain_hash) if last else (1, GENESIS_HASH)


def archivable_end(*, cutoff: datetime.datetime, start: int) -> int:
    """The last position of the run of seals from `start` whose events are all older than
    `cutoff`: a segment never skips a younger event that was sealed in between."""
    younger = (
        AuditSeal.objects.filter(position__gte=start, event__occurred_at__gte=cutoff)
        .order_by("position")
        .values_list("position", flat=True)
        .first()
    )
    if younger is not None:
        return younger - 1
    return AuditSeal.objects.order_by("-position").values_list("position", flat=True).first() or 0


def _event_record(values: dict) -> dict:
    record = {name: values[name] for name in ("sequence", *CONTENT_FIELDS)}
    record["occurred_at"] = values["occurred_at"].isoformat(timespec="microseconds")
    record["previous_hash"] = values["previous_hash"]
    record["hash"] = values["hash"]
    return record


def archive_older_than(
    *, cutoff: datetime.datetime | None = None, directory: str | Path | None = None
) -> AuditArchive | None:
    """Archive the sealed events older than the retention period; None if there are none."""
    cutoff = cutoff or timezone.now() - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS)
    directory = Path(directory or settings.AUDIT_ARCHIVE_DIR)
    checkpoint_key()  # refuse before doing anything if there is no key to sign with
    seal(checkpoint=False)
    report = verify()
    if not report.ok:
        raise ArchiveRefused(
            f"The audit trail does not verify (event {report.broken_at}: {report.reason}); "
            "nothing was archived."
        )
    start, previous = _live_start()
    end = archivable_end(cutoff=cutoff, start=start)
    if end < start:
        return None
    seals = list(
        AuditSeal.objects.filter(position__gte=start, position__lte=end)
        .order_by("position")
        .values_list("position", "event_id", "event_hash", "chain_hash", "sealed_at")
    )
    events = {
        values["sequence"]: values
        for values in AuditEvent.objects.filter(sequence__in=[s[1] for s in seals]).values(
            "sequence", *CONTENT_FIELDS, "previous_hash", "hash"
        )
    }
    now = timezone.now()
    checkpoint = signed_checkpoint(size=end, chain_hash=seals[-1][3], created_at=now)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"audit-archive-{start:012d}-{end:012d}.jsonl"
    header = {
        "format": FORMAT,
        "first_position": start,
        "last_position": end,
        "previous_chain_hash": previous,
        "checkpoint": checkpoint,
        "archived_at": now.isoformat(timespec="microseconds"),
    }
    digest = hashlib.sha256()
    partial = path.with_suffix(".partial")
    with partial.open("w", encoding="utf-8") as handle:
        for line in _lines(header, seals, events):
            handle.write(line)
            digest.update(line.encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())
    partial.replace(path)
    times = [events[s[1]]["occurred_at"] for s in seals]
    with transaction.atomic():
        archive = AuditArchive.objects.create(
            first_position=start,
            last_position=end,
            previous_chain_hash=previous,
            last_chain_hash=seals[-1][3],
            checkpoint=checkpoint,
            file_name=path.name,
            file_sha256=digest.hexdigest(),
            event_count=len(seals),
            oldest_event_at=min(times),
            newest_event_at=max(times),
            archived_at=now,
        )
        raw_sql.remove_archived(start, end)
    return archive


def _lines(header: dict, seals: list, events: dict):
    yield json.dumps(header, sort_keys=True) + "\n"
    for position, event_id, event_hash, chain_hash, sealed_at in seals:
        yield (
            json.dumps(
                {
                    "position": position,
                    "event_hash": event_hash,
                    "chain_hash": chain_hash,
                    "sealed_at": sealed_at.isoformat(timespec="microseconds"),
                    "event": _event_record(events[event_id]),
                },
                sort_keys=True,
                default=str,
            )
            + "\n"
        )


def verify_archive_file(path: str | Path) -> ArchiveReport:
    """Check an archive file on its own: every link, and the signed checkpoint at its end."""
    with Path(path).open(encoding="utf-8") as handle:
        header = json.loads(handle.readline())
        if header.get("format") != FORMAT:
            return ArchiveReport(False, reason="not an audit archive file")
        first, last = header["first_position"], header["last_position"]
        checkpoint = header["checkpoint"]
        ring = key_ring()
        problem = ring.problem_with(checkpoint)
        note = ""
        if problem and ring.signed_by_revoked_key(checkpoint):
            # The links are still checked; the end is vouched for only by the live trail's
            # later checkpoints, which continue from it.
            note = f"Its checkpoint {problem}: not counted as evidence."
        elif problem == "has a bad signature":
            return ArchiveReport(False, reason="the archive's checkpoint signature is not valid")
        elif problem:
            return ArchiveReport(False, reason=f"the archive's checkpoint {problem}")
        previous, expected, checked = header["previous_chain_hash"], first, 0
        for line in handle:
            row = json.loads(line)
            if row["position"] != expected:
                return ArchiveReport(False, checked, f"seal {expected} missing from the archive")
            event = row["event"]
            content = [event[name] for name in CONTENT_FIELDS]
            reason = check_link(
                (event["sequence"], content, event["previous_hash"], event["hash"]),
                position=row["position"],
                event_hash=row["event_hash"],
                chain_hash=row["chain_hash"],
                previous=previous,
            )
            if reason:
                return ArchiveReport(False, checked, f"seal {row['position']}: {reason}")
            previous, expected, checked = row["chain_hash"], expected + 1, checked + 1
    if expected != last + 1 or int(checkpoint["size"]) != last:
        return ArchiveReport(False, checked, "the archive ends before its checkpoint")
    if checkpoint["chain_hash"] != previous:
        return ArchiveReport(False, checked, "the archive does not match its checkpoint")
    return ArchiveReport(True, checked, first_position=first, last_position=last, note=note)
