"""Other apps move a referral on only through referrals.services.referral_transition."""

import pytest
from django.core.exceptions import ValidationError

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.referrals.services import referral_transition
from apps.referrals.tests.factories import DeconflictionReferralFactory, ReceivedReferralFactory

pytestmark = pytest.mark.django_db


def test_a_declared_step_moves_the_referral_on_and_is_audited(gateway_officer, team):
    referral = ReceivedReferralFactory(team=team)
    referral_transition(
        referral=referral, officer=gateway_officer, step="begin_deconfliction", by="test"
    )
    referral.refresh_from_db()
    assert referral.status == "deconfliction"
    event = AuditEvent.objects.get(action=AuditAction.TRANSITION, object_id=str(referral.pk))
    assert event.changes == {"status": {"old": "received", "new": "deconfliction"}}
    assert event.detail == {"step": "begin_deconfliction", "by": "test"}


def test_a_name_that_is_not_a_workflow_step_is_refused(gateway_officer, team):
    referral = ReceivedReferralFactory(team=team)
    with pytest.raises(ValueError, match="not a referral workflow step"):
        referral_transition(referral=referral, officer=gateway_officer, step="save")


def test_a_step_whose_conditions_are_unmet_says_what_is_missing(gateway_officer, team):
    referral = DeconflictionReferralFactory(team=team)
    with pytest.raises(ValidationError, match="Link the person first"):
        referral_transition(
            referral=referral,
            officer=gateway_officer,
            step="complete_deconfliction",
            not_ready="Link the person first",
        )
    referral.refresh_from_db()
    assert referral.status == "deconfliction"
    assert not AuditEvent.objects.filter(action=AuditAction.TRANSITION).exists()


def test_a_step_from_the_wrong_stage_names_the_stage_by_its_label(gateway_officer, team):
    referral = DeconflictionReferralFactory(team=team)
    with pytest.raises(ValidationError) as refused:
        referral_transition(referral=referral, officer=gateway_officer, step="propose_decision")
    message = " ".join(refused.value.messages)
    assert "at the De-confliction stage" in message
    assert "deconfliction" not in message
