"""Outcome measures due on the My work page (core.worklists), for Cyber Prevent officers (the
cases they hold) and their supervisors (the team's cases): overdue first, counted in full."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.core import access
from apps.core.worklists import WorkList, register
from apps.cyber_impact import selectors

LIMIT = 10


def _due(day, today) -> str:
    if day < today:
        return f"Overdue: due {day:%-d %B %Y}"
    return f"Due {day:%-d %B %Y}"


@register
def outcome_measures_work(user: User) -> WorkList | None:
    """Outcome measures due (at intervention end, 6, 12 and 24 months) and not yet recorded."""
    if not selectors.is_cyber_worker(user):
        return None
    supervisor = access.has_capability(user, "cases.supervise_case")
    today = timezone.localdate()
    due = selectors.measures_due_for(user=user, supervisor=supervisor)
    return WorkList(
        title="Outcome measures due",
        key="cyber-measures",
        order=36,
        count=len(due),
        overdue=sum(1 for item in due if item.due_on < today),
        empty_text="No outcome measure is due.",
        headers=["Case", "Intervention", "When", "Due"],
        rows=[
            {
                "href": reverse(
                    "cyber_impact:measure_create", kwargs={"case_id": item.intervention.case_id}
                )
                + "?"
                + urlencode({"intervention": item.intervention.pk, "point": item.point}),
                "cells": [
                    item.intervention.case.reference,
                    f"{item.intervention.reference} ({item.intervention.intervention_type.name})",
                    item.point_label,
                    _due(item.due_on, today),
                ],
                "overdue": item.due_on < today,
            }
            for item in due[:LIMIT]
        ],
    )
