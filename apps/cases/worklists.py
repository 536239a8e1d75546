"""Case items on the My work page: my cases, directions, reviews due, overdue first."""

from django.urls import reverse
from django.utils import timezone

from apps.cases import selectors
from apps.core import access
from apps.core.worklists import WorkList, register

LIMIT = 10


def _due(day, today) -> str:
    if day < today:
        return f"Overdue: due {day:%-d %B %Y}"
    return f"Due {day:%-d %B %Y}"


@register
def my_cases_work(user) -> WorkList | None:
    if not access.has_capability(user, "cases.change_case"):
        return None
    queryset = selectors.my_cases(user=user)
    cases = list(queryset.order_by("opened_at")[:LIMIT])
    count = queryset.count() if len(cases) == LIMIT else len(cases)
    return WorkList(
        title=f"Your cases ({count})",
        empty_text="No live cases are allocated to you.",
        headers=["Case", "Type", "Status"],
        rows=[
            {
                "href": case.get_absolute_url(),
                "cells": [case.reference, case.get_case_type_display(), case.get_status_display()],
            }
            for case in cases
        ],
        link=reverse("cases:case_list") + "?owner=mine&status=live",
        link_text="See all your cases",
    )


@register
def directions_work(user) -> WorkList | None:
    if not access.has_capability(user, "cases.change_case"):
        return None
    today = timezone.localdate()
    queryset = selectors.directions_for_officer(user=user)
    directions = list(queryset[:LIMIT])
    count = queryset.count() if len(directions) == LIMIT else len(directions)
    return WorkList(
        title=f"SIO directions for you ({count})",
        empty_text="No SIO directions are waiting for you.",
        headers=["Case", "Tactic", "Due"],
        rows=[
            {
                "href": reverse("cases:direction_list", kwargs={"case_id": direction.case_id}),
                "cells": [
                    direction.case.reference,
                    direction.tactic,
                    _due(direction.due_on, today),
                ],
            }
            for direction in directions
        ],
    )


@register
def sio_directions_work(user) -> WorkList | None:
    if not access.has_capability(user, "cases.direct_case"):
        return None
    today = timezone.localdate()
    queryset = selectors.directions_given_by(user=user)
    directions = list(queryset[:LIMIT])
    count = queryset.count() if len(directions) == LIMIT else len(directions)
    return WorkList(
        title=f"Directions you gave, not yet delivered ({count})",
        empty_text="Every direction you gave has been delivered.",
        headers=["Case", "Tactic", "Officer", "Due"],
        rows=[
            {
                "href": reverse("cases:direction_list", kwargs={"case_id": direction.case_id}),
                "cells": [
                    direction.case.reference,
                    direction.tactic,
                    direction.tasked_officer.display_name,
                    _due(direction.due_on, today),
                ],
            }
            for direction in directions
        ],
    )


@register
def reviews_work(user) -> WorkList | None:
    supervisor = access.has_capability(user, "cases.supervise_case")
    if not (supervisor or access.has_capability(user, "cases.change_case")):
        return None
    today = timezone.localdate()
    queryset = (
        selectors.team_reviews_due(user=user)
        if supervisor
        else selectors.reviews_due_for(user=user)
    )
    reviews = list(queryset[:LIMIT])
    count = queryset.count() if len(reviews) == LIMIT else len(reviews)
    return WorkList(
        title=f"{'Team reviews' if supervisor else 'Reviews'} due ({count})",
        empty_text="No reviews are due.",
        headers=["Case", "Review", "Due"],
        rows=[
            {
                "href": reverse(
                    "cases:review_record",
                    kwargs={"case_id": review.case_id, "review_id": review.pk},
                ),
                "cells": [
                    review.case.reference,
                    review.get_kind_display(),
                    _due(review.due_on, today),
                ],
            }
            for review in reviews
        ],
        link=reverse("cases:team_view") if supervisor else "",
        link_text="Team view" if supervisor else "",
    )
