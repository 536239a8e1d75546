"""An identifier already recorded on a restricted person is refused without disclosing it.

Issue 7, item 9: the officer is told only that it cannot be added, and the SIO and the
supervisor on that record's access list are notified in the service.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.accounts.models import Notification
from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.core.tests.forms import post_with_token
from apps.matching.deconfliction import match_decision_record
from apps.people.models import Person, PersonIdentifier
from apps.people.tests.factories import PersonFactory, RestrictedPersonFactory
from apps.referrals.tests.factories import DeconflictionReferralFactory

pytestmark = pytest.mark.django_db

PNC_ID = "26/000001X"


def add_identifier(client, officer, person, value=PNC_ID):
    client.force_login(officer)
    return post_with_token(
        client,
        reverse("people:person_identifier_add", args=[person.pk]),
        {"kind": "pnc", "value": value},
    )


@pytest.fixture
def restricted_holder(team, sio, named_supervisor, gateway_officer):
    holder = RestrictedPersonFactory(
        team=team, access_list=[sio, named_supervisor, gateway_officer]
    )
    PersonIdentifier.objects.create(person=holder, kind="pnc", value=PNC_ID)
    return holder


def test_an_identifier_on_a_hidden_restricted_person_cannot_be_added(
    client, team, colleague, restricted_holder
):
    mine = PersonFactory(team=team)
    response = add_identifier(client, colleague, mine, value=PNC_ID.lower())
    page = response.content.decode()
    assert "This identifier cannot be added" in page
    assert "already recorded" not in page
    assert restricted_holder.reference not in page
    assert not mine.identifiers.exists()


def test_the_sio_and_supervisor_on_the_list_are_notified(
    client, team, colleague, sio, named_supervisor, gateway_officer, restricted_holder
):
    add_identifier(client, colleague, PersonFactory(team=team))
    notified = {notification.recipient for notification in Notification.objects.all()}
    assert notified == {sio, named_supervisor}
    notification = Notification.objects.get(recipient=sio)
    assert restricted_holder.reference in notification.body
    assert colleague.display_name in notification.body
    assert PNC_ID not in notification.body
    assert AuditEvent.objects.filter(
        object_id=str(restricted_holder.pk), action=AuditAction.ACCESS_DENIED
    ).exists()


def test_someone_on_the_access_list_is_told_it_is_already_recorded(
    client, team, gateway_officer, restricted_holder
):
    page = add_identifier(client, gateway_officer, PersonFactory(team=team)).content.decode()
    assert "already recorded" in page
    assert not Notification.objects.exists()


def test_an_identifier_on_a_person_the_officer_can_see_is_already_recorded(client, team, colleague):
    PersonIdentifier.objects.create(person=PersonFactory(team=team), kind="pnc", value=PNC_ID)
    page = add_identifier(client, colleague, PersonFactory(team=team)).content.decode()
    assert "already recorded" in page
    assert "cannot be added" not in page
    assert not Notification.objects.exists()


def test_a_new_person_from_a_referral_with_a_hidden_pnc_id_is_refused_and_the_sio_told(
    team, gateway_officer, colleague, sio, named_supervisor
):
    holder = RestrictedPersonFactory(team=team, access_list=[sio, named_supervisor])
    PersonIdentifier.objects.create(person=holder, kind="pnc", value=PNC_ID)
    referral = DeconflictionReferralFactory(team=team, subject_pnc_id=PNC_ID)
    with pytest.raises(ValidationError, match="cannot be added"):
        match_decision_record(
            referral=referral, officer=gateway_officer, reason="No match", candidates_shown=[]
        )
    assert Person.objects.count() == 1
    assert {n.recipient for n in Notification.objects.all()} == {sio, named_supervisor}
