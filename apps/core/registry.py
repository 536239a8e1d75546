"""What core needs from the apps above it, provided by them in their AppConfig.ready().

Core imports no app (ADR 0016). Where core's helpers need an app's tables, the app
that owns the tables provides the function that reads or writes them:

- "audit.append" (audit): append one event's values (no lock; sealed later), return the event;
- "audit.append_many" (audit): append many events' values in one locked step, return the count;
- "accounts.break_glass_grants" (accounts): the user's unexpired break-glass grants
  for a model, optionally for one record, newest first;
- home-page context (accounts: the unread notifications), see `register_home_context`.

Asking for a provider nobody registered is a configuration error, never a silent no-op:
an audit event must not be dropped because an app is missing.
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

AUDIT_APPEND = "audit.append"
AUDIT_APPEND_MANY = "audit.append_many"
BREAK_GLASS_GRANTS = "accounts.break_glass_grants"

_providers: dict[str, Callable] = {}
_home_context: list[Callable] = []


def provide(name: str, function: Callable) -> Callable:
    """Register the one function that provides `name` (the last registration wins)."""
    _providers[name] = function
    return function


def provider(name: str) -> Callable:
    try:
        return _providers[name]
    except KeyError:
        raise ImproperlyConfigured(f"No app provides {name!r}: is it in INSTALLED_APPS?") from None


def register_home_context(function: Callable) -> Callable:
    """Register `function(user) -> dict`, merged into the home page's context (idempotent)."""
    if function not in _home_context:
        _home_context.append(function)
    return function


def home_context(user) -> dict:
    context: dict = {}
    for function in _home_context:
        context.update(function(user))
    return context
