"""De-confliction: suggested candidates with evidence, and the officer's recorded decision."""

import datetime

import pytest
from django.urls import reverse

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.matching import deconfliction
from apps.matching.models import MatchDecision
from apps.people.models import Person
from apps.people.services import person_create, person_identifier_add
from apps.referrals.tests.factories import DeconflictionReferralFactory
from apps.referrals.tests.factories import DeconflictionReferralFactory as Factory

pytestmark = pytest.mark.django_db

ADDRESS = {"line_1": "14 Willow Close", "town": "Reading", "postcode": "RG1 1AA"}


def add_person(officer, team, given, family, dob, address=ADDRESS, **extra):
    return person_create(
        created_by=officer,
        team=team,
        given_name=given,
        family_name=family,
        date_of_birth=dob,
        gender="male",
        address=address,
        **extra,
    )


@pytest.fixture
def referral(team):
    return DeconflictionReferralFactory(
        team=team,
        subject_given_name="Mohammed",
        subject_family_name="Rahman",
        subject_date_of_birth=datetime.date(2008, 3, 14),
        subject_gender="male",
        subject_address_line_1="14 Willow Close",
        subject_town="Reading",
        subject_postcode="RG1 1AA",
    )


def test_the_same_person_spelt_differently_is_a_likely_candidate(gateway_officer, team, referral):
    known = add_person(gateway_officer, team, "Muhammad", "Rahman", datetime.date(2008, 3, 14))
    record = deconfliction.referral_match_record(referral)
    candidates = deconfliction.person_candidates(user=gateway_officer, record=record)
    assert candidates[0].id == str(known.pk)
    assert candidates[0].is_likely_match
    labels = {item["field"]: item["label"] for item in candidates[0].evidence}
    assert set(labels.values()) <= {"agrees", "partly agrees", "disagrees", "missing"}


def test_a_twin_is_not_a_likely_candidate(gateway_officer, team, referral):
    add_person(gateway_officer, team, "Yusuf", "Rahman", datetime.date(2008, 3, 14))
    record = deconfliction.referral_match_record(referral)
    candidates = deconfliction.person_candidates(user=gateway_officer, record=record)
    assert not any(candidate.is_likely_match for candidate in candidates)


def test_a_parent_with_the_same_name_is_not_a_likely_candidate(gateway_officer, team, referral):
    add_person(gateway_officer, team, "Mohammed", "Rahman", datetime.date(1979, 7, 2))
    record = deconfliction.referral_match_record(referral)
    candidates = deconfliction.person_candidates(user=gateway_officer, record=record)
    assert not any(candidate.is_likely_match for candidate in candidates)


def test_other_teams_people_show_only_reference_and_team(
    gateway_officer, outsider, other_team, team, referral
):
    theirs = add_person(outsider, other_team, "Mohammed", "Rahman", datetime.date(2008, 3, 14))
    record = deconfliction.referral_match_record(referral)
    candidate = deconfliction.person_candidates(user=gateway_officer, record=record)[0]
    assert candidate.reference == theirs.reference
    assert not candidate.visible
    assert candidate.summary == {}
    assert candidate.team == other_team.name


def test_restricted_people_never_appear(gateway_officer, sio, team, referral):
    hidden = add_person(gateway_officer, team, "Mohammed", "Rahman", datetime.date(2008, 3, 14))
    Person.objects.filter(pk=hidden.pk).update(is_restricted=True)
    hidden.access_list.set([sio])
    record = deconfliction.referral_match_record(referral)
    assert deconfliction.person_candidates(user=gateway_officer, record=record) == []
    assert deconfliction.person_candidates(user=sio, record=record)[0].id == str(hidden.pk)


def test_officer_links_the_referral_on_the_page_and_it_is_audited(
    client, gateway_officer, team, referral
):
    known = add_person(gateway_officer, team, "Muhammad", "Rahman", datetime.date(2008, 3, 14))
    client.force_login(gateway_officer)
    url = reverse("gateway:deconfliction", args=[referral.pk])
    page = client.get(url).content.decode()
    assert known.reference in page
    assert "likely to be the same person" in page
    response = client.post(
        url, {"form": "match", "choice": str(known.pk), "reason": "Same DOB and address"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.person == known
    decision = MatchDecision.objects.get()
    assert decision.decision == "linked"
    assert decision.candidates_shown[0]["reference"] == known.reference
    event = AuditEvent.objects.get(action=AuditAction.MATCH_DECISION)
    assert event.justification == "Same DOB and address"
    assert AuditEvent.objects.filter(action=AuditAction.SEARCH).exists()


def test_officer_creates_a_new_person_from_the_referral(client, gateway_officer, referral):
    client.force_login(gateway_officer)
    url = reverse("gateway:deconfliction", args=[referral.pk])
    client.post(url, {"form": "match", "choice": "new", "reason": "No match found"})
    referral.refresh_from_db()
    assert referral.person.family_name == "Rahman"
    assert referral.person.addresses.get().postcode == "RG1 1AA"
    assert referral.person.match_keys.exists()


def test_decision_needs_a_reason(client, gateway_officer, referral):
    client.force_login(gateway_officer)
    url = reverse("gateway:deconfliction", args=[referral.pk])
    response = client.post(url, {"form": "match", "choice": "new", "reason": ""})
    assert "Give the reason for your decision" in response.content.decode()
    referral.refresh_from_db()
    assert referral.person is None


def test_completing_needs_the_person_and_the_live_check(client, gateway_officer, referral):
    client.force_login(gateway_officer)
    url = reverse("gateway:deconfliction", args=[referral.pk])
    client.post(url, {"form": "complete"})
    referral.refresh_from_db()
    assert referral.status == "deconfliction"
    client.post(url, {"form": "match", "choice": "new", "reason": "No match found"})
    client.post(url, {"form": "check", "result": "no_trace"})
    response = client.post(url, {"form": "complete"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "assessment"


def test_outsider_gets_404_on_the_deconfliction_page(client, outsider, referral):
    client.force_login(outsider)
    assert client.get(reverse("gateway:deconfliction", args=[referral.pk])).status_code == 404


def test_match_api_ranks_candidates_with_evidence(client, gateway_officer, team):
    known = add_person(gateway_officer, team, "Muhammad", "Rahman", datetime.date(2008, 3, 14))
    client.force_login(gateway_officer)
    response = client.post(
        "/api/v1/people/match",
        {
            "given_name": "Mohammed",
            "surname": "Rahman",
            "date_of_birth": "2008-03-14",
            "postcode": "RG1 1AA",
            "address_line_1": "14 Willow Close",
        },
        content_type="application/json",
    )
    assert response.status_code == 200
    best = response.json()["people"][0]
    assert best["id"] == str(known.pk)
    assert 0.9 <= best["match_probability"] <= 1
    assert best["evidence"]


def test_match_api_refuses_bad_input_and_other_roles(client, gateway_officer, analyst):
    client.force_login(gateway_officer)
    response = client.post(
        "/api/v1/people/match",
        {"surname": "Rahman", "date_of_birth": "14/03"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert {"given_name", "date_of_birth"} <= set(response.json())
    client.force_login(analyst)
    assert (
        client.post(
            "/api/v1/people/match",
            {"given_name": "A", "surname": "B"},
            content_type="application/json",
        ).status_code
        == 403
    )


def test_referral_page_says_at_once_that_the_person_may_be_known(
    client, gateway_officer, team, referral
):
    add_person(gateway_officer, team, "Muhammad", "Rahman", datetime.date(2008, 3, 14))
    client.force_login(gateway_officer)
    page = client.get(referral.get_absolute_url()).content.decode()
    assert "1 likely match in the person index" in page


def test_a_shared_pnc_id_makes_a_wrongly_named_record_a_likely_match(client, gateway_officer, team):
    known = add_person(gateway_officer, team, "Thomas", "Whitfield", datetime.date(2001, 2, 3))
    person_identifier_add(person=known, officer=gateway_officer, kind="pnc", value="01/222222B")
    client.force_login(gateway_officer)
    body = {
        "given_name": "Gareth",
        "surname": "Whitfield",
        "date_of_birth": "2001-02-03",
        "postcode": "RG1 1AA",
        "address_line_1": "14 Willow Close",
        "pnc_id": "01/222222b",
    }
    best = client.post("/api/v1/people/match", body, content_type="application/json").json()
    assert best["people"][0]["id"] == str(known.pk)
    assert best["people"][0]["is_likely_match"]
    body["pnc_id"] = ""
    without = client.post("/api/v1/people/match", body, content_type="application/json").json()
    assert not without["people"] or not without["people"][0]["is_likely_match"]


def test_a_pnc_id_on_the_referral_finds_the_person_and_is_kept_on_a_new_person(
    client, gateway_officer, team
):
    known = add_person(gateway_officer, team, "Thomas", "Whitfield", datetime.date(2001, 2, 3))
    person_identifier_add(person=known, officer=gateway_officer, kind="pnc", value="01/222222B")
    referral = Factory(
        team=team,
        subject_given_name="Gareth",
        subject_family_name="Whitfield",
        subject_date_of_birth=datetime.date(2001, 2, 3),
        subject_pnc_id="01/222222B",
    )
    record = deconfliction.referral_match_record(referral)
    assert deconfliction.person_candidates(user=gateway_officer, record=record)[0].id == str(
        known.pk
    )
    other = Factory(team=team, subject_pnc_id="99/999999Z")
    client.force_login(gateway_officer)
    client.post(
        reverse("gateway:deconfliction", args=[other.pk]),
        {"form": "match", "choice": "new", "reason": "No match"},
    )
    other.refresh_from_db()
    assert other.person.identifiers.get().value == "99/999999Z"
