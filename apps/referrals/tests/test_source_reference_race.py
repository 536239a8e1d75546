"""Two referrals with the same source reference at once: one recorded, the other told why.

The check before the insert cannot see a referral another request is recording at the
same moment. Whichever later line finds it (full_clean's uniqueness check, or the unique
constraint refusing the insert) answers the same field error as the check: 400 on the
API, never a 500 or another wording.
"""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from apps.core.tests.concurrency import run_together, slow_down
from apps.referrals import services
from apps.referrals.models import Referral
from apps.referrals.tests.factories import ReceivedReferralFactory, referral_row

ALREADY = "A referral with this source reference has already been received"
API = "/api/v1/referrals/"


def submit(officer):
    return services.referral_submit(
        submitted_by=officer, team=officer.team, data=referral_row(source_reference="SYN-RACE-1")
    )


@pytest.fixture
def received_after_the_check(team, monkeypatch):
    """Another request records the same source reference just after this one checked."""
    real_taken = services._source_reference_taken
    calls = []

    def taken(source_reference):
        calls.append(source_reference)
        if len(calls) == 1:
            ReceivedReferralFactory(team=team, source_reference=source_reference)
            return False
        return real_taken(source_reference)

    monkeypatch.setattr(services, "_source_reference_taken", taken)


@pytest.mark.django_db
def test_a_duplicate_received_after_the_check_is_the_same_field_error(
    gateway_officer, received_after_the_check
):
    """full_clean's own uniqueness check finds it: the same message as the check."""
    with pytest.raises(ValidationError) as refused:
        submit(gateway_officer)
    assert refused.value.message_dict == {"source_reference": [ALREADY]}
    assert Referral.objects.count() == 1


@pytest.mark.django_db
def test_a_duplicate_only_the_constraint_sees_is_the_same_field_error(
    gateway_officer, received_after_the_check, monkeypatch
):
    """Received after full_clean looked too: the unique constraint refuses the insert."""
    real_full_clean = Referral.full_clean

    def full_clean_too_early(self, *args, exclude=None, **kwargs):
        real_full_clean(self, *args, exclude=[*(exclude or []), "source_reference"], **kwargs)

    monkeypatch.setattr(Referral, "full_clean", full_clean_too_early)
    with pytest.raises(ValidationError) as refused:
        submit(gateway_officer)
    assert refused.value.message_dict == {"source_reference": [ALREADY]}
    assert Referral.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_api_posts_with_one_source_reference_give_201_and_400(
    gateway_officer, monkeypatch
):
    # Both requests are past the check before either inserts.
    slow_down(monkeypatch, services, "_save_new")

    def post():
        client = Client()
        client.force_login(gateway_officer)
        return client.post(
            API, referral_row(source_reference="SYN-RACE-1"), content_type="application/json"
        )

    responses = run_together(post, post)
    assert sorted(response.status_code for response in responses) == [201, 400]
    refused = next(response for response in responses if response.status_code == 400)
    assert refused.json() == {"source_reference": [ALREADY]}
    assert Referral.objects.filter(source_reference="SYN-RACE-1").count() == 1
