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


# --- Feedback to the referrer --------------------------------------------------------------
# The outcome of a referral is a Gateway decision, which referrals may not import. Gateway
# registers wording(referral=...) -> str | None: the signed-off outcome in words fit for a
# partner (never the rationale), which the feedback page offers for the officer to edit.
_feedback_wordings: list[Callable] = []


def register_feedback_wording(wording: Callable) -> Callable:
    if wording not in _feedback_wordings:
        _feedback_wordings.append(wording)
    return wording


def feedback_wording(*, referral) -> str:
    """The suggested feedback for a decided referral, or "" when no app words it."""
    for wording in _feedback_wordings:
        text = wording(referral=referral)
        if text:
            return text
    return ""


# --- Where a referral came from -------------------------------------------------------------
# A referral may start life as another app's record (a Cyber Prevent anonymous enquiry).
# Such apps register origin(user=..., referral=...) -> dict | None: {"text": ..., "url": ...}
# (url "" when the user may not open it), shown on the referral page.
_origins: list[Callable] = []


def register_referral_origin(origin: Callable) -> Callable:
    if origin not in _origins:
        _origins.append(origin)
    return origin


def referral_origins(*, user, referral) -> list[dict]:
    """What the referral came from, as each registered app words it."""
    found = (origin(user=user, referral=referral) for origin in _origins)
    return [item for item in found if item]
