"""My work for Gateway officers and supervisors: my referrals, the team's unallocated ones,
and the decisions waiting for the supervisor's sign-off (core.worklists)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from apps.core import access
from apps.core.worklists import WorkList, register
from apps.gateway.selectors import decisions_awaiting_sign_off
from apps.referrals.choices import ReferralStatus
from apps.referrals.selectors import gateway_queue, sla_clock
from apps.work import selectors as work_selectors

SHOWN = 10


def _works_referrals(user) -> bool:
    return access.has_capability(user, "referrals.change_referral") and access.has_capability(
        user, "work.add_allocation"
    )


def _with_the_officer(user):
    """Open referrals the officer can act on: a decision awaiting sign-off is the
    supervisor's work, so it leaves the proposer's lists (and appears on the supervisor's)."""
    return gateway_queue(user=user).exclude(status=ReferralStatus.AWAITING_SIGN_OFF)


def _rows(referrals, *, action=None) -> list[dict]:
    rows = []
    for referral in referrals:
        clock = sla_clock(referral)
        row = {
            "href": referral.get_absolute_url(),
            "cells": [referral.reference, referral.get_status_display(), clock["label"]],
            "overdue": clock["remaining"] < 0,
            "urgent": referral.is_urgent,
        }
        if action:
            row["action"] = action(referral)
        rows.append(row)
    return rows


def _summary(queryset) -> dict:
    """How many in all, how many overdue and how many urgent, in one query."""
    return queryset.aggregate(
        count=Count("pk"),
        overdue=Count("pk", filter=Q(due_date__lt=timezone.localdate())),
        urgent=Count("pk", filter=Q(is_urgent=True)),
    )


@register
def my_referrals_work(user) -> WorkList | None:
    """Referrals allocated to me: urgent first, then by Gateway target (overdue first)."""
    if not _works_referrals(user):
        return None
    mine = work_selectors.allocated_to(_with_the_officer(user), officer=user)
    return WorkList(
        key="my-referrals",
        title="My referrals",
        empty_text="No referrals are allocated to you.",
        headers=["Referral", "Stage", "Gateway target"],
        rows=_rows(mine[:SHOWN]),
        link=reverse("referrals:referral_list"),
        link_text="See the whole Gateway queue",
        order=10,
        **_summary(mine),
    )


@register
def unallocated_referrals_work(user) -> WorkList | None:
    """The team's open referrals nobody holds yet, urgent first then by Gateway target,
    each with "Take"."""
    if not _works_referrals(user):
        return None
    unallocated = work_selectors.unallocated_in_team(_with_the_officer(user), user=user)
    home = reverse("core:home")
    return WorkList(
        key="unallocated-referrals",
        title="Unallocated referrals in your team",
        empty_text="Every open referral in your team is allocated.",
        headers=["Referral", "Stage", "Gateway target"],
        rows=_rows(
            unallocated[:SHOWN],
            action=lambda referral: {
                "url": reverse(
                    "work:record_take",
                    kwargs={"record_type": "referral", "record_id": referral.pk},
                )
                + f"?next={home}",
                "label": "Take",
            },
        ),
        order=20,
        **_summary(unallocated),
    )


@register
def sign_off_work(user) -> WorkList | None:
    """Decisions a supervisor may sign off: never the ones they proposed themselves."""
    if not access.has_capability(user, "gateway.sign_off_gatewaydecision"):
        return None
    waiting = decisions_awaiting_sign_off(user=user).exclude(proposed_by=user)
    decisions = list(waiting.order_by("-referral__is_urgent", "referral__due_date")[:SHOWN])
    return WorkList(
        key="sign-off",
        title="Decisions awaiting your sign-off",
        empty_text="No decisions are waiting for sign-off.",
        headers=["Referral", "Proposed outcome", "Proposed by"],
        rows=[
            {
                "href": reverse("gateway:decision_sign_off", args=[decision.pk]),
                "cells": [
                    decision.referral.reference,
                    decision.get_outcome_display(),
                    decision.proposed_by.display_name,
                ],
                "urgent": decision.referral.is_urgent,
            }
            for decision in decisions
        ],
        order=5,
        **waiting.aggregate(
            count=Count("pk"), urgent=Count("pk", filter=Q(referral__is_urgent=True))
        ),
    )
