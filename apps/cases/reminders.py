"""Reminders for case work due and overdue, sent once each by work's scheduled check
(`manage.py send_reminders`, work.registry.register_reminders). References only."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from apps.cases.choices import OUTSTANDING_DIRECTION_STATUSES, CheckStatus, ReviewStatus
from apps.cases.models import Case, Direction, ReoffendingCheck, Review
from apps.work.models import Allocation
from apps.work.registry import Reminder


def case_reminders(*, today: datetime.date) -> list[Reminder]:
    """SIO directions due or overdue (to the officer tasked); reviews due or overdue (to the
    officer holding the case); re-offending checks due or overdue (to the same officer)."""
    reminders = []
    directions = Direction.objects.filter(
        status__in=OUTSTANDING_DIRECTION_STATUSES, due_on__lte=today
    ).select_related("case")
    for direction in directions.iterator():
        kind = "overdue" if direction.due_on < today else "due"
        reminders.append(
            Reminder(
                key=f"case-direction-{kind}:{direction.pk}:{direction.due_on.isoformat()}",
                recipient_id=direction.tasked_officer_id,
                subject=f"SIO direction {kind}" if kind == "overdue" else "SIO direction due today",
                body=f"A direction on case {direction.case.reference} is {kind}.",
                link=reverse("cases:direction_list", kwargs={"case_id": direction.case_id}),
            )
        )
    holders = dict(
        Allocation.objects.filter(content_type=ContentType.objects.get_for_model(Case)).values_list(
            "object_id", "officer_id"
        )
    )
    reviews = Review.objects.filter(status=ReviewStatus.DUE, due_on__lte=today).select_related(
        "case"
    )
    for review in reviews.iterator():
        holder = holders.get(review.case_id)
        if holder is None:
            continue
        kind = "overdue" if review.due_on < today else "due"
        reminders.append(
            Reminder(
                key=f"case-review-{kind}:{review.pk}:{review.due_on.isoformat()}",
                recipient_id=holder,
                subject="Case review overdue" if kind == "overdue" else "Case review due today",
                body=f"A review of case {review.case.reference} is {kind}.",
                link=reverse("cases:review_list", kwargs={"case_id": review.case_id}),
            )
        )
    checks = ReoffendingCheck.objects.filter(
        status=CheckStatus.DUE, due_on__lte=today
    ).select_related("case")
    for check in checks.iterator():
        holder = holders.get(check.case_id)
        if holder is None:
            continue
        kind = "overdue" if check.due_on < today else "due"
        reminders.append(
            Reminder(
                key=f"case-check-{kind}:{check.pk}:{check.due_on.isoformat()}",
                recipient_id=holder,
                subject="Re-offending check overdue"
                if kind == "overdue"
                else "Re-offending check due today",
                body=f"A re-offending check on case {check.case.reference} is {kind}.",
                link=reverse("cases:check_list", kwargs={"case_id": check.case_id}),
            )
        )
    return reminders
