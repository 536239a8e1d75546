"""A trace on a live investigation restricts the referral and person to the SIO's access list."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.matching import deconfliction
from apps.people.services import person_restrict
from apps.people.tests.factories import PersonFactory
from apps.referrals.selectors import gateway_queue, referral_list
from apps.referrals.services import referral_restrict
from apps.referrals.tests.factories import AssessmentReferralFactory, DeconflictionReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def named_supervisor(make_user):
    """The supervisor the SIO names for the trace; the `supervisor` fixture is not named."""
    return make_user("supervisor", username="named.supervisor")


@pytest.fixture
def traced(team, gateway_officer, sio, named_supervisor):
    person = PersonFactory(team=team)
    referral = DeconflictionReferralFactory(team=team, person=person)
    deconfliction.live_investigation_check_record(
        referral=referral,
        officer=gateway_officer,
        result="trace",
        sio=sio,
        supervisor=named_supervisor,
        note="Op reference",
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


def test_sio_named_supervisor_and_recording_officer_still_see_it(
    client, traced, sio, gateway_officer, named_supervisor
):
    for user in (sio, gateway_officer, named_supervisor):
        client.force_login(user)
        assert client.get(traced.get_absolute_url()).status_code == 200


def test_trace_needs_the_sio(gateway_officer, team):
    referral = DeconflictionReferralFactory(team=team)
    with pytest.raises(ValidationError):
        deconfliction.live_investigation_check_record(
            referral=referral, officer=gateway_officer, result="trace", sio=None
        )
    referral.refresh_from_db()
    assert not referral.is_restricted


def test_trace_needs_a_supervisor_of_the_team(gateway_officer, sio, team, make_user, other_team):
    referral = DeconflictionReferralFactory(team=team)
    elsewhere = make_user("supervisor", username="elsewhere.supervisor", team=other_team)
    officer_not_supervisor = make_user("prevent_officer", username="not.a.supervisor")
    for named in (None, elsewhere, officer_not_supervisor):
        with pytest.raises(ValidationError) as refused:
            deconfliction.live_investigation_check_record(
                referral=referral,
                officer=gateway_officer,
                result="trace",
                sio=sio,
                supervisor=named,
            )
        assert "supervisor" in refused.value.message_dict
    referral.refresh_from_db()
    assert not referral.is_restricted
    assert referral.live_investigation_check == "not_done"


def test_referral_restrict_adds_readers_and_audits_the_access_list(
    team, gateway_officer, sio, named_supervisor
):
    referral = DeconflictionReferralFactory(team=team)
    referral_restrict(
        referral=referral, officer=gateway_officer, readers=[sio, gateway_officer], reason="Trace"
    )
    referral_restrict(referral=referral, officer=gateway_officer, readers=[sio], reason="Again")
    referral.refresh_from_db()
    assert referral.is_restricted
    assert set(referral.access_list.all()) == {sio, gateway_officer}
    event = AuditEvent.objects.get(object_id=str(referral.pk), action="update")
    assert event.changes["is_restricted"] == {"old": False, "new": True}
    assert event.changes["access_list"]["new"] == sorted([sio.username, gateway_officer.username])
    assert event.justification == "Trace"


def test_no_analyst_or_administrator_on_an_access_list(team, gateway_officer, analyst):
    referral = DeconflictionReferralFactory(team=team)
    with pytest.raises(ValidationError):
        referral_restrict(referral=referral, officer=gateway_officer, readers=[analyst], reason="x")
    referral.refresh_from_db()
    assert not referral.is_restricted


def test_a_decided_referral_does_not_count_a_hidden_persons_other_referrals(
    client, team, other_team, gateway_officer, sio, colleague
):
    """Once the person is restricted, the page says nothing of them: not even how many
    referrals other teams hold about them."""

    person = PersonFactory(team=team)
    decided = AssessmentReferralFactory(team=team, person=person, status="decided")
    AssessmentReferralFactory(team=other_team, person=person, status="decided")
    client.force_login(colleague)
    assert "held by another team" in client.get(decided.get_absolute_url()).content.decode()
    person_restrict(person=person, officer=gateway_officer, readers=[sio], reason="Trace")
    page = client.get(decided.get_absolute_url()).content.decode()
    assert "held by another team" not in page
    assert person.reference not in page
