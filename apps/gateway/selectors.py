"""Reads for the Gateway: decisions and enquiries, access-scoped."""

from django.db.models import QuerySet
from django.http import Http404

from apps.accounts.models import User
from apps.core import access, audit
from apps.gateway.choices import DecisionStatus
from apps.gateway.models import Enquiry, GatewayDecision
from apps.referrals.selectors import referral_list


def gateway_decision_get(*, user: User, decision_id) -> GatewayDecision:
    decision = (
        GatewayDecision.objects.select_related("referral", "proposed_by", "support_service")
        .filter(pk=decision_id)
        .first()
    )
    if decision is None:
        raise Http404
    access.require(user, access.VIEW, decision.referral)
    audit.record_view(user=user, subject=decision.referral)
    return decision


def decisions_awaiting_sign_off(*, user: User) -> QuerySet[GatewayDecision]:
    return GatewayDecision.objects.filter(
        status=DecisionStatus.AWAITING_SIGN_OFF, referral__in=referral_list(user=user)
    ).select_related("referral", "proposed_by")


def enquiry_list(*, user: User) -> QuerySet[Enquiry]:
    return access.restrict(Enquiry.objects.all(), user=user)
