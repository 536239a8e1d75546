"""What gateway announces to the apps above it (ADR 0016).

Cases sits above gateway: when a supervisor signs off a decision, gateway calls every
callback registered here as callback(decision=..., referral=..., supervisor=...),
synchronously inside the sign-off's transaction, so what they do (cases opens a case for
a Channel, police-led partnership or Cyber Prevent decision) commits or rolls back with
the sign-off. Cases registers in CasesConfig.ready().
"""

from collections.abc import Callable

_signed_off: list[Callable] = []


def on_decision_signed_off(callback: Callable) -> Callable:
    """Register `callback` to run when a decision is signed off (approved; idempotent)."""
    if callback not in _signed_off:
        _signed_off.append(callback)
    return callback


def decision_signed_off_callbacks() -> list[Callable]:
    return list(_signed_off)
