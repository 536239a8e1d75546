"""The decision form opens only at the Gateway assessment stage; elsewhere the officer
is sent back to the referral with the reason in words (issue 9, item 11)."""

import pytest
from django.urls import reverse

from apps.gateway.models import GatewayDecision
from apps.gateway.tests.factories import AwaitingSignOffDecisionFactory
from apps.referrals.tests.factories import (
    AssessmentReferralFactory,
    DeconflictionReferralFactory,
    ReceivedReferralFactory,
)

pytestmark = pytest.mark.django_db


def decision_url(referral) -> str:
    return reverse("gateway:decision_create", args=[referral.pk])


@pytest.mark.parametrize(
    ("factory", "stage"),
    [(ReceivedReferralFactory, "Received"), (DeconflictionReferralFactory, "De-confliction")],
)
def test_the_decision_form_does_not_load_before_de_confliction_is_complete(
    client, gateway_officer, team, factory, stage
):
    referral = factory(team=team)
    client.force_login(gateway_officer)
    response = client.get(decision_url(referral))
    assert response.status_code == 302
    assert response.url == referral.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert f"This referral is at the {stage} stage. Complete de-confliction first" in page
    assert "Gateway assessment stage" in page
    assert "deconfliction&#x27;" not in page
    assert "'deconfliction'" not in page


def test_a_decision_posted_before_de_confliction_is_complete_is_not_recorded(
    client, gateway_officer, team
):
    referral = DeconflictionReferralFactory(team=team)
    client.force_login(gateway_officer)
    response = client.post(
        decision_url(referral),
        {"outcome": "no_further_action", "threshold_met": "no", "rationale": "Synthetic."},
    )
    assert response.status_code == 302
    assert response.url == referral.get_absolute_url()
    assert not GatewayDecision.objects.exists()


def test_the_decision_form_does_not_load_once_a_decision_awaits_sign_off(
    client, gateway_officer, team
):
    decision = AwaitingSignOffDecisionFactory(referral__team=team)
    client.force_login(gateway_officer)
    response = client.get(decision_url(decision.referral), follow=True)
    page = response.content.decode()
    assert "at the Decision awaiting sign-off stage" in page
    assert "cannot be recorded now" in page
    assert 'name="rationale"' not in page


def test_the_decision_form_loads_at_the_gateway_assessment_stage(client, gateway_officer, team):
    referral = AssessmentReferralFactory(team=team)
    client.force_login(gateway_officer)
    response = client.get(decision_url(referral))
    assert response.status_code == 200
    assert 'name="rationale"' in response.content.decode()
