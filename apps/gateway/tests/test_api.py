"""The Gateway over the API: the pages' services, access, workflow guards and audit."""

import pytest

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.gateway.choices import DecisionStatus
from apps.gateway.models import Enquiry, GatewayDecision
from apps.gateway.tests.factories import AwaitingSignOffDecisionFactory, OpenEnquiryFactory
from apps.matching.models import MatchDecision
from apps.people.tests.factories import PersonFactory
from apps.referrals.choices import ReferralStatus
from apps.referrals.models import Referral
from apps.referrals.tests.factories import (
    AssessmentReferralFactory,
    DeconflictionReferralFactory,
    ReceivedReferralFactory,
)

pytestmark = pytest.mark.django_db


def post(client, path, body=None):
    return client.post(path, body or {}, content_type="application/json")


def api(referral, tail: str) -> str:
    return f"/api/v1/referrals/{referral.pk}/{tail}"


@pytest.fixture
def officer(client, gateway_officer):
    client.force_login(gateway_officer)
    return client


@pytest.fixture
def in_deconfliction(team):
    return DeconflictionReferralFactory(team=team)


# De-confliction


def test_the_candidates_are_listed_and_the_reading_recorded_as_a_search(
    officer, gateway_officer, in_deconfliction
):
    response = officer.get(api(in_deconfliction, "deconfliction/"))
    assert response.status_code == 200
    assert set(response.json()) == {"people", "external"}
    assert AuditEvent.objects.filter(action=AuditAction.SEARCH, actor=gateway_officer).exists()


def test_a_new_person_is_decided_linked_and_audited(officer, in_deconfliction):
    response = post(
        officer,
        api(in_deconfliction, "deconfliction/decision/"),
        {"person": "new", "reason": "Nobody shares the date of birth"},
    )
    assert response.status_code == 201
    in_deconfliction.refresh_from_db()
    assert in_deconfliction.person is not None
    assert response.json()["person"] == in_deconfliction.person.reference
    assert MatchDecision.objects.filter(referral=in_deconfliction).count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.MATCH_DECISION).exists()
    again = post(
        officer,
        api(in_deconfliction, "deconfliction/decision/"),
        {"person": "new", "reason": "Twice"},
    )
    assert again.status_code == 409
    assert MatchDecision.objects.filter(referral=in_deconfliction).count() == 1


def test_a_person_who_was_not_a_candidate_is_refused_naming_the_field(
    officer, in_deconfliction, team
):
    stranger = PersonFactory(team=team, given_name="Unrelated", family_name="Zzyzx")
    response = post(
        officer,
        api(in_deconfliction, "deconfliction/decision/"),
        {"person": str(stranger.pk), "reason": "Guess"},
    )
    assert (response.status_code, list(response.json())) == (400, ["person"])
    missing = post(officer, api(in_deconfliction, "deconfliction/decision/"), {"person": "new"})
    assert (missing.status_code, list(missing.json())) == (400, ["reason"])


def test_the_live_investigation_check_and_completion(officer, in_deconfliction):
    first = post(officer, api(in_deconfliction, "deconfliction/check/"), {"result": "no_trace"})
    assert first.status_code == 409
    assert "step 1" in first.json()["detail"]
    post(
        officer,
        api(in_deconfliction, "deconfliction/decision/"),
        {"person": "new", "reason": "New"},
    )
    early = post(officer, api(in_deconfliction, "deconfliction/complete/"))
    assert early.status_code == 409
    check = post(officer, api(in_deconfliction, "deconfliction/check/"), {"result": "no_trace"})
    assert check.status_code == 201
    assert check.json()["live_investigation_check"] == "no_trace"
    changed = post(officer, api(in_deconfliction, "deconfliction/check/"), {"result": "trace"})
    assert changed.status_code == 409
    done = post(officer, api(in_deconfliction, "deconfliction/complete/"))
    assert done.status_code == 200
    assert done.json()["status"] == ReferralStatus.ASSESSMENT


def test_a_check_with_bad_input_names_the_field(officer, in_deconfliction):
    post(
        officer,
        api(in_deconfliction, "deconfliction/decision/"),
        {"person": "new", "reason": "New"},
    )
    response = post(officer, api(in_deconfliction, "deconfliction/check/"), {"result": "maybe"})
    assert (response.status_code, list(response.json())) == (400, ["result"])
    response = post(
        officer,
        api(in_deconfliction, "deconfliction/check/"),
        {"result": "trace", "sio": "nobody.here"},
    )
    assert (response.status_code, list(response.json())) == (400, ["sio"])


def test_a_trace_restricts_the_referral_to_the_sio_supervisor_and_officer(
    officer, in_deconfliction, sio, supervisor, colleague, client
):
    post(
        officer,
        api(in_deconfliction, "deconfliction/decision/"),
        {"person": "new", "reason": "New"},
    )
    response = post(
        officer,
        api(in_deconfliction, "deconfliction/check/"),
        {"result": "trace", "sio": sio.username, "supervisor": supervisor.username},
    )
    assert response.status_code == 201
    assert Referral.objects.get(pk=in_deconfliction.pk).is_restricted
    client.force_login(colleague)
    assert client.get(api(in_deconfliction, "deconfliction/")).status_code == 404


def test_other_teams_get_404_and_view_only_roles_403(client, outsider, sio, in_deconfliction):
    client.force_login(outsider)
    assert client.get(api(in_deconfliction, "deconfliction/")).status_code == 404
    body = {"person": "new", "reason": "x"}
    assert post(client, api(in_deconfliction, "deconfliction/decision/"), body).status_code == 404
    client.force_login(sio)
    assert post(client, api(in_deconfliction, "deconfliction/decision/"), body).status_code == 403
    assert Referral.objects.get(pk=in_deconfliction.pk).person is None


# Decisions and sign-off

PROPOSAL = {"outcome": "nfa", "threshold_met": False, "rationale": "School support in place."}


def test_a_decision_is_proposed_and_audited(officer, gateway_officer, team):
    referral = AssessmentReferralFactory(team=team, person=PersonFactory(team=team))
    response = post(officer, api(referral, "decision/"), PROPOSAL)
    assert response.status_code == 201
    body = response.json()
    assert (body["outcome_label"], body["status"]) == ("No further action", "awaiting")
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.AWAITING_SIGN_OFF
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, actor=gateway_officer).exists()


def test_a_proposal_repeated_with_its_idempotency_key_makes_one_decision(officer, team):
    referral = AssessmentReferralFactory(team=team, person=PersonFactory(team=team))
    first = officer.post(
        api(referral, "decision/"),
        PROPOSAL,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="proposal-1",
    )
    again = officer.post(
        api(referral, "decision/"),
        PROPOSAL,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="proposal-1",
    )
    assert (first.status_code, again.status_code) == (201, 201)
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert GatewayDecision.objects.filter(referral=referral).count() == 1
    other = officer.post(
        api(referral, "decision/"),
        {**PROPOSAL, "rationale": "Something else entirely."},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="proposal-1",
    )
    assert other.status_code == 422


def test_a_proposal_with_bad_input_names_the_fields(officer, team):
    referral = AssessmentReferralFactory(team=team, person=PersonFactory(team=team))
    response = post(officer, api(referral, "decision/"), {**PROPOSAL, "outcome": "channel"})
    assert (response.status_code, list(response.json())) == (400, ["threshold_met"])
    response = post(officer, api(referral, "decision/"), {**PROPOSAL, "outcome": "signposted"})
    assert list(response.json()) == ["support_service"]
    assert not GatewayDecision.objects.exists()


def test_a_proposal_for_a_referral_still_in_deconfliction_is_a_409_in_words(
    officer, in_deconfliction
):
    response = post(officer, api(in_deconfliction, "decision/"), PROPOSAL)
    assert response.status_code == 409
    assert "Complete de-confliction first" in response.json()["detail"]
    assert "deconfliction" not in response.json()["detail"]


def test_a_supervisor_lists_signs_off_and_the_sign_off_is_audited(
    client, supervisor, gateway_officer, team
):
    decision = AwaitingSignOffDecisionFactory(
        referral__team=team, proposed_by=gateway_officer, outcome="nfa"
    )
    client.force_login(supervisor)
    listed = client.get("/api/v1/decisions/").json()["results"]
    assert [row["id"] for row in listed] == [str(decision.pk)]
    assert client.get(f"/api/v1/decisions/{decision.pk}/").status_code == 200
    response = post(client, f"/api/v1/decisions/{decision.pk}/sign-off/", {"approve": True})
    assert response.status_code == 200
    assert response.json()["status"] == DecisionStatus.SIGNED_OFF
    assert AuditEvent.objects.filter(action=AuditAction.SIGN_OFF, actor=supervisor).exists()
    again = post(client, f"/api/v1/decisions/{decision.pk}/sign-off/", {"approve": True})
    assert again.status_code == 409


def test_returning_a_decision_needs_a_comment(client, supervisor, gateway_officer, team):
    decision = AwaitingSignOffDecisionFactory(referral__team=team, proposed_by=gateway_officer)
    client.force_login(supervisor)
    path = f"/api/v1/decisions/{decision.pk}/sign-off/"
    refused = post(client, path, {"approve": False})
    assert (refused.status_code, list(refused.json())) == (400, ["comment"])
    returned = post(client, path, {"approve": False, "comment": "Ask the school first."})
    assert returned.json()["status"] == DecisionStatus.RETURNED


def test_the_proposer_may_not_sign_off_their_own_decision(officer, gateway_officer, team):
    decision = AwaitingSignOffDecisionFactory(referral__team=team, proposed_by=gateway_officer)
    response = post(officer, f"/api/v1/decisions/{decision.pk}/sign-off/", {"approve": True})
    assert response.status_code == 403
    assert GatewayDecision.objects.get(pk=decision.pk).status == DecisionStatus.AWAITING_SIGN_OFF


def test_a_decision_in_another_team_is_a_404(client, outsider, gateway_officer, team):
    decision = AwaitingSignOffDecisionFactory(referral__team=team, proposed_by=gateway_officer)
    client.force_login(outsider)
    assert client.get(f"/api/v1/decisions/{decision.pk}/").status_code == 404
    path = f"/api/v1/decisions/{decision.pk}/sign-off/"
    assert post(client, path, {"approve": True}).status_code == 404


# Enquiries

ENQUIRY = {
    "direction": "external",
    "received_at": "2026-11-20T14:30:00Z",
    "enquirer": "Sam Enquirer",
    "subject": "Has our referral been received?",
}


def test_an_enquiry_is_recorded_listed_and_both_audited(officer, gateway_officer, team):
    response = post(officer, "/api/v1/enquiries/", {**ENQUIRY, "response": "Yes."})
    assert response.status_code == 201
    created = response.json()
    assert created["reference"].startswith("EQ-")
    assert created["responded_at"]
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, actor=gateway_officer).exists()
    listed = officer.get("/api/v1/enquiries/", {"q": "Sam"}).json()["results"]
    assert [row["reference"] for row in listed] == [created["reference"]]
    search = AuditEvent.objects.get(action=AuditAction.SEARCH, actor=gateway_officer)
    assert search.detail["references"] == [created["reference"]]


def test_an_enquiry_sent_twice_with_its_idempotency_key_is_stored_once(officer):
    responses = [
        officer.post(
            "/api/v1/enquiries/",
            ENQUIRY,
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="enquiry-1",
        )
        for _ in range(2)
    ]
    assert [response.status_code for response in responses] == [201, 201]
    assert responses[1]["Idempotent-Replayed"] == "true"
    assert responses[0].json()["reference"] == responses[1].json()["reference"]
    assert Enquiry.objects.count() == 1
    bad_key = officer.post(
        "/api/v1/enquiries/", ENQUIRY, content_type="application/json", HTTP_IDEMPOTENCY_KEY=""
    )
    assert (bad_key.status_code, list(bad_key.json())) == (400, ["Idempotency-Key"])
    assert Enquiry.objects.count() == 1


def test_an_enquiry_with_bad_input_names_the_fields(officer):
    response = post(officer, "/api/v1/enquiries/", {**ENQUIRY, "direction": "sideways"})
    assert (response.status_code, list(response.json())) == (400, ["direction"])
    response = post(officer, "/api/v1/enquiries/", {**ENQUIRY, "received_at": "2999-01-01T10:00"})
    assert (response.status_code, list(response.json())) == (400, ["received_at"])
    assert not Enquiry.objects.exists()


def test_another_teams_enquiries_are_not_listed(client, outsider, team):
    OpenEnquiryFactory(team=team)
    client.force_login(outsider)
    response = client.get("/api/v1/enquiries/")
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_a_role_without_the_enquiries_log_gets_403(client, data_protection_officer):
    client.force_login(data_protection_officer)
    assert client.get("/api/v1/enquiries/").status_code == 403
    assert post(client, "/api/v1/enquiries/", ENQUIRY).status_code == 403


def test_received_referrals_are_not_in_deconfliction(officer, team):
    received = ReceivedReferralFactory(team=team)
    response = post(
        officer, api(received, "deconfliction/decision/"), {"person": "new", "reason": "x"}
    )
    assert response.status_code == 400
    assert "not in progress" in str(response.json())
    assert Referral.objects.get(pk=received.pk).person is None
