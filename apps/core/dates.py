"""When something in Prevent's work happened: not in the future, not before its records began.

A date typed with the wrong year ("0062", "1905" for "2005") is a mistake to refuse with the
field named, not a record to keep: Prevent's case records begin this century.
"""

import datetime

from django.utils import timezone

EARLIEST_RECORD = datetime.date(2000, 1, 1)


def happened_problem(value: datetime.date | datetime.datetime, *, noun: str = "The date") -> str:
    """What is wrong with `value` as the date (or date and time) something happened, or ""."""
    if isinstance(value, datetime.datetime):
        if value > timezone.now():
            return f"{noun} must not be in the future"
        day = value.date()  # in its own offset: a year-1 time cannot be moved to local time
    else:
        if value > timezone.localdate():
            return f"{noun} must be today or in the past"
        day = value
    if day < EARLIEST_RECORD:
        return f"{noun} must be on or after {EARLIEST_RECORD:%-d %B %Y}"
    return ""
