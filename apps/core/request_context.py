"""Who is asking, from where, in which request: read by the audit trail.

A context variable rather than a thread-local so that it also holds in
async code and in management commands (where it is simply empty)."""

import contextvars
import uuid
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RequestContext:
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    ip_address: str | None = None
    user_agent: str = ""
    path: str = ""
    channel: str = "command"  # "web", "api" or "command"


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "request_context", default=None
)


def current() -> RequestContext:
    context = _current.get()
    if context is None:
        context = RequestContext()
        _current.set(context)
    return context


def activate(context: RequestContext) -> contextvars.Token:
    return _current.set(context)


def deactivate(token: contextvars.Token) -> None:
    _current.reset(token)
