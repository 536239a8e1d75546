"""A trace on a live investigation restricts the referral and person to the SIO's access list."""

import pytest
from django.urls import reverse

from apps.matching import deconfliction
from apps.people.tests.factories import PersonFactory
from apps.referrals.selectors import gateway_queue, referral_list
from apps.referrals.tests.factories import DeconflictionReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def traced(team, gateway_officer, sio):
    person = PersonFactory(team=team)
    referral = DeconflictionReferralFactory(team=team, person=person)
    deconfliction.live_investigation_check_record(
        referral=referral, officer=gateway_officer, result="trace", sio=sio, note="Op reference"
    )
    referral.refresh_from_db()
    return referral


def test_trace_restricts_referral_and_person(traced):
    assert traced.is_restricted
    assert traced.person.is_restricted


def test_restricted_referral_does_not_exist_for_colleagues(client, traced, colleague, supervisor):
    for user in (colleague, supervisor):
        assert traced not in referral_list(user=user)
        assert gateway_queue(user=user).count() == 0
        client.force_login(user)
        assert client.get(traced.get_absolute_url()).status_code == 404
        assert client.get(traced.person.get_absolute_url()).status_code == 404
        listing = client.get(reverse("referrals:referral_list")).content.decode()
        assert traced.reference not in listing
        assert client.get("/api/v1/referrals/").json()["count"] == 0


def test_sio_and_recording_officer_still_see_it(client, traced, sio, gateway_officer):
    for user in (sio, gateway_officer):
        client.force_login(user)
        assert client.get(traced.get_absolute_url()).status_code == 200


def test_trace_needs_the_sio(gateway_officer, team):
    from django.core.exceptions import ValidationError

    referral = DeconflictionReferralFactory(team=team)
    with pytest.raises(ValidationError):
        deconfliction.live_investigation_check_record(
            referral=referral, officer=gateway_officer, result="trace", sio=None
        )
    referral.refresh_from_db()
    assert not referral.is_restricted
