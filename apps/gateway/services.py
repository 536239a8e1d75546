"""Gateway decisions, sign-off and the enquiries log."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.audit.choices import AuditAction
from apps.core import access, audit, dates
from apps.core.references import next_reference
from apps.core.workflow import run_transition
from apps.gateway.choices import Outcome
from apps.gateway.models import Enquiry, GatewayDecision
from apps.gateway.registry import decision_signed_off_callbacks
from apps.reference.models import SupportService
from apps.referrals.models import Referral
from apps.referrals.services import referral_transition


def referral_has_history(referral: Referral) -> bool:
    """A repeat referral: the person has other referrals on record."""
    if referral.person_id is None:
        return False
    return Referral.objects.filter(person_id=referral.person_id).exclude(pk=referral.pk).exists()


def gateway_decision_propose(
    *,
    referral: Referral,
    officer: User,
    outcome: str,
    rationale: str,
    threshold_met: bool,
    history_considered: bool,
    support_service: SupportService | None = None,
) -> GatewayDecision:
    """Record the officer's proposed outcome and send it for sign-off.

    Repeat referrals need history_considered: the Southport review found
    repeats closed in isolation.
    """
    access.require_capability(officer, "gateway.add_gatewaydecision")
    errors = {}
    if not rationale.strip():
        errors["rationale"] = "Explain the reasons for this decision"
    if outcome == Outcome.SIGNPOSTED and support_service is None:
        errors["support_service"] = "Select the service the person is signposted to"
    if referral_has_history(referral) and not history_considered:
        errors["history_considered"] = (
            "This person has earlier referrals: confirm you have considered them"
        )
    if outcome in {Outcome.CHANNEL, Outcome.POLICE_LED_PARTNERSHIP} and not threshold_met:
        errors["threshold_met"] = (
            "Channel and police-led partnership need reasonable grounds to believe the person "
            "is vulnerable to being drawn into terrorism"
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        referral.history_considered = history_considered
        referral_transition(
            referral=referral, officer=officer, step="propose_decision", outcome=outcome
        )
        decision = GatewayDecision(
            referral=referral,
            outcome=outcome,
            support_service=support_service if outcome == Outcome.SIGNPOSTED else None,
            rationale=rationale,
            threshold_met=threshold_met,
            history_considered=history_considered,
            proposed_by=officer,
            created_by=officer,
            updated_by=officer,
        )
        decision.full_clean(exclude=["status"])  # the state machine sets it
        decision.save()
        audit.record(
            AuditAction.CREATE,
            user=officer,
            subject=referral,
            justification=rationale,
            detail={"gateway_decision": str(decision.pk), "outcome": outcome},
        )
    return decision


def gateway_decision_sign_off(
    *, decision: GatewayDecision, supervisor: User, approve: bool, comment: str = ""
) -> GatewayDecision:
    """A supervisor agrees the decision (opening a case if the outcome needs one) or returns it.

    Who may do it, and from which stage, are the decision's declared transitions: a
    supervisor with the referral in reach, never the officer who proposed it.
    """
    with transaction.atomic():
        decision = GatewayDecision.objects.select_for_update().get(pk=decision.pk)
        decision.sign_off_comment = comment
        run_transition(
            decision.sign_off if approve else decision.return_for_more_work,
            user=supervisor,
            wrong_stage="This decision has already been signed off or returned",
            not_ready={"comment": "Say what more is needed before you return it"},
        )
        referral = Referral.objects.select_for_update().get(pk=decision.referral_id)
        referral_transition(
            referral=referral,
            officer=supervisor,
            step="sign_off" if approve else "return_for_more_work",
            outcome=decision.outcome,
        )
        decision.signed_off_by = supervisor
        decision.signed_off_at = timezone.now()
        decision.updated_by = supervisor
        decision.save()
        audit.record(
            AuditAction.SIGN_OFF,
            user=supervisor,
            subject=referral,
            justification=comment,
            detail={"gateway_decision": str(decision.pk), "approved": approve},
        )
        if approve:
            # Cases opens a case for a Channel, PLP or Cyber Prevent decision (gateway.registry).
            for callback in decision_signed_off_callbacks():
                callback(decision=decision, referral=referral, supervisor=supervisor)
    return decision


def enquiry_record(*, officer: User, **fields) -> Enquiry:
    access.require_capability(officer, "gateway.add_enquiry")
    received_at = fields.get("received_at")
    if received_at and (problem := dates.happened_problem(received_at, noun="The time received")):
        raise ValidationError({"received_at": problem})
    with transaction.atomic():
        enquiry = Enquiry(
            reference=next_reference("EQ"),
            team=officer.team,
            created_by=officer,
            updated_by=officer,
            **fields,
        )
        enquiry.full_clean()
        enquiry.save()
        audit.record(AuditAction.CREATE, user=officer, subject=enquiry)
    return enquiry
