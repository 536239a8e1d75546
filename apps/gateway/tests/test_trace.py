"""A live-investigation trace restricts the person whatever the order of the steps.

Issue 7, items 1 and 13: recorded before or after the person is linked (a new person or
an existing one), the trace restricts the referral, the person and the person's other
open referrals and cases to the SIO, the recording officer and the supervisor the SIO
named; that supervisor can sign the decision off.
"""

import datetime

import pytest
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.cases.models import Case
from apps.cases.tests.factories import OpenCaseFactory
from apps.core.tests.forms import form_token
from apps.gateway import services
from apps.gateway.models import GatewayDecision
from apps.matching import deconfliction
from apps.people.services import person_create, person_restrict
from apps.people.tests.factories import PersonFactory
from apps.people.tests.restriction_checks import (
    assert_person_hidden,
    assert_person_visible,
    assert_restricted_and_audited,
)
from apps.referrals.choices import OPEN_STATUSES
from apps.referrals.tests.factories import (
    AssessmentReferralFactory,
    DeconflictionReferralFactory,
)

pytestmark = pytest.mark.django_db

DATE_OF_BIRTH = datetime.date(2008, 6, 3)


@pytest.fixture
def referral(team):
    return DeconflictionReferralFactory(
        team=team,
        subject_given_name="Arlo",
        subject_family_name="Quenbyfield",
        subject_date_of_birth=DATE_OF_BIRTH,
        subject_gender="male",
        subject_address_line_1="7 Heron Walk",
        subject_town="Reading",
        subject_postcode="RG1 1AA",
    )


@pytest.fixture
def known(team, gateway_officer):
    """The same person, already in the index with another open referral and an open case."""
    person = person_create(
        created_by=gateway_officer,
        team=team,
        given_name="Arlo",
        family_name="Quenbyfield",
        date_of_birth=DATE_OF_BIRTH,
        gender="male",
        address={"line_1": "7 Heron Walk", "town": "Reading", "postcode": "RG1 1AA"},
    )
    AssessmentReferralFactory(team=team, person=person)
    OpenCaseFactory(team=team, person=person)
    return person


@pytest.fixture
def readers(sio, gateway_officer, named_supervisor):
    return [sio, gateway_officer, named_supervisor]


def deconfliction_url(referral) -> str:
    return reverse("gateway:deconfliction", args=[referral.pk])


def record_trace(client, referral, *, officer, sio, supervisor):
    referral.refresh_from_db()
    if referral.person_id is None:
        # The page offers the check after the match decision (step 2 follows step 1); a
        # trace recorded first (through the service, or on an older record) must still
        # restrict the person linked later.
        deconfliction.live_investigation_check_record(
            referral=referral,
            officer=officer,
            result="trace",
            sio=sio,
            supervisor=supervisor,
            note="OP-REF-0001",
        )
        return
    client.force_login(officer)
    response = client.post(
        deconfliction_url(referral),
        {
            "form": "check",
            "result": "trace",
            "sio": sio.pk,
            "supervisor": supervisor.pk,
            "note": "OP-REF-0001",
        },
    )
    assert response.status_code == 302, response.content.decode()


def link(client, referral, *, officer, choice: str):
    client.force_login(officer)
    response = client.post(
        deconfliction_url(referral),
        {"form": "match", "choice": choice, "reason": "Same name, date of birth and address"},
    )
    assert response.status_code == 302, response.content.decode()
    referral.refresh_from_db()
    return referral.person


def others_of(person):
    """The person's open referrals and open cases (the case's own referral is decided)."""
    return [
        *person.referrals.filter(status__in=OPEN_STATUSES),
        *Case.objects.filter(person=person, status="open"),
    ]


def test_trace_then_new_person_restricts_the_person(
    client, referral, gateway_officer, sio, named_supervisor, readers, not_on_the_list
):
    record_trace(client, referral, officer=gateway_officer, sio=sio, supervisor=named_supervisor)
    person = link(client, referral, officer=gateway_officer, choice="new")
    assert_restricted_and_audited(referral, person, readers=readers)
    assert_person_hidden(client, person, users=not_on_the_list)
    assert_person_visible(client, person, users=readers)
    client.force_login(gateway_officer)
    page = client.get(deconfliction_url(referral)).content.decode()
    assert "Restricted to:" in page
    assert named_supervisor.display_name in page


def test_trace_then_existing_person_restricts_them_and_their_other_open_records(
    client, referral, known, gateway_officer, sio, named_supervisor, readers, not_on_the_list
):
    record_trace(client, referral, officer=gateway_officer, sio=sio, supervisor=named_supervisor)
    person = link(client, referral, officer=gateway_officer, choice=str(known.pk))
    assert person == known
    assert len(others_of(person)) == 3
    assert_restricted_and_audited(person, *others_of(person), readers=readers)
    assert_person_hidden(client, person, users=not_on_the_list)


def test_existing_person_then_trace_restricts_them_and_their_other_open_records(
    client, referral, known, gateway_officer, sio, named_supervisor, readers, not_on_the_list
):
    person = link(client, referral, officer=gateway_officer, choice=str(known.pk))
    record_trace(client, referral, officer=gateway_officer, sio=sio, supervisor=named_supervisor)
    assert len(others_of(person)) == 3
    assert_restricted_and_audited(person, *others_of(person), readers=readers)
    assert_person_hidden(client, person, users=not_on_the_list)


def test_new_person_then_trace_restricts_the_person(
    client, referral, gateway_officer, sio, named_supervisor, readers, not_on_the_list
):
    person = link(client, referral, officer=gateway_officer, choice="new")
    record_trace(client, referral, officer=gateway_officer, sio=sio, supervisor=named_supervisor)
    assert_restricted_and_audited(referral, person, readers=readers)
    assert_person_hidden(client, person, users=not_on_the_list)


def test_a_later_referral_linked_to_a_restricted_person_is_restricted(
    client, team, referral, gateway_officer, sio, named_supervisor, readers, colleague
):
    record_trace(client, referral, officer=gateway_officer, sio=sio, supervisor=named_supervisor)
    person = link(client, referral, officer=gateway_officer, choice="new")
    later = DeconflictionReferralFactory(
        team=team,
        subject_given_name="Arlo",
        subject_family_name="Quenbyfield",
        subject_date_of_birth=DATE_OF_BIRTH,
        subject_gender="male",
        subject_postcode="RG1 1AA",
    )
    assert link(client, later, officer=gateway_officer, choice=str(person.pk)) == person
    assert_restricted_and_audited(later, readers=readers)
    client.force_login(colleague)
    assert client.get(later.get_absolute_url()).status_code == 404


def test_trace_form_offers_the_teams_supervisors_and_needs_one(
    client, referral, gateway_officer, sio, named_supervisor, make_user, other_team
):
    make_user("supervisor", username="elsewhere.supervisor", team=other_team)
    link(client, referral, officer=gateway_officer, choice="new")
    page = client.get(deconfliction_url(referral)).content.decode()
    assert "Supervisor the SIO named" in page
    assert named_supervisor.display_name in page
    assert "elsewhere.supervisor" not in page
    response = client.post(
        deconfliction_url(referral), {"form": "check", "result": "trace", "sio": sio.pk}
    )
    assert "Select the supervisor in the team the SIO named" in response.content.decode()
    referral.refresh_from_db()
    assert not referral.is_restricted


def test_the_named_supervisor_signs_off_a_restricted_decision_and_others_get_404(
    client, referral, gateway_officer, sio, named_supervisor, supervisor
):
    record_trace(client, referral, officer=gateway_officer, sio=sio, supervisor=named_supervisor)
    link(client, referral, officer=gateway_officer, choice="new")
    client.post(deconfliction_url(referral), {"form": "complete"})
    decision_url = reverse("gateway:decision_create", args=[referral.pk])
    response = client.post(
        decision_url,
        {
            "outcome": "channel",
            "threshold_met": "yes",
            "rationale": "Reasonable grounds: synthetic rationale for testing.",
            "submission_token": form_token(client.get(decision_url)),
        },
    )
    assert response.status_code == 302
    decision = GatewayDecision.objects.get(referral=referral)
    sign_off = reverse("gateway:decision_sign_off", args=[decision.pk])

    client.force_login(supervisor)
    assert client.get(sign_off).status_code == 404
    assert client.post(sign_off, {"approve": "yes"}).status_code == 404

    client.force_login(named_supervisor)
    assert client.get(sign_off).status_code == 200
    assert client.post(sign_off, {"approve": "yes", "comment": "Agreed."}).status_code == 302
    decision.refresh_from_db()
    referral.refresh_from_db()
    assert decision.status == "signed_off"
    assert referral.status == "decided"
    case = Case.objects.get(referral=referral)
    assert case.is_restricted
    assert set(case.access_list.all()) == {sio, gateway_officer, named_supervisor}


def test_a_case_opened_from_a_restricted_decision_has_its_restriction_event(
    team, gateway_officer, sio, named_supervisor, readers
):
    """The case's access list is set through cases.services.case_restrict, audited on the case."""
    person = PersonFactory(team=team)
    referral = AssessmentReferralFactory(team=team, person=person)
    person_restrict(person=person, officer=gateway_officer, readers=readers, reason="Trace")
    decision = services.gateway_decision_propose(
        referral=referral,
        officer=gateway_officer,
        outcome="channel",
        rationale="Reasonable grounds: synthetic rationale for testing.",
        threshold_met=True,
        history_considered=False,
    )
    services.gateway_decision_sign_off(decision=decision, supervisor=named_supervisor, approve=True)
    case = Case.objects.get(referral=referral)
    assert_restricted_and_audited(case, readers=readers)
    event = AuditEvent.objects.get(object_id=str(case.pk), changes__has_key="access_list")
    assert event.changes["access_list"]["new"] == sorted(user.username for user in readers)
    assert event.justification == f"Opened from restricted referral {referral.reference}"
    assert event.actor == named_supervisor
