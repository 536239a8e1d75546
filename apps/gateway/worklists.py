"""Home-page work lists for Gateway officers and supervisors."""

from django.urls import reverse

from apps.core import access
from apps.core.worklists import WorkList, register
from apps.gateway.selectors import decisions_awaiting_sign_off
from apps.referrals.selectors import gateway_queue, sla_clock


@register
def gateway_queue_work(user) -> WorkList | None:
    if not access.has_capability(user, "referrals.change_referral"):
        return None
    referrals = list(gateway_queue(user=user)[:10])
    return WorkList(
        title="Gateway queue",
        empty_text="There are no open referrals.",
        headers=["Referral", "Stage", "Gateway target"],
        rows=[
            {
                "href": referral.get_absolute_url(),
                "cells": [
                    referral.reference,
                    referral.get_status_display(),
                    sla_clock(referral)["label"],
                ],
            }
            for referral in referrals
        ],
        link=reverse("referrals:referral_list"),
        link_text="See the whole queue",
    )


@register
def sign_off_work(user) -> WorkList | None:
    if not access.has_capability(user, "gateway.sign_off_gatewaydecision"):
        return None
    decisions = list(decisions_awaiting_sign_off(user=user).exclude(proposed_by=user)[:10])
    return WorkList(
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
            }
            for decision in decisions
        ],
    )
