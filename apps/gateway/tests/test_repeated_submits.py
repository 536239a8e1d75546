"""Gateway posts sent twice record once: each decision checks the state it was made on."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.cases.models import Case
from apps.core.tests.forms import form_token
from apps.gateway import services
from apps.gateway.choices import DecisionStatus, Outcome
from apps.gateway.models import Enquiry, GatewayDecision
from apps.matching import deconfliction
from apps.matching.models import MatchDecision
from apps.people.models import Person
from apps.people.services import person_create
from apps.people.tests.factories import PersonFactory
from apps.referrals.tests.factories import AssessmentReferralFactory, DeconflictionReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(team):
    return DeconflictionReferralFactory(
        team=team,
        subject_given_name="Callum",
        subject_family_name="Ashdown",
        subject_date_of_birth=datetime.date(2007, 5, 9),
        subject_postcode="RG1 1AA",
    )


@pytest.fixture
def assessed(team):
    return AssessmentReferralFactory(team=team, person=PersonFactory(team=team))


def known_person(officer, team):
    """Someone already in the index who is a likely match for the referral."""
    return person_create(
        created_by=officer,
        team=team,
        given_name="Callum",
        family_name="Ashdown",
        date_of_birth=datetime.date(2007, 5, 9),
        gender="male",
        address={"line_1": "2 Example Road", "town": "Reading", "postcode": "RG1 1AA"},
    )


def propose(referral, officer):
    return services.gateway_decision_propose(
        referral=referral,
        officer=officer,
        outcome=Outcome.CHANNEL,
        rationale="Reasonable grounds: expressed support for violence; family engaged.",
        threshold_met=True,
        history_considered=False,
    )


# De-confliction ---------------------------------------------------------------------


def test_replaying_none_of_these_three_times_leaves_one_person_and_one_decision(
    client, gateway_officer, referral
):
    client.force_login(gateway_officer)
    url = reverse("gateway:deconfliction", args=[referral.pk])
    posted = {"form": "match", "choice": "new", "reason": "No match found"}
    client.post(url, posted)
    for _ in range(3):
        response = client.post(url, posted)
        assert response.url == url
    assert Person.objects.count() == 1
    assert MatchDecision.objects.count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.MATCH_DECISION).count() == 1
    page = client.get(url).content.decode()
    assert "A match decision has already been recorded for this referral" in page


def test_a_replayed_link_decision_records_nothing_more(client, gateway_officer, team, referral):
    known = known_person(gateway_officer, team)
    client.force_login(gateway_officer)
    url = reverse("gateway:deconfliction", args=[referral.pk])
    posted = {"form": "match", "choice": str(known.pk), "reason": "Same DOB and address"}
    client.post(url, posted)
    client.post(url, posted)
    assert MatchDecision.objects.get().person == known
    assert Person.objects.count() == 1


def test_a_decision_made_on_a_page_opened_before_another_decision_is_refused(
    gateway_officer, team, referral
):
    """A form opened before the first decision: it was made on a state that is now gone."""
    known = known_person(gateway_officer, team)
    deconfliction.match_decision_record(
        referral=referral, officer=gateway_officer, reason="No match", candidates_shown=[]
    )
    with pytest.raises(ValidationError) as error:
        deconfliction.match_decision_record(
            referral=referral,
            officer=gateway_officer,
            person=known,
            reason="Same person",
            candidates_shown=[],
        )
    assert error.value.code == "already_decided"
    referral.refresh_from_db()
    assert referral.person != known
    assert MatchDecision.objects.count() == 1


def test_completing_deconfliction_twice_moves_the_referral_on_once(
    client, gateway_officer, referral
):
    client.force_login(gateway_officer)
    url = reverse("gateway:deconfliction", args=[referral.pk])
    client.post(url, {"form": "match", "choice": "new", "reason": "No match found"})
    client.post(url, {"form": "check", "result": "no_trace"})
    client.post(url, {"form": "complete"})
    client.post(url, {"form": "complete"})
    referral.refresh_from_db()
    assert referral.status == "assessment"
    steps = AuditEvent.objects.filter(action=AuditAction.TRANSITION, object_id=str(referral.pk))
    assert [event.detail["step"] for event in steps] == ["complete_deconfliction"]


def check_events(referral):
    return AuditEvent.objects.filter(
        object_id=str(referral.pk), changes__has_key="live_investigation_check"
    )


def test_a_replayed_trace_check_records_once(
    client, gateway_officer, sio, named_supervisor, referral
):
    deconfliction.match_decision_record(
        referral=referral, officer=gateway_officer, reason="No match", candidates_shown=[]
    )
    client.force_login(gateway_officer)
    url = reverse("gateway:deconfliction", args=[referral.pk])
    posted = {
        "form": "check",
        "result": "trace",
        "sio": sio.pk,
        "supervisor": named_supervisor.pk,
        "note": "OP-REF-0003",
    }
    assert client.post(url, posted).url == url
    assert client.post(url, posted).url == url
    referral.refresh_from_db()
    assert referral.live_investigation_check == "trace"
    assert check_events(referral).count() == 1
    restrictions = AuditEvent.objects.filter(
        object_id=str(referral.pk), changes__is_restricted__new=True
    )
    assert restrictions.count() == 1


def test_a_no_trace_sent_from_a_page_opened_before_the_trace_is_refused(
    client, gateway_officer, sio, named_supervisor, referral
):
    """A stale page or a replayed request cannot turn a trace into no trace."""
    deconfliction.match_decision_record(
        referral=referral, officer=gateway_officer, reason="No match", candidates_shown=[]
    )
    deconfliction.live_investigation_check_record(
        referral=referral,
        officer=gateway_officer,
        result="trace",
        sio=sio,
        supervisor=named_supervisor,
    )
    client.force_login(gateway_officer)
    url = reverse("gateway:deconfliction", args=[referral.pk])
    response = client.post(url, {"form": "check", "result": "no_trace"})
    assert response.url == url
    page = client.get(url).content.decode()
    assert "The live-investigation check has already been recorded for this referral" in page
    referral.refresh_from_db()
    assert referral.live_investigation_check == "trace"
    assert referral.is_restricted
    assert check_events(referral).count() == 1


def test_a_trace_after_no_trace_is_refused(gateway_officer, sio, named_supervisor, referral):
    deconfliction.live_investigation_check_record(
        referral=referral, officer=gateway_officer, result="no_trace"
    )
    with pytest.raises(ValidationError) as refused:
        deconfliction.live_investigation_check_record(
            referral=referral,
            officer=gateway_officer,
            result="trace",
            sio=sio,
            supervisor=named_supervisor,
        )
    assert refused.value.code == "already_checked"
    referral.refresh_from_db()
    assert referral.live_investigation_check == "no_trace"
    assert not referral.is_restricted


def test_the_same_result_again_changes_nothing_not_even_the_access_list(
    gateway_officer, sio, named_supervisor, supervisor, make_user, referral
):
    deconfliction.live_investigation_check_record(
        referral=referral,
        officer=gateway_officer,
        result="trace",
        sio=sio,
        supervisor=named_supervisor,
    )
    other_sio = make_user("sio", username="another.sio")
    deconfliction.live_investigation_check_record(
        referral=referral, officer=gateway_officer, result="trace", sio=other_sio, supervisor=None
    )
    referral.refresh_from_db()
    assert set(referral.access_list.all()) == {sio, gateway_officer, named_supervisor}
    assert check_events(referral).count() == 1


# Decisions and sign-off ---------------------------------------------------------------


def test_a_decision_form_sent_twice_records_one_decision(client, gateway_officer, assessed):
    client.force_login(gateway_officer)
    url = reverse("gateway:decision_create", args=[assessed.pk])
    posted = {
        "outcome": Outcome.NO_FURTHER_ACTION,
        "threshold_met": "no",
        "rationale": "No vulnerability identified.",
        "submission_token": form_token(client.get(url)),
    }
    first = client.post(url, posted)
    second = client.post(url, posted)
    assert first.url == second.url == assessed.get_absolute_url()
    assert GatewayDecision.objects.count() == 1
    page = client.get(second.url).content.decode()
    assert "This decision was already submitted, so it was not recorded again." in page


def test_a_decision_proposed_again_on_the_same_referral_is_refused(gateway_officer, assessed):
    propose(assessed, gateway_officer)
    with pytest.raises(ValidationError, match="not possible while the record is at"):
        propose(assessed, gateway_officer)
    assert GatewayDecision.objects.count() == 1


def test_a_replayed_sign_off_records_once_and_opens_one_case(
    client, gateway_officer, supervisor, assessed
):
    decision = propose(assessed, gateway_officer)
    client.force_login(supervisor)
    url = reverse("gateway:decision_sign_off", args=[decision.pk])
    assert client.post(url, {"approve": "yes", "comment": ""}).status_code == 302
    replay = client.post(url, {"approve": "yes", "comment": ""})
    assert "This decision has already been signed off or returned" in replay.content.decode()
    assert Case.objects.count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.SIGN_OFF).count() == 1


def test_a_replayed_return_records_once(client, gateway_officer, supervisor, assessed):
    decision = propose(assessed, gateway_officer)
    client.force_login(supervisor)
    url = reverse("gateway:decision_sign_off", args=[decision.pk])
    posted = {"approve": "no", "comment": "Check the school's view."}
    client.post(url, posted)
    replay = client.post(url, posted)
    assert "already been signed off or returned" in replay.content.decode()
    assessed.refresh_from_db()
    assert assessed.status == "assessment"
    assert AuditEvent.objects.filter(action=AuditAction.SIGN_OFF).count() == 1


def test_a_sign_off_made_on_a_returned_decision_does_not_touch_the_next_one(
    gateway_officer, supervisor, assessed
):
    returned = propose(assessed, gateway_officer)
    services.gateway_decision_sign_off(
        decision=returned, supervisor=supervisor, approve=False, comment="More detail, please."
    )
    assessed.refresh_from_db()
    current = propose(assessed, gateway_officer)
    with pytest.raises(ValidationError, match="already been signed off or returned"):
        services.gateway_decision_sign_off(decision=returned, supervisor=supervisor, approve=True)
    current.refresh_from_db()
    assert current.status == DecisionStatus.AWAITING_SIGN_OFF
    assert not Case.objects.exists()


# Enquiries ----------------------------------------------------------------------------


def test_an_enquiry_submitted_twice_is_stored_once(client, gateway_officer):
    client.force_login(gateway_officer)
    url = reverse("gateway:enquiry_create")
    posted = {
        "direction": "external",
        "received_at": "2026-11-20 14:30",
        "enquirer": "Local authority Prevent lead",
        "subject": "Quarterly referral figures",
        "submission_token": form_token(client.get(url)),
    }
    client.post(url, posted)
    second = client.post(url, posted)
    enquiry = Enquiry.objects.get()
    assert second.url == reverse("gateway:enquiry_list")
    page = client.get(second.url).content.decode()
    assert f"This enquiry was already submitted ({enquiry.reference})" in page


def test_an_enquiry_without_its_token_is_not_stored(client, gateway_officer):
    client.force_login(gateway_officer)
    response = client.post(
        reverse("gateway:enquiry_create"),
        {
            "direction": "external",
            "received_at": "2026-11-20 14:30",
            "enquirer": "Local authority Prevent lead",
            "subject": "Quarterly referral figures",
        },
    )
    assert response.status_code == 200
    assert "This page had expired, so nothing was saved" in response.content.decode()
    assert not Enquiry.objects.exists()
    # The form comes back with what was typed and a fresh token, so sending it again works.
    again = client.post(
        reverse("gateway:enquiry_create"),
        {
            "direction": "external",
            "received_at": "2026-11-20 14:30",
            "enquirer": "Local authority Prevent lead",
            "subject": "Quarterly referral figures",
            "submission_token": form_token(response),
        },
    )
    assert again.status_code == 302
    assert Enquiry.objects.count() == 1
