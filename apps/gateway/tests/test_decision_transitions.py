"""A Gateway decision's own state machine: who may sign it off or return it, and when."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.core.workflow import available_transitions
from apps.gateway import services
from apps.gateway.choices import DecisionStatus
from apps.gateway.tests.factories import (
    AwaitingSignOffDecisionFactory,
    ReturnedDecisionFactory,
    SignedOffDecisionFactory,
)
from apps.referrals.choices import ReferralStatus

pytestmark = pytest.mark.django_db

BOTH = {"sign_off", "return_for_more_work"}


@pytest.fixture
def awaiting(team, gateway_officer):
    return AwaitingSignOffDecisionFactory(referral__team=team, proposed_by=gateway_officer)


def test_a_supervisor_in_the_team_may_sign_off_or_return_an_awaiting_decision(awaiting, supervisor):
    transitions = available_transitions(awaiting, user=supervisor)
    assert transitions.possible == transitions.allowed == BOTH
    # Returning needs a comment saying what more is needed.
    assert transitions.ready == {"sign_off"}


@pytest.mark.parametrize("role_fixture", ["gateway_officer", "colleague", "analyst", "sio"])
def test_other_roles_may_take_neither_step(request, awaiting, role_fixture):
    transitions = available_transitions(awaiting, user=request.getfixturevalue(role_fixture))
    assert transitions.possible == BOTH
    assert transitions.allowed == frozenset()
    assert transitions.refused("sign_off")


def test_a_supervisor_may_not_sign_off_the_decision_they_proposed(team, supervisor):
    decision = AwaitingSignOffDecisionFactory(referral__team=team, proposed_by=supervisor)
    assert available_transitions(decision, user=supervisor).allowed == frozenset()
    with pytest.raises(PermissionDenied):
        services.gateway_decision_sign_off(decision=decision, supervisor=supervisor, approve=True)


def test_a_supervisor_in_another_team_may_not_sign_off(awaiting, make_user, other_team):
    stranger = make_user("supervisor", username="other.supervisor", team=other_team)
    assert available_transitions(awaiting, user=stranger).allowed == frozenset()
    with pytest.raises(PermissionDenied):
        services.gateway_decision_sign_off(decision=awaiting, supervisor=stranger, approve=True)


@pytest.mark.parametrize("factory", [SignedOffDecisionFactory, ReturnedDecisionFactory])
def test_a_finished_decision_has_no_next_step(team, gateway_officer, supervisor, factory):
    decision = factory(referral__team=team, proposed_by=gateway_officer)
    assert available_transitions(decision, user=supervisor).possible == frozenset()


@pytest.mark.parametrize("approve", [True, False])
@pytest.mark.parametrize("factory", [SignedOffDecisionFactory, ReturnedDecisionFactory])
def test_signing_off_or_returning_a_finished_decision_is_refused(
    team, gateway_officer, supervisor, factory, approve
):
    decision = factory(referral__team=team, proposed_by=gateway_officer)
    status = decision.status
    with pytest.raises(ValidationError, match="already been signed off or returned") as error:
        services.gateway_decision_sign_off(
            decision=decision, supervisor=supervisor, approve=approve, comment="Once more."
        )
    assert error.value.code == "invalid_stage"
    decision.refresh_from_db()
    assert decision.status == status
    assert decision.signed_off_by is None


def test_returning_without_a_comment_names_the_comment_field(awaiting, supervisor):
    with pytest.raises(ValidationError) as error:
        services.gateway_decision_sign_off(decision=awaiting, supervisor=supervisor, approve=False)
    assert error.value.message_dict == {"comment": ["Say what more is needed before you return it"]}
    awaiting.refresh_from_db()
    assert awaiting.status == DecisionStatus.AWAITING_SIGN_OFF


def test_signing_off_moves_the_decision_and_its_referral_on(awaiting, supervisor):
    services.gateway_decision_sign_off(decision=awaiting, supervisor=supervisor, approve=True)
    awaiting.refresh_from_db()
    assert awaiting.status == DecisionStatus.SIGNED_OFF
    assert awaiting.signed_off_by == supervisor
    awaiting.referral.refresh_from_db()
    assert awaiting.referral.status == ReferralStatus.DECIDED


def test_returning_moves_the_decision_to_returned_and_the_referral_back(awaiting, supervisor):
    services.gateway_decision_sign_off(
        decision=awaiting, supervisor=supervisor, approve=False, comment="Ask the school."
    )
    awaiting.refresh_from_db()
    assert awaiting.status == DecisionStatus.RETURNED
    assert awaiting.sign_off_comment == "Ask the school."
    awaiting.referral.refresh_from_db()
    assert awaiting.referral.status == ReferralStatus.ASSESSMENT


def test_the_status_cannot_be_set_around_the_state_machine(awaiting):
    with pytest.raises(AttributeError, match="Direct status modification is not allowed"):
        awaiting.status = DecisionStatus.SIGNED_OFF


def test_the_referral_offers_sign_off_to_the_same_supervisors_as_its_decision(
    team, gateway_officer, supervisor, make_user
):
    proposer = make_user("supervisor", username="proposing.supervisor")
    decision = AwaitingSignOffDecisionFactory(referral__team=team, proposed_by=proposer)
    for user in (supervisor, proposer, gateway_officer):
        on_referral = available_transitions(decision.referral, user=user).allowed
        on_decision = available_transitions(decision, user=user).allowed
        assert on_referral == on_decision, user.username
    assert available_transitions(decision.referral, user=supervisor).allowed == BOTH
