"""Case items on the My work page (core.worklists): my cases, SIO directions, reviews due and,
for supervisors, the team's cases nobody holds. Counts in full, overdue first."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from apps.cases import selectors
from apps.core import access
from apps.core.worklists import WorkList, head_and_counts, register

LIMIT = 10


def _due(day, today) -> str:
    if day < today:
        return f"Overdue: due {day:%-d %B %Y}"
    return f"Due {day:%-d %B %Y}"


def _counted(build, *, user, shape: str):
    """The first LIMIT rows of the list `build()` gives, and how many there are: counted only
    when the rows fill LIMIT; its SQL compiled once per user and day (core.prepared)."""
    rows, count, _ = head_and_counts(build, shown=LIMIT, user=user, shape=shape)
    return rows, count


def _due_counted(build, today, *, user, shape: str):
    """The first LIMIT rows (with a `due_on`), how many there are and how many are overdue."""
    return head_and_counts(
        build,
        shown=LIMIT,
        overdue=lambda row: row.due_on < today,
        overdue_q=Q(due_on__lt=today),
        user=user,
        shape=shape,
    )


@register
def my_cases_work(user) -> WorkList | None:
    if not access.has_capability(user, "cases.change_case"):
        return None
    cases, count = _counted(
        lambda: selectors.my_cases(user=user).order_by("opened_at"), user=user, shape="my cases"
    )
    return WorkList(
        title="Your cases",
        key="cases-mine",
        order=30,
        count=count,
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


def _direction_rows(directions, today, *, with_officer: bool) -> list[dict]:
    return [
        {
            "href": reverse("cases:direction_list", kwargs={"case_id": direction.case_id}),
            "cells": [
                direction.case.reference,
                direction.tactic,
                *([direction.tasked_officer.display_name] if with_officer else []),
                _due(direction.due_on, today),
            ],
            "overdue": direction.due_on < today,
        }
        for direction in directions
    ]


@register
def directions_work(user) -> WorkList | None:
    if not access.has_capability(user, "cases.change_case"):
        return None
    today = timezone.localdate()
    directions, count, overdue = _due_counted(
        lambda: selectors.directions_for_officer(user=user),
        today,
        user=user,
        shape="directions for me",
    )
    return WorkList(
        title="SIO directions for you",
        key="cases-directions",
        order=31,
        count=count,
        overdue=overdue,
        empty_text="No SIO directions are waiting for you.",
        headers=["Case", "Tactic", "Due"],
        rows=_direction_rows(directions, today, with_officer=False),
    )


@register
def sio_directions_work(user) -> WorkList | None:
    if not access.has_capability(user, "cases.direct_case"):
        return None
    today = timezone.localdate()
    directions, count, overdue = _due_counted(
        lambda: selectors.directions_given_by(user=user),
        today,
        user=user,
        shape="directions I gave",
    )
    return WorkList(
        title="Directions you gave, not yet delivered",
        key="cases-sio-directions",
        order=32,
        count=count,
        overdue=overdue,
        empty_text="Every direction you gave has been delivered.",
        headers=["Case", "Tactic", "Officer", "Due"],
        rows=_direction_rows(directions, today, with_officer=True),
    )


@register
def reviews_work(user) -> WorkList | None:
    supervisor = access.has_capability(user, "cases.supervise_case")
    if not (supervisor or access.has_capability(user, "cases.change_case")):
        return None
    today = timezone.localdate()
    reviews, count, overdue = _due_counted(
        lambda: (
            selectors.team_reviews_due(user=user)
            if supervisor
            else selectors.reviews_due_for(user=user)
        ),
        today,
        user=user,
        shape="team reviews due" if supervisor else "reviews due",
    )
    return WorkList(
        title="Team reviews due" if supervisor else "Reviews due",
        key="cases-reviews",
        order=33,
        count=count,
        overdue=overdue,
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
                    review.label,
                    _due(review.due_on, today),
                ],
                "overdue": review.due_on < today,
            }
            for review in reviews
        ],
        link=reverse("work:team") if supervisor else "",
        link_text="Team view" if supervisor else "",
    )


@register
def unallocated_cases_work(user) -> WorkList | None:
    """A supervisor allocates the team's live cases nobody holds (apps.work allocation)."""
    if not access.has_capability(user, "cases.supervise_case"):
        return None
    cases, count = _counted(
        lambda: selectors.unallocated_cases(user=user).order_by("opened_at"),
        user=user,
        shape="cases not allocated",
    )
    return WorkList(
        title="Cases not allocated",
        key="cases-unallocated",
        order=34,
        count=count,
        empty_text="Every live case is allocated.",
        headers=["Case", "Type", "Opened"],
        rows=[
            {
                "href": reverse("cases:case_transfer", kwargs={"case_id": case.pk}),
                "cells": [
                    case.reference,
                    case.get_case_type_display(),
                    f"{case.opened_at:%-d %B %Y}",
                ],
            }
            for case in cases
        ],
    )


@register
def reoffending_checks_work(user) -> WorkList | None:
    """Re-offending checks due within a month or overdue (Cyber Prevent), overdue first."""
    supervisor = access.has_capability(user, "cases.supervise_case")
    if not (supervisor or access.has_capability(user, "cases.change_case")):
        return None
    today = timezone.localdate()
    checks, count, overdue = _due_counted(
        lambda: selectors.checks_due_for(user=user, supervisor=supervisor),
        today,
        user=user,
        shape="team checks due" if supervisor else "checks due",
    )
    if not count:
        return None
    return WorkList(
        title="Re-offending checks due",
        key="cases-checks",
        order=35,
        count=count,
        overdue=overdue,
        empty_text="No re-offending checks are due.",
        headers=["Case", "Check", "Due"],
        rows=[
            {
                "href": reverse(
                    "cases:check_record", kwargs={"case_id": check.case_id, "check_id": check.pk}
                ),
                "cells": [check.case.reference, check.label, _due(check.due_on, today)],
                "overdue": check.due_on < today,
            }
            for check in checks
        ],
    )


@register
def transfers_offered_work(user) -> WorkList | None:
    """Cases another team offers to the supervisor's team, to accept or decline."""
    if not access.has_capability(user, "cases.supervise_case"):
        return None
    transfers, count = _counted(
        lambda: selectors.transfers_offered_to(user=user), user=user, shape="transfers offered"
    )
    if not count:
        return None
    return WorkList(
        title="Cases offered to your team",
        key="cases-transfers",
        order=29,
        count=count,
        urgent=count,
        empty_text="No case is offered to your team.",
        headers=["Case", "Type", "From"],
        rows=[
            {
                "href": reverse("cases:transfer_decide", kwargs={"transfer_id": transfer.pk}),
                "cells": [
                    transfer.case.reference,
                    transfer.case.get_case_type_display(),
                    transfer.from_team.name,
                ],
            }
            for transfer in transfers
        ],
    )
