"""Building a user's ICS feed from the registered calendar sources (references only)."""

import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from apps.core import audit
from apps.documents import registry


def calendar_items(*, user) -> list[registry.CalendarItem]:
    items = []
    for source in registry.calendar_sources():
        items.extend(source(user=user))
    return sorted(items, key=lambda item: str(item.start))


def calendar_build(*, user) -> bytes:
    """The user's items as an iCalendar file; the fetch is recorded as an export."""
    items = calendar_items(user=user)
    calendar = Calendar()
    calendar.add("prodid", "-//Prevent Casework//Work calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Prevent Casework")
    stamp = timezone.now()
    for item in items:
        event = Event()
        event.add("uid", f"{item.uid}@{getattr(settings, 'CALENDAR_UID_DOMAIN', 'prevent')}")
        event.add("dtstamp", stamp)
        event.add("summary", item.summary)
        event.add("dtstart", item.start)
        if item.end is not None:
            event.add("dtend", item.end)
        elif isinstance(item.start, datetime.date) and not isinstance(
            item.start, datetime.datetime
        ):
            event.add("dtend", item.start + datetime.timedelta(days=1))
        if item.description:
            event.add("description", item.description)
        if item.categories:
            event.add("categories", item.categories)
        calendar.add_component(event)
    audit.record(
        audit.EXPORT,
        user=user,
        detail={
            "scope": "calendar feed",
            "format": "ics",
            "result_count": len(items),
            "references": [item.uid for item in items],
        },
    )
    return calendar.to_ical()
