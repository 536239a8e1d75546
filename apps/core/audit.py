"""Write audit events: every view, search, change and export of personal data.

DPA 2018 Part 3, section 62: consultation and disclosure are logged with who,
when and the justification. Call `record` from selectors (views, searches),
services (changes) and export code; never from templates or signals (signals
never see reads).
"""

from __future__ import annotations

import contextlib
import contextvars
import json
from collections.abc import Iterable, Iterator

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from apps.core import registry, request_context

# The actions core itself records (values of audit.choices.AuditAction, which core may
# not import: the audit app owns the vocabulary, the table and the chain; ADR 0016).
VIEW = "view"
SEARCH = "search"
ACCESS_DENIED = "access_denied"
UPDATE = "update"
EXPORT = "export"


def _plain(value) -> dict:
    """JSON-safe copy, so what is hashed is exactly what the database returns.

    PostgreSQL's jsonb cannot hold a NUL character (a probe may type one into a
    search): it is stored as U+FFFD, the replacement character.
    """
    return _without_nul(json.loads(json.dumps(value or {}, cls=DjangoJSONEncoder, sort_keys=True)))


def _without_nul(value):
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    if isinstance(value, dict):
        return {_without_nul(key): _without_nul(item) for key, item in value.items()}
    return value


def reference_of(subject: models.Model) -> str:
    """A non-personal label for a record: its reference, never a name."""
    reference = getattr(subject, "reference", None)
    if reference:
        return str(reference)
    return f"{subject._meta.verbose_name} {subject.pk}"


def record(
    action: str,
    *,
    user=None,
    subject: models.Model | None = None,
    justification: str = "",
    changes: dict | None = None,
    detail: dict | None = None,
    username: str = "",
):
    """Append one event in the caller's transaction (no lock; the sealer chains it later)."""
    values = _values(
        action,
        user=user,
        content_type_id=ContentType.objects.get_for_model(subject).pk if subject else None,
        object_id=str(subject.pk) if subject is not None else "",
        object_reference=reference_of(subject) if subject is not None else "",
        justification=justification,
        changes=changes,
        detail=detail,
        username=username,
    )
    return _append(values)


def _values(
    action: str,
    *,
    user,
    content_type_id: int | None,
    object_id: str,
    object_reference: str,
    justification: str = "",
    changes: dict | None = None,
    detail: dict | None = None,
    username: str = "",
) -> dict:
    context = request_context.current()
    actor = user if getattr(user, "is_authenticated", False) else None
    return {
        "actor_id": actor.pk if actor else None,
        "actor_username": actor.get_username() if actor else username[:150],
        "action": str(action),
        "content_type_id": content_type_id,
        "object_id": object_id[:64],
        "object_reference": object_reference[:200],
        "justification": justification,
        "changes": _plain(changes),
        "detail": _plain(detail),
        "ip_address": context.ip_address,
        "user_agent": context.user_agent,
        "request_id": context.request_id,
        "channel": context.channel,
    }


def _append(values: dict):
    """Hand the event to the audit app, which owns the table and the hash chain."""
    return registry.provider(registry.AUDIT_APPEND)(values)


# Security events held for the request in progress; None outside a request.
_held: contextvars.ContextVar[list[dict] | None] = contextvars.ContextVar(
    "held_security_events", default=None
)


def record_security_event(
    action: str,
    *,
    user=None,
    model: type[models.Model] | None = None,
    object_id: str = "",
    object_reference: str = "",
    changes: dict | None = None,
    detail: dict | None = None,
) -> None:
    """Record a security event, such as a refusal, so that it outlives the refused request.

    A refusal usually aborts the work around it: the Http404 or PermissionDenied
    leaves a service's `transaction.atomic` block and rolls it back, with any
    event written inside. So during a request the event is held, and written by
    `security_events_held` (RequestContextMiddleware) after the view has
    returned or raised, outside every transaction the view opened. Outside a
    request (commands, tasks) it is written at once. See docs/decisions/0013.
    """
    values = _values(
        action,
        user=user,
        content_type_id=ContentType.objects.get_for_model(model).pk if model else None,
        object_id=str(object_id),
        object_reference=object_reference,
        changes=changes,
        detail={"path": request_context.current().path, **(detail or {})},
    )
    held = _held.get()
    if held is None:
        _append(values)
    else:
        held.append(values)


@contextlib.contextmanager
def security_events_held() -> Iterator[list[dict]]:
    """Hold the security events recorded inside the block and write them when it ends.

    Yields the list of held events, so the caller can tell whether one was recorded.
    """
    held: list[dict] = []
    token = _held.set(held)
    try:
        yield held
    finally:
        _held.reset(token)
        for values in held:
            _append(values)


def record_access_denied(
    *,
    user,
    status: int,
    reason: str,
    subject: models.Model | None = None,
    model: type[models.Model] | None = None,
    object_id: str = "",
    action: str = "",
) -> None:
    """A refused request: a 404 for a record outside the user's reach, or a 403.

    The record is stored by type, id and reference: audit searches show the
    event only to those who may see the record (audit.selectors).
    """
    if subject is not None:
        model, object_id = type(subject), str(subject.pk)
    detail = {"status": status, "reason": reason}
    if action:
        detail["attempted"] = action
    record_security_event(
        ACCESS_DENIED,
        user=user,
        model=model,
        object_id=object_id,
        object_reference=reference_of(subject) if subject is not None else "",
        detail=detail,
    )


def record_many(
    action: str, *, user=None, model: type[models.Model], records: Iterable[tuple[str, str, dict]]
) -> int:
    """Append one event per (object id, reference, detail) of `model`, linked as `record` links.

    For bulk work (publishing an import batch) inside the caller's transaction. The values
    are built here, before the audit app takes the chain head's lock, so the work done
    under the lock stays small (audit.writer.append_many).
    """
    content_type_id = ContentType.objects.get_for_model(model).pk
    values = [
        _values(
            action,
            user=user,
            content_type_id=content_type_id,
            object_id=str(object_id),
            object_reference=object_reference,
            detail=detail,
        )
        for object_id, object_reference, detail in records
    ]
    if not values:
        return 0
    return registry.provider(registry.AUDIT_APPEND_MANY)(values)


def record_view(*, user, subject: models.Model, justification: str = ""):
    """A consultation. A view made under break-glass access carries the stated purpose."""
    if not justification:
        justification = _break_glass_purpose(user=user, subject=subject)
    event = record(VIEW, user=user, subject=subject, justification=justification)
    # The base pages (core.pages, core.viewsets) refuse a record not marked as consulted.
    subject._consulted_in_request = request_context.current().request_id
    return event


def was_consulted(subject: models.Model) -> bool:
    """Whether `record_view` recorded this very object in the current request."""
    marked = getattr(subject, "_consulted_in_request", None)
    return marked is not None and marked == request_context.current().request_id


def _break_glass_purpose(*, user, subject: models.Model) -> str:
    team_id = getattr(subject, "team_id", None)
    if team_id is None or team_id == getattr(user, "team_id", None):
        return ""
    grants = registry.provider(registry.BREAK_GLASS_GRANTS)
    grant = grants(user=user, model=type(subject), object_id=str(subject.pk)).first()
    return f"Break-glass: {grant.purpose}" if grant else ""


def record_search(*, user, scope: str, terms: dict, result_count: int, detail: dict | None = None):
    return record(
        SEARCH,
        user=user,
        detail={"scope": scope, "terms": terms, "result_count": result_count, **(detail or {})},
    )


def record_export(
    *, user, scope: str, terms: dict, result_count: int, export_format: str, references: list
):
    """A list taken away as a file: a disclosure, with the terms, the count and each reference."""
    return record(
        EXPORT,
        user=user,
        detail={
            "scope": scope,
            "terms": terms,
            "result_count": result_count,
            "format": export_format,
            "references": references,
        },
    )


def diff(instance: models.Model, before: dict, fields: Iterable[str]) -> dict:
    """Old and new values of the fields that changed, for an UPDATE event."""
    changes = {}
    for name in fields:
        old, new = before.get(name), getattr(instance, name)
        if old != new:
            changes[name] = {"old": old, "new": new}
    return changes


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict:
    return {name: getattr(instance, name) for name in fields}
