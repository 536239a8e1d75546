"""Reads for the Gateway: decisions and enquiries, access-scoped."""

from django.db.models import QuerySet
from django.http import Http404

from apps.accounts.models import User
from apps.core import access, audit
from apps.gateway.choices import DecisionStatus
from apps.gateway.models import Enquiry, GatewayDecision
from apps.referrals.selectors import (
    referral_hidden_history_count,
    referral_history_for_person,
    referral_list,
    referral_people_shown,
)


def gateway_decision_get(*, user: User, decision_id) -> GatewayDecision:
    decision = (
        GatewayDecision.objects.select_related(
            "referral__person", "referral__concern_type", "proposed_by", "support_service"
        )
        .filter(pk=decision_id)
        .first()
    )
    if decision is None:
        raise Http404
    access.require(user, access.VIEW, decision.referral)
    audit.record_view(user=user, subject=decision.referral)
    return decision


def decision_sign_off_context(*, user: User, decision: GatewayDecision) -> dict:
    """What the supervisor weighs at sign-off: the person, their history, the match decision.

    `decision` comes from gateway_decision_get, which recorded the consultation; these
    reads record nothing more. A person the supervisor may not see (restricted, and the
    supervisor not on its access list) is not named, and neither is their history.
    """
    referral = decision.referral
    referral_people_shown(user=user, referrals=[referral])
    hidden = referral.person_hidden
    return {
        "person": None if hidden or referral.person_id is None else referral.person,
        "person_hidden": hidden,
        "history": [] if hidden else referral_history_for_person(user=user, referral=referral),
        "hidden_history": 0
        if hidden
        else referral_hidden_history_count(referral=referral, user=user),
        # The latest match decision is the one that stands (MatchDecision orders newest first).
        "match_decision": None
        if hidden
        else referral.match_decisions.select_related("decided_by").first(),
    }


def decisions_awaiting_sign_off(*, user: User) -> QuerySet[GatewayDecision]:
    return GatewayDecision.objects.filter(
        status=DecisionStatus.AWAITING_SIGN_OFF, referral__in=referral_list(user=user)
    ).select_related("referral", "proposed_by")


def enquiry_list(*, user: User) -> QuerySet[Enquiry]:
    return access.restrict(Enquiry.objects.all(), user=user)
