"""How an audit event is turned into hashes: its content hash, and its link in the chain.

Kept separate so writing (audit.writer), sealing (audit.sealing) and checking
(audit.verification) can never disagree about what is hashed.

Two kinds of event share the chain:
- events appended before sealing existed (ADR 0004): their hash covers their
  sequence number and the previous event's hash (`legacy_event_hash`);
- events appended since (ADR 0017): their hash covers their content only
  (`content_hash`); the sealer links them (`link_hash`).
"""

import hashlib
import hmac
import json
from operator import itemgetter

GENESIS_HASH = "0" * 64

CONTENT_FIELDS = (
    "occurred_at",
    "actor_id",
    "actor_username",
    "action",
    "category",
    "content_type_id",
    "object_id",
    "object_reference",
    "justification",
    "changes",
    "detail",
    "ip_address",
    "user_agent",
    "request_id",
    "channel",
)

HASHED_FIELDS = ("sequence", *CONTENT_FIELDS, "previous_hash")


def _canonical(values: dict, names: tuple[str, ...]) -> bytes:
    payload = {name: values.get(name) for name in names}
    occurred_at = values["occurred_at"]
    if not isinstance(occurred_at, str):  # verification on PostgreSQL reads it formatted
        occurred_at = occurred_at.isoformat(timespec="microseconds")
    payload["occurred_at"] = occurred_at
    for name in ("actor_id", "content_type_id"):
        payload[name] = str(payload[name]) if payload[name] is not None else None
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str).encode("utf-8")


def legacy_event_hash(values: dict) -> str:
    """The hash of an event chained under ADR 0004: content, sequence and previous hash."""
    return hashlib.sha256(_canonical(values, HASHED_FIELDS)).hexdigest()


# The name earlier code and tests use for the ADR 0004 link.
event_hash = legacy_event_hash


_CONTENT = itemgetter(*CONTENT_FIELDS)
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=str)


def content_hash(values: dict) -> str:
    """The hash of what an event says, computed by the writer before the insert.

    The content is a JSON array of CONTENT_FIELDS in that order (objects inside it with
    sorted keys, ASCII only): quicker to rebuild than an object with sorted keys, which
    matters when verification rebuilds ten million of them.
    """
    occurred_at = values["occurred_at"]
    if not isinstance(occurred_at, str):  # verification on PostgreSQL reads it formatted
        values = {**values, "occurred_at": occurred_at.isoformat(timespec="microseconds")}
    return content_hash_of(_CONTENT(values))


def content_hash_of(content) -> str:
    """`content_hash` of the values of CONTENT_FIELDS, in that order (a list or tuple)."""
    return hashlib.sha256(_ENCODER.encode(content).encode("ascii")).hexdigest()


def link_hash(previous_chain_hash: str, position: int, sequence: int, event_hash: str) -> str:
    """The chain hash of the seal at `position`: binds the event's number and content to
    everything sealed before it, in order."""
    link = f"{previous_chain_hash}:{position}:{sequence}:{event_hash}"
    return hashlib.sha256(link.encode("ascii")).hexdigest()


def checkpoint_message(*, size: int, chain_hash: str, created_at: str) -> bytes:
    """What a checkpoint's signature covers (compare RFC 6962's signed tree head)."""
    return f"prevent-audit-checkpoint/1\n{size}\n{chain_hash}\n{created_at}\n".encode("ascii")


def sign(key: bytes, message: bytes) -> str:
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def key_id(key: bytes) -> str:
    """Names the key without revealing it, so a checkpoint says which key signed it."""
    return hashlib.sha256(b"prevent-audit-key-id:" + key).hexdigest()[:16]
