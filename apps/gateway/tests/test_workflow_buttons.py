"""Each workflow button shows exactly when its transition is open to the user looking.

Right role and stage: the button. Wrong role, or wrong stage: no button. The pages ask
the state machine (core.workflow.available_transitions), never the status string.
"""

import pytest
from django.urls import reverse

from apps.core.workflow import available_transitions
from apps.gateway.tests.factories import (
    AwaitingSignOffDecisionFactory,
    ReturnedDecisionFactory,
    SignedOffDecisionFactory,
)
from apps.people.tests.factories import PersonFactory
from apps.referrals.tests.factories import (
    AssessmentReferralFactory,
    DeconflictionReferralFactory,
    ReceivedReferralFactory,
)

pytestmark = pytest.mark.django_db

# The referral page's buttons, by the transition each one leads to.
REFERRAL_BUTTONS = {
    "begin_deconfliction": "Start de-confliction",
    "complete_deconfliction": "Continue de-confliction",
    "propose_decision": "Record Gateway decision",
}
SIGN_OFF_LINK = "Sign off or return"
COMPLETE_BUTTON = '<input type="hidden" name="form" value="complete">'


def buttons_on(client, url) -> set[str]:
    page = client.get(url)
    assert page.status_code == 200
    content = page.content.decode()
    return {label for label in REFERRAL_BUTTONS.values() if label in content}


@pytest.mark.parametrize(
    ("factory", "user_fixture", "expected"),
    [
        (ReceivedReferralFactory, "gateway_officer", {"Start de-confliction"}),
        (DeconflictionReferralFactory, "gateway_officer", {"Continue de-confliction"}),
        (AssessmentReferralFactory, "gateway_officer", {"Record Gateway decision"}),
        (AssessmentReferralFactory, "supervisor", {"Record Gateway decision"}),
        # Wrong role: a Prevent officer only reads referrals; an SIO may change one
        # (the live-investigation check) but never proposes a Gateway decision.
        (ReceivedReferralFactory, "colleague", set()),
        (AssessmentReferralFactory, "colleague", set()),
        (AssessmentReferralFactory, "sio", set()),
    ],
)
def test_the_referral_page_offers_the_next_step_to_those_who_may_take_it(
    request, client, team, factory, user_fixture, expected
):
    user = request.getfixturevalue(user_fixture)
    referral = factory(team=team)
    client.force_login(user)
    shown = buttons_on(client, referral.get_absolute_url())
    assert shown == expected
    allowed = available_transitions(referral, user=user).allowed
    assert shown == {REFERRAL_BUTTONS[name] for name in allowed if name in REFERRAL_BUTTONS}


@pytest.mark.parametrize("user_fixture", ["gateway_officer", "supervisor"])
def test_a_referral_awaiting_sign_off_or_decided_offers_no_step_button(
    request, client, team, gateway_officer, user_fixture
):
    client.force_login(request.getfixturevalue(user_fixture))
    for factory in (AwaitingSignOffDecisionFactory, SignedOffDecisionFactory):
        decision = factory(referral__team=team, proposed_by=gateway_officer)
        assert buttons_on(client, decision.referral.get_absolute_url()) == set()


def test_a_returned_decision_puts_the_decision_button_back(client, team, gateway_officer):
    decision = ReturnedDecisionFactory(referral__team=team, proposed_by=gateway_officer)
    client.force_login(gateway_officer)
    assert buttons_on(client, decision.referral.get_absolute_url()) == {"Record Gateway decision"}


@pytest.mark.parametrize(
    ("user_fixture", "link_shown"),
    [("supervisor", True), ("gateway_officer", False), ("colleague", False)],
)
def test_the_sign_off_link_shows_only_to_a_supervisor_who_did_not_propose_it(
    request, client, team, gateway_officer, user_fixture, link_shown
):
    decision = AwaitingSignOffDecisionFactory(referral__team=team, proposed_by=gateway_officer)
    client.force_login(request.getfixturevalue(user_fixture))
    page = client.get(decision.referral.get_absolute_url()).content.decode()
    # Everyone who can see the referral reads that a decision waits for sign-off.
    assert "awaiting sign-off" in page
    assert (SIGN_OFF_LINK in page) is link_shown


def test_the_proposing_supervisor_gets_no_sign_off_link(client, team, supervisor):
    decision = AwaitingSignOffDecisionFactory(referral__team=team, proposed_by=supervisor)
    client.force_login(supervisor)
    assert SIGN_OFF_LINK not in client.get(decision.referral.get_absolute_url()).content.decode()


@pytest.mark.parametrize("factory", [SignedOffDecisionFactory, ReturnedDecisionFactory])
def test_a_finished_decision_has_no_sign_off_link(
    client, team, gateway_officer, supervisor, factory
):
    decision = factory(referral__team=team, proposed_by=gateway_officer)
    client.force_login(supervisor)
    page = client.get(decision.referral.get_absolute_url()).content.decode()
    assert SIGN_OFF_LINK not in page
    assert "awaiting sign-off" not in page


# The sign-off page -------------------------------------------------------------------


def sign_off_url(decision) -> str:
    return reverse("gateway:decision_sign_off", args=[decision.pk])


def test_the_sign_off_page_offers_the_form_to_a_supervisor(
    client, team, gateway_officer, supervisor
):
    decision = AwaitingSignOffDecisionFactory(referral__team=team, proposed_by=gateway_officer)
    client.force_login(supervisor)
    page = client.get(sign_off_url(decision)).content.decode()
    assert "Record sign-off" in page


def test_the_sign_off_page_refuses_another_officer(client, team, gateway_officer, make_user):
    decision = AwaitingSignOffDecisionFactory(referral__team=team, proposed_by=gateway_officer)
    client.force_login(make_user("gateway_officer", username="another.officer"))
    assert client.get(sign_off_url(decision)).status_code == 403


def test_the_sign_off_page_refuses_the_supervisor_who_proposed_it(client, team, supervisor):
    decision = AwaitingSignOffDecisionFactory(referral__team=team, proposed_by=supervisor)
    client.force_login(supervisor)
    assert client.get(sign_off_url(decision)).status_code == 403


@pytest.mark.parametrize("factory", [SignedOffDecisionFactory, ReturnedDecisionFactory])
def test_the_sign_off_page_of_a_finished_decision_says_so_without_a_form(
    client, team, gateway_officer, supervisor, factory
):
    decision = factory(referral__team=team, proposed_by=gateway_officer)
    client.force_login(supervisor)
    page = client.get(sign_off_url(decision)).content.decode()
    assert "This decision has already been signed off or returned" in page
    assert "Record sign-off" not in page


# The de-confliction page -------------------------------------------------------------


@pytest.mark.parametrize(
    ("factory", "linked", "checked", "shown"),
    [
        (DeconflictionReferralFactory, True, True, True),
        (DeconflictionReferralFactory, True, False, False),
        (DeconflictionReferralFactory, False, True, False),
        # Wrong stage: already assessed, with person and check in place.
        (AssessmentReferralFactory, True, True, False),
    ],
)
def test_complete_deconfliction_shows_only_when_it_can_be_completed(
    client, team, gateway_officer, factory, linked, checked, shown
):
    referral = factory(
        team=team,
        person=PersonFactory(team=team) if linked else None,
        live_investigation_check="no_trace" if checked else "not_done",
    )
    client.force_login(gateway_officer)
    page = client.get(reverse("gateway:deconfliction", args=[referral.pk])).content.decode()
    assert (COMPLETE_BUTTON in page) is shown
    ready = available_transitions(referral, user=gateway_officer).ready
    assert ("complete_deconfliction" in ready) is shown
