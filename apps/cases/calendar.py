"""The case items of a user's ICS feed (documents.registry, ADR 0022): the case reviews due on
the cases they hold, the SIO directions they are tasked with (and, for an SIO, those they
gave) and the re-offending checks due on the cases they hold.

References only, never a name, a tactic or any other free text: a calendar is read on phones
and shared screens. Every item comes through the user's own access decision (the selectors
narrow by `case_list(user=...)`), so a restricted case's items leave the feed at once.
"""

from apps.cases import selectors
from apps.core import access
from apps.documents.registry import CalendarItem


def case_calendar(*, user) -> list[CalendarItem]:
    """The user's dated case work, by reference."""
    if not access.has_capability(user, "cases.view_case"):
        return []
    items = [
        CalendarItem(
            uid=f"case-review-{review.pk}",
            summary=f"{review.label} due: case {review.case.reference}",
            start=review.due_on,
            description=f"Case {review.case.reference}",
            categories=["Case review"],
        )
        for review in selectors.reviews_due_for(user=user)
    ]
    directions = {
        direction.pk: direction for direction in selectors.directions_for_officer(user=user)
    }
    if access.has_capability(user, "cases.direct_case"):
        for direction in selectors.directions_given_by(user=user):
            directions.setdefault(direction.pk, direction)
    items += [
        CalendarItem(
            uid=f"case-direction-{direction.pk}",
            summary=f"SIO direction due: case {direction.case.reference} "
            f"({direction.get_priority_display().lower()} priority)",
            start=direction.due_on,
            description=f"Case {direction.case.reference}",
            categories=["SIO direction"],
        )
        for direction in directions.values()
    ]
    items += [
        CalendarItem(
            uid=f"case-check-{check.pk}",
            summary=f"{check.title} due: case {check.case.reference}",
            start=check.due_on,
            description=f"Case {check.case.reference}",
            categories=["Re-offending check"],
        )
        for check in selectors.checks_for_calendar(user=user)
    ]
    return items
