"""Referral search: a reference by its number part, names through the person index's keys."""

import pytest
from django.urls import reverse

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.core.choices import ProtectiveMarking
from apps.people.services import person_create
from apps.referrals.tests.factories import ReceivedReferralFactory

pytestmark = pytest.mark.django_db
URL = reverse("referrals:referral_list")


def search(client, text) -> str:
    return client.get(URL, {"q": text}).content.decode()


@pytest.mark.parametrize("typed", ["PR-2026-00352", "pr-2026-00352", "2026-00352", "00352", "352"])
def test_a_reference_is_found_by_its_number_part(client, gateway_officer, team, typed):
    wanted = ReceivedReferralFactory(team=team, reference="PR-2026-00352")
    other = ReceivedReferralFactory(team=team, reference="PR-2026-00353")
    client.force_login(gateway_officer)
    page = search(client, typed)
    assert wanted.reference in page
    assert other.reference not in page


def test_a_source_reference_is_found(client, gateway_officer, team):
    wanted = ReceivedReferralFactory(team=team, source_reference="SCHOOL-77")
    client.force_login(gateway_officer)
    assert wanted.reference in search(client, "school-77")


@pytest.mark.parametrize("typed", ["David", "Dave Fletcher", "Fletcher", "davy fletcher"])
def test_a_referral_not_yet_linked_is_found_by_the_name_as_referred(
    client, gateway_officer, team, typed
):
    wanted = ReceivedReferralFactory(
        team=team, subject_given_name="David", subject_family_name="Fletcher"
    )
    other = ReceivedReferralFactory(
        team=team, subject_given_name="Sarah", subject_family_name="Okafor"
    )
    client.force_login(gateway_officer)
    page = search(client, typed)
    assert wanted.reference in page
    assert other.reference not in page


def test_a_linked_referral_is_found_through_the_person_s_name_keys(client, gateway_officer, team):
    person = person_create(
        created_by=gateway_officer,
        team=team,
        given_name="Mohammed",
        family_name="Chowdhury",
        date_of_birth="2008-04-12",
        protective_marking=ProtectiveMarking.OFFICIAL,
        other_names=[("Mo", "Choudhury")],
    )
    wanted = ReceivedReferralFactory(
        team=team,
        person=person,
        subject_given_name="Mohammed",
        subject_family_name="Chowdhury",
        status="assessment",
    )
    client.force_login(gateway_officer)
    for typed in ("Muhammad Chowdhury", "Mohamad Choudhury", "Choudhury"):
        assert wanted.reference in search(client, typed), typed


def test_a_name_search_never_finds_another_team_s_referrals(client, outsider, team):
    hidden = ReceivedReferralFactory(
        team=team, subject_given_name="David", subject_family_name="Fletcher"
    )
    client.force_login(outsider)
    assert hidden.reference not in search(client, "Dave Fletcher")


def test_a_search_is_recorded_with_its_terms_and_references(client, gateway_officer, team):
    wanted = ReceivedReferralFactory(team=team, reference="PR-2026-00352")
    client.force_login(gateway_officer)
    search(client, "00352")
    event = AuditEvent.objects.get(action=AuditAction.SEARCH)
    assert event.detail["terms"]["q"] == "00352"
    assert wanted.reference in event.detail["references"]
