"""How an audit event is turned into its link in the chain.

Kept separate so writing (core.audit) and checking (audit.services) can never
disagree about what is hashed.
"""

import hashlib
import json

GENESIS_HASH = "0" * 64

HASHED_FIELDS = (
    "sequence",
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
    "previous_hash",
)


def event_hash(values: dict) -> str:
    payload = {name: values.get(name) for name in HASHED_FIELDS}
    payload["occurred_at"] = values["occurred_at"].isoformat(timespec="microseconds")
    for name in ("actor_id", "content_type_id"):
        payload[name] = str(payload[name]) if payload[name] is not None else None
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
