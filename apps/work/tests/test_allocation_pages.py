"""Allocation on a record's page: take, allocate, reallocate and release (a referral here)."""

import pytest
from django.urls import reverse

from apps.referrals.tests.factories import ReceivedReferralFactory
from apps.work import selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(team):
    return ReceivedReferralFactory(team=team)


@pytest.fixture
def second_officer(make_user, supervisor):
    return make_user("gateway_officer", username="second.officer", line_manager=supervisor)


def url(name: str, referral) -> str:
    return reverse(f"work:{name}", kwargs={"record_type": "referral", "record_id": referral.pk})


def test_the_referral_page_offers_take_to_an_officer_and_shows_who_holds_it(
    client, referral, gateway_officer
):
    client.force_login(gateway_officer)
    page = client.get(referral.get_absolute_url()).content.decode()
    assert "Not allocated to anyone." in page
    assert url("record_take", referral) in page

    response = client.post(url("record_take", referral))
    assert response.status_code == 302
    assert response.url == referral.get_absolute_url()
    page = client.get(referral.get_absolute_url()).content.decode()
    assert f"Allocated to <strong>{gateway_officer.display_name}</strong>" in page
    assert url("record_take", referral) not in page
    assert url("record_release", referral) in page
    assert "Allocation history" in page


def test_take_refuses_a_get_and_a_record_out_of_reach(client, referral, outsider):
    client.force_login(outsider)
    assert client.get(url("record_take", referral)).status_code == 405
    assert client.post(url("record_take", referral)).status_code == 404
    assert selectors.allocation_of(referral) is None


def test_taking_what_a_colleague_holds_says_why_not(
    client, referral, gateway_officer, second_officer
):
    services.allocation_allocate(record=referral, officer=second_officer, by=second_officer)
    client.force_login(gateway_officer)
    response = client.post(url("record_take", referral), follow=True)
    assert "ask a supervisor to reallocate it" in response.content.decode()
    assert selectors.allocation_of(referral).officer == second_officer


def test_a_supervisor_reallocates_with_a_reason(
    client, referral, supervisor, gateway_officer, second_officer
):
    services.allocation_allocate(record=referral, officer=gateway_officer, by=gateway_officer)
    client.force_login(supervisor)
    page = client.get(url("record_allocate", referral)).content.decode()
    assert "Reallocate" in page
    assert second_officer.display_name in page

    response = client.post(url("record_allocate", referral), {"officer": second_officer.pk})
    assert "Say why you are reallocating this work" in response.content.decode()

    response = client.post(
        url("record_allocate", referral), {"officer": second_officer.pk, "reason": "Leave"}
    )
    assert response.status_code == 302
    assert selectors.allocation_of(referral).officer == second_officer


def test_an_officer_may_not_open_the_allocate_page(client, referral, gateway_officer):
    client.force_login(gateway_officer)
    assert client.get(url("record_allocate", referral)).status_code == 403


def test_an_officer_outside_the_team_is_not_offered(client, referral, supervisor, outsider):
    client.force_login(supervisor)
    response = client.post(url("record_allocate", referral), {"officer": outsider.pk})
    assert "Select a valid choice" in response.content.decode()
    assert selectors.allocation_of(referral) is None


def test_the_holder_releases_with_a_reason(client, referral, gateway_officer):
    services.allocation_allocate(record=referral, officer=gateway_officer, by=gateway_officer)
    client.force_login(gateway_officer)
    response = client.post(url("record_release", referral), {"reason": "Leave"})
    assert response.status_code == 302
    assert selectors.allocation_of(referral) is None


def test_a_colleague_cannot_release_what_another_holds(
    client, referral, gateway_officer, second_officer
):
    services.allocation_allocate(record=referral, officer=gateway_officer, by=gateway_officer)
    client.force_login(second_officer)
    response = client.post(url("record_release", referral), {"reason": ""})
    assert response.status_code == 403
    assert selectors.allocation_of(referral).officer == gateway_officer


def test_an_unknown_record_type_is_not_found(client, referral, gateway_officer):
    client.force_login(gateway_officer)
    bad = reverse("work:record_take", kwargs={"record_type": "nothing", "record_id": referral.pk})
    assert client.post(bad).status_code == 404


def test_next_may_not_leave_the_site(client, referral, gateway_officer):
    client.force_login(gateway_officer)
    response = client.post(url("record_take", referral) + "?next=https://example.invalid/")
    assert response.url == referral.get_absolute_url()
