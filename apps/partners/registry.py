"""What partners needs from the apps above it, registered by them in AppConfig.ready().

A provider's current allocations are support plans in the interventions (cases) app,
which sits above partners and may not be imported here (ADR 0016, ADR 0020). That app
registers a counter: `counter(provider_ids=[...]) -> {provider_id: count}`, the number of
people the provider currently supports. Partners adds up every registered counter; with
none registered, every provider has 0 current allocations.
"""

from collections.abc import Callable, Iterable

_allocation_counters: list[Callable] = []


def register_allocation_counter(counter: Callable) -> Callable:
    """Register `counter(provider_ids=...) -> {provider_id: int}` (idempotent)."""
    if counter not in _allocation_counters:
        _allocation_counters.append(counter)
    return counter


def unregister_allocation_counter(counter: Callable) -> None:
    """Remove a counter (tests)."""
    if counter in _allocation_counters:
        _allocation_counters.remove(counter)


def current_allocations(provider_ids: Iterable) -> dict:
    """Each provider's current allocations, summed over the registered counters."""
    ids = list(provider_ids)
    totals = dict.fromkeys(ids, 0)
    for counter in _allocation_counters:
        for provider_id, count in (counter(provider_ids=ids) or {}).items():
            if provider_id in totals:
                totals[provider_id] += int(count)
    return totals
