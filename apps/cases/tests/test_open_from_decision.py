"""Cases opens a case when gateway announces a signed-off decision (gateway.registry)."""

import pytest

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.cases.models import Case
from apps.cases.services import case_open_for_decision
from apps.cases.tests.factories import SignedOffDecisionFactory
from apps.gateway.registry import decision_signed_off_callbacks
from apps.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_cases_subscribes_to_signed_off_decisions():
    assert case_open_for_decision in decision_signed_off_callbacks()


@pytest.mark.parametrize(
    ("outcome", "case_type"), [("channel", "channel"), ("plp", "plp"), ("cyber", "cyber")]
)
def test_a_channel_plp_or_cyber_decision_opens_a_case_of_that_type(
    team, supervisor, outcome, case_type
):
    person = PersonFactory(team=team)
    decision = SignedOffDecisionFactory(
        outcome=outcome, referral__team=team, referral__person=person
    )
    case = case_open_for_decision(
        decision=decision, referral=decision.referral, supervisor=supervisor
    )
    assert case.case_type == case_type
    assert (case.person, case.referral, case.team) == (person, decision.referral, team)
    assert not case.is_restricted
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(case.pk)).exists()


def test_a_signposted_decision_opens_no_case(team, supervisor):
    decision = SignedOffDecisionFactory(
        outcome="signposted", referral__team=team, referral__person=PersonFactory(team=team)
    )
    assert (
        case_open_for_decision(decision=decision, referral=decision.referral, supervisor=supervisor)
        is None
    )
    assert not Case.objects.exists()


def test_a_decision_on_a_restricted_referral_opens_a_case_restricted_through_case_restrict(
    team, supervisor, sio
):
    decision = SignedOffDecisionFactory(
        referral__team=team, referral__person=PersonFactory(team=team)
    )
    referral = decision.referral
    referral.is_restricted = True
    referral.save()
    referral.access_list.set([sio, supervisor])
    case = case_open_for_decision(decision=decision, referral=referral, supervisor=supervisor)
    case.refresh_from_db()
    assert case.is_restricted
    assert set(case.access_list.all()) == {sio, supervisor}
    restricted = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(case.pk))
    assert restricted.justification == f"Opened from restricted referral {referral.reference}"
