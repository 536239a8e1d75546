"""What follows a person when they are restricted.

A restricted person's open referrals and cases must be restricted too, but people sits
below referrals and cases and may not import them. So those apps register a callback
here in their AppConfig.ready(), and `people.services.person_restrict` calls each one.
Every callback restricts its own records through its own service, audited.
"""

from collections.abc import Callable

# Each callback is called as callback(person=..., officer=..., readers=..., reason=...).
_callbacks: list[Callable] = []


def on_person_restricted(callback: Callable) -> Callable:
    """Register `callback` to run whenever a person is restricted (idempotent)."""
    if callback not in _callbacks:
        _callbacks.append(callback)
    return callback


def person_restricted_callbacks() -> list[Callable]:
    return list(_callbacks)
