"""Reads for the Gateway: de-confliction, decisions and enquiries, access-scoped."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from apps.accounts.models import User
from apps.core import access, audit
from apps.gateway.choices import DecisionStatus
from apps.gateway.models import Enquiry, GatewayDecision
from apps.matching import deconfliction as matching
from apps.matching import presentation
from apps.matching.models import MatchDecision
from apps.referrals.choices import ReferralStatus
from apps.referrals.models import Referral
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


# --- De-confliction ---------------------------------------------------------------------


@dataclass(frozen=True)
class DeconflictionStep:
    """One step of de-confliction as the page shows it: done, next, or waiting on another."""

    number: int
    name: str
    title: str
    status: str  # "completed", "next" or "cannot_start"

    @property
    def anchor(self) -> str:
        return f"step-{self.number}"

    @property
    def status_text(self) -> str:
        return {
            "completed": "Completed",
            "next": "Not yet started",
            "cannot_start": "Cannot start yet",
        }[self.status]


STEP_TITLES = (
    ("match", "Decide who this referral is about"),
    ("check", "Check for live counter-terrorism investigations"),
    ("complete", "Complete de-confliction"),
)


def deconfliction_steps(referral: Referral) -> list[DeconflictionStep]:
    """The three steps in order; only the first one not done can be taken, and only while
    the referral is in de-confliction."""
    finished = referral.status not in (ReferralStatus.RECEIVED, ReferralStatus.DECONFLICTION)
    done = {
        "match": finished or referral.person_id is not None,
        "check": finished or referral.has_live_investigation_check,
        "complete": finished,
    }
    steps, next_found = [], referral.status != ReferralStatus.DECONFLICTION
    for number, (name, title) in enumerate(STEP_TITLES, start=1):
        if done[name]:
            status = "completed"
        elif not next_found:
            status, next_found = "next", True
        else:
            status = "cannot_start"
        steps.append(DeconflictionStep(number, name, title, status))
    return steps


def deconfliction_next_step(referral: Referral) -> str | None:
    """The name of the step the officer can take now, or None."""
    for step in deconfliction_steps(referral):
        if step.status == "next":
            return step.name
    return None


def deconfliction_match_decision(referral: Referral) -> MatchDecision | None:
    """The match decision that stands (the newest); the referral was consulted already."""
    return referral.match_decisions.select_related("person", "decided_by").first()


def deconfliction_candidates(*, user: User, referral: Referral) -> dict:
    """Possible matches for the referral's subject, recorded as one search.

    The search event keeps the referral's reference as its terms and the references
    returned, not the subject's name, date of birth or address (ADR 0023). A person
    created from this referral ("None of these") is never its own candidate.
    """
    created = {
        str(person_id)
        for person_id in referral.match_decisions.filter(
            decision=MatchDecision.Decision.CREATED_NEW
        ).values_list("person_id", flat=True)
    }
    found = matching.match_candidates_for_record(
        user=user,
        record=matching.referral_match_record(referral),
        scope="de-confliction",
        terms={"referral": referral.reference},
        exclude=created,
    )
    return {
        "candidates": found["people"],
        "people": [presentation.describe(candidate) for candidate in found["people"]],
        "external": [presentation.describe(candidate) for candidate in found["external"]],
    }
