"""What referrals needs from the apps above it, registered by them in AppConfig.ready().

Referrals sits below matching and may not import it (ADR 0016). The referral page says at
once whether the person may already be known: matching registers a counter,
counter(user=..., referral=...) -> int, the number of likely matches for a referral not
yet linked to a person.
"""

from collections.abc import Callable

_likely_match_counters: list[Callable] = []


def register_likely_match_counter(counter: Callable) -> Callable:
    if counter not in _likely_match_counters:
        _likely_match_counters.append(counter)
    return counter


def likely_match_count(*, user, referral) -> int | None:
    """The likely matches for the referral, or None when no app counts them."""
    if not _likely_match_counters:
        return None
    return sum(counter(user=user, referral=referral) for counter in _likely_match_counters)
