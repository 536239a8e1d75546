"""The sign-off page shows what the supervisor weighs: concern, person, history, de-confliction.

A person the supervisor may not see is never named there; the proposer never gets the page.
"""

import datetime

import pytest
from django.urls import reverse

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.gateway.choices import Outcome
from apps.gateway.tests.factories import AwaitingSignOffDecisionFactory, SignedOffDecisionFactory
from apps.matching.models import MatchDecision
from apps.reference.models import ConcernType

pytestmark = pytest.mark.django_db


def sign_off_url(decision) -> str:
    return reverse("gateway:decision_sign_off", args=[decision.pk])


@pytest.fixture
def decision(team, gateway_officer):
    decision = AwaitingSignOffDecisionFactory(
        referral__team=team,
        referral__concern="Synthetic concern: shares extreme material in class.",
        referral__date_received=datetime.date(2026, 3, 14),
        referral__concern_type=ConcernType.objects.get(scheme="2024/25", code="no-ideology"),
        proposed_by=gateway_officer,
        history_considered=False,
    )
    MatchDecision.objects.create(
        referral=decision.referral,
        person=decision.referral.person,
        decision=MatchDecision.Decision.LINKED_EXISTING,
        reason="Synthetic reason: same date of birth and school.",
        decided_by=gateway_officer,
    )
    return decision


def page_for(client, user, decision) -> str:
    client.force_login(user)
    response = client.get(sign_off_url(decision))
    assert response.status_code == 200
    return response.content.decode()


def test_the_sign_off_page_shows_the_concern_by_its_label_and_the_date_in_words(
    client, supervisor, decision
):
    page = page_for(client, supervisor, decision)
    assert "Synthetic concern: shares extreme material in class." in page
    assert decision.referral.concern_type.name in page
    assert "14 March 2026" in page
    assert "2026-03-14" not in page


def test_the_sign_off_page_names_the_person_the_supervisor_may_see(client, supervisor, decision):
    person = decision.referral.person
    page = page_for(client, supervisor, decision)
    assert person.reference in page
    assert person.full_name in page


def test_the_sign_off_page_shows_the_match_decision_and_the_live_investigation_check(
    client, supervisor, decision
):
    page = page_for(client, supervisor, decision)
    assert "Linked to an existing person" in page
    assert "Synthetic reason: same date of birth and school." in page
    # The check by its label, never its code.
    assert "No trace" in page
    assert "no_trace" not in page


def test_the_sign_off_page_lists_earlier_referrals_with_their_outcomes(
    client, team, supervisor, gateway_officer, decision
):
    earlier = SignedOffDecisionFactory(
        referral__team=team,
        referral__person=decision.referral.person,
        referral__date_received=datetime.date(2025, 6, 2),
        outcome=Outcome.NO_FURTHER_ACTION,
        rationale="Synthetic earlier rationale.",
        proposed_by=gateway_officer,
    )
    page = page_for(client, supervisor, decision)
    assert earlier.referral.reference in page
    assert "2 June 2025" in page
    assert earlier.get_outcome_display() in page
    assert "Synthetic earlier rationale." in page
    assert "No earlier referrals" not in page


def test_without_earlier_referrals_the_page_never_says_history_considered_no(
    client, supervisor, decision
):
    page = page_for(client, supervisor, decision)
    assert "No earlier referrals" in page
    considered = page.split('data-testid="history-considered">')[1].split("<")[0]
    assert considered == "No earlier referrals"


def test_the_proposer_sees_no_sign_off_link_and_is_refused_the_page(
    client, gateway_officer, decision
):
    client.force_login(gateway_officer)
    referral_page = client.get(decision.referral.get_absolute_url()).content.decode()
    assert "Sign off or return" not in referral_page
    response = client.get(sign_off_url(decision))
    assert response.status_code == 403
    assert "Record sign-off" not in response.content.decode()


def test_a_restricted_person_the_supervisor_is_not_listed_for_is_never_shown(
    client, team, supervisor, make_user, gateway_officer, decision
):
    person = decision.referral.person
    SignedOffDecisionFactory(
        referral__team=team,
        referral__person=person,
        rationale="Synthetic earlier rationale.",
        proposed_by=gateway_officer,
    )
    person.is_restricted = True
    # A name no page text contains (a generated "Chang" would be found in "Change password").
    person.family_name = "Quillfeather"
    person.save(update_fields=["is_restricted", "family_name"])
    person.access_list.set([make_user("sio", username="trace.sio")])
    page = page_for(client, supervisor, decision)
    assert person.reference not in page
    assert person.full_name not in page
    assert person.family_name not in page
    assert "Synthetic earlier rationale." not in page
    assert "Synthetic reason: same date of birth and school." not in page
    assert "restricted" in page


def test_opening_the_sign_off_page_records_one_consultation(client, supervisor, decision):
    page_for(client, supervisor, decision)
    views = AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_id=str(decision.referral.pk), actor=supervisor
    )
    assert views.count() == 1
