"""Merging two records of one person is an audited decision that can be undone."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.people import services
from apps.people.models import NotSamePerson, Person, PersonAddress
from apps.people.selectors import person_list
from apps.people.tests.factories import PersonFactory, RestrictedPersonFactory
from apps.referrals.tests.factories import ReceivedReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(team):
    survivor = PersonFactory(team=team, given_name="Daniel", family_name="Okafor")
    merged = PersonFactory(team=team, given_name="Danny", family_name="Okafor")
    PersonAddress.objects.create(person=merged, line_1="2 Example Road", postcode="RG1 1AB")
    referral = ReceivedReferralFactory(team=team, person=merged)
    return survivor, merged, referral


def test_merge_moves_referrals_and_addresses_and_is_audited(gateway_officer, pair):
    survivor, merged, referral = pair
    services.person_merge(
        officer=gateway_officer, survivor=survivor, merged=merged, reason="Same DOB and school"
    )
    referral.refresh_from_db()
    merged.refresh_from_db()
    assert referral.person == survivor
    assert merged.merged_into == survivor
    assert survivor.addresses.filter(line_1="2 Example Road").exists()
    assert survivor.other_names.filter(given_name="Danny").exists()
    event = AuditEvent.objects.get(action=AuditAction.MERGE)
    assert event.justification == "Same DOB and school"
    assert event.category == "combination"


def test_merged_record_leaves_the_person_list(gateway_officer, pair):
    survivor, merged, _ = pair
    services.person_merge(officer=gateway_officer, survivor=survivor, merged=merged, reason="x")
    assert merged not in person_list(user=gateway_officer)


def test_unmerge_puts_everything_back(gateway_officer, pair):
    survivor, merged, referral = pair
    merge = services.person_merge(
        officer=gateway_officer, survivor=survivor, merged=merged, reason="Looked the same"
    )
    services.person_unmerge(officer=gateway_officer, merge=merge, reason="Different fathers' names")
    referral.refresh_from_db()
    merged.refresh_from_db()
    assert referral.person == merged
    assert merged.merged_into is None
    assert merged.addresses.filter(line_1="2 Example Road", is_current=True).exists()
    assert not survivor.other_names.filter(given_name="Danny").exists()
    assert AuditEvent.objects.filter(action=AuditAction.UNMERGE).exists()
    with pytest.raises(ValidationError):
        services.person_unmerge(officer=gateway_officer, merge=merge, reason="again")


def test_merge_needs_a_reason(gateway_officer, pair):
    survivor, merged, _ = pair
    with pytest.raises(ValidationError):
        services.person_merge(officer=gateway_officer, survivor=survivor, merged=merged, reason=" ")


def test_roles_without_merge_cannot_merge(colleague, pair):
    survivor, merged, _ = pair
    with pytest.raises(PermissionDenied):
        services.person_merge(officer=colleague, survivor=survivor, merged=merged, reason="x")


def test_outsider_cannot_merge_records_it_cannot_see(outsider, pair):
    survivor, merged, _ = pair
    with pytest.raises(Http404):
        services.person_merge(officer=outsider, survivor=survivor, merged=merged, reason="x")


def test_not_the_same_person_blocks_a_later_merge(gateway_officer, pair):
    survivor, merged, _ = pair
    services.person_mark_not_same(
        officer=gateway_officer, first=merged, second=survivor, reason="Twins"
    )
    assert NotSamePerson.objects.count() == 1
    with pytest.raises(ValidationError, match="different people"):
        services.person_merge(officer=gateway_officer, survivor=survivor, merged=merged, reason="x")


def test_person_search_finds_other_names_and_is_audited(client, gateway_officer, pair):
    survivor, merged, _ = pair
    services.person_merge(officer=gateway_officer, survivor=survivor, merged=merged, reason="x")
    client.force_login(gateway_officer)
    response = client.get(reverse("people:person_list"), {"q": "danny okafor"})
    assert survivor.reference in response.content.decode()
    search = AuditEvent.objects.get(action=AuditAction.SEARCH)
    assert search.detail["terms"] == {"q": "danny okafor"}


def test_person_search_never_shows_restricted_people(client, gateway_officer, sio, team):
    hidden = RestrictedPersonFactory(team=team, family_name="Hiddenname", access_list=[sio])
    client.force_login(gateway_officer)
    response = client.get(reverse("people:person_list"), {"q": "Hiddenname"})
    assert hidden.reference not in response.content.decode()
    assert "No people match your search" in response.content.decode()
    assert AuditEvent.objects.get(action=AuditAction.SEARCH).detail["result_count"] == 0


def test_person_pages_for_the_team_and_404_for_outsiders(client, gateway_officer, outsider, pair):
    survivor, _, _ = pair
    for name in ("people:person_detail", "people:person_referrals"):
        client.force_login(gateway_officer)
        assert client.get(reverse(name, args=[survivor.pk])).status_code == 200
        client.force_login(outsider)
        assert client.get(reverse(name, args=[survivor.pk])).status_code == 404
    assert Person.objects.count() == 2
