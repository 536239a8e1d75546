"""'Not the same person' is a decision about two records: it needs the change capability.

Issue 7, item 8: read-only break-glass and the SIO (who may only view people) are refused.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from apps.accounts import services as account_services
from apps.people import services
from apps.people.models import NotSamePerson
from apps.people.services import person_create
from apps.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(team):
    return PersonFactory(team=team, given_name="Idris"), PersonFactory(team=team, given_name="Ida")


def post_not_same(client, user, pair):
    first, second = pair
    client.force_login(user)
    return client.post(
        reverse("people:person_duplicates", args=[first.pk]),
        {"other": str(second.pk), "decision": "not_same", "reason": "Different schools"},
    )


def test_an_officer_who_may_change_both_records_decides(client, gateway_officer, pair):
    assert post_not_same(client, gateway_officer, pair).status_code == 302
    assert NotSamePerson.objects.count() == 1


def test_the_sio_who_may_only_view_people_gets_403(client, sio, pair):
    assert post_not_same(client, sio, pair).status_code == 403
    with pytest.raises(PermissionDenied):
        services.person_mark_not_same(officer=sio, first=pair[0], second=pair[1], reason="x")
    assert not NotSamePerson.objects.exists()


def test_read_only_break_glass_gets_403(client, outsider, pair):
    for person in pair:
        account_services.break_glass_grant(
            user=outsider, record=person, purpose="Urgent safeguarding check on a shared school"
        )
    assert post_not_same(client, outsider, pair).status_code == 403
    assert not NotSamePerson.objects.exists()


def test_an_outsider_without_break_glass_gets_404(client, outsider, pair):
    assert post_not_same(client, outsider, pair).status_code == 404
    assert not NotSamePerson.objects.exists()


def test_read_only_break_glass_is_not_offered_the_decision(client, team, gateway_officer, outsider):
    twins = [
        person_create(
            created_by=gateway_officer,
            team=team,
            given_name=given,
            family_name="Marchetti",
            date_of_birth=datetime.date(2009, 1, 5),
            address={"line_1": "3 Elm Row", "town": "Reading", "postcode": "RG1 1AA"},
        )
        for given in ("Luca", "Lucas")
    ]
    for person in twins:
        account_services.break_glass_grant(
            user=outsider, record=person, purpose="Urgent safeguarding check on a shared school"
        )
    url = reverse("people:person_duplicates", args=[twins[0].pk])
    client.force_login(gateway_officer)
    assert 'name="decision"' in client.get(url).content.decode()
    client.force_login(outsider)
    page = client.get(url).content.decode()
    assert twins[1].reference in page
    assert 'name="decision"' not in page
