"""A case's support over the API: the pages' services and rules, access from the case,
If-Match on changes, Idempotency-Key on creates, the consent rule, the wrong stage a 409."""

import datetime

import pytest

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.cases.services import case_restrict
from apps.cases.tests.factories import OpenCaseFactory
from apps.interventions.choices import ConsentStatus, InterventionStatus
from apps.interventions.models import ConsentRecord, Intervention, Signposting, SupportPlan
from apps.interventions.tests.factories import GivenConsentFactory, PlannedInterventionFactory
from apps.partners.tests.factories import ProviderFactory, approved_provider

pytestmark = pytest.mark.django_db
API = "/api/v1"
JSON = "application/json"
TODAY = datetime.date.today()


def post(client, url, body=None, **headers):
    return client.post(url, body or {}, content_type=JSON, headers=headers)


def patch(client, url, body, **headers):
    return client.patch(url, body, content_type=JSON, headers=headers)


def put(client, url, body, **headers):
    return client.put(url, body, content_type=JSON, headers=headers)


@pytest.fixture
def case(team):
    return OpenCaseFactory(team=team)


@pytest.fixture
def outside_officer(make_user, other_team):
    return make_user("prevent_officer", username="outside.officer", team=other_team)


def test_an_intervention_is_planned_with_a_provider_the_directory_offers(
    signed_in, colleague, case
):
    provider = approved_provider(specialisms=["mentoring"])
    body = {
        "type": "mentoring",
        "provider": provider.reference,
        "objective": "Build a trusted relationship (synthetic)",
        "start_date": str(TODAY),
    }
    client = signed_in(colleague)
    url = f"{API}/cases/{case.pk}/interventions/"

    created = post(client, url, body, **{"Idempotency-Key": "iv-1"})
    again = post(client, url, body, **{"Idempotency-Key": "iv-1"})

    assert created.status_code == 201, created.json()
    assert (created.json()["provider"], created.json()["status"]) == (provider.reference, "planned")
    assert again.json()["id"] == created.json()["id"]
    assert Intervention.objects.filter(case=case).count() == 1
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=created.json()["id"]
    ).exists()
    assert [row["id"] for row in client.get(url).json()] == [created.json()["id"]]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"type": "no-such-type"}, "type"),
        ({"type": "cyber-choices"}, "type"),
        ({"objective": ""}, "objective"),
        ({"end_date": "2000-01-01"}, "end_date"),
        ({"provider": "unapproved"}, "provider"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(signed_in, colleague, case, change, field):
    ProviderFactory(reference="PV-2025-09999", specialisms=["mentoring"])  # never approved
    if change.get("provider") == "unapproved":
        change = {"provider": "PV-2025-09999"}
    body = {"type": "mentoring", "objective": "x", "start_date": str(TODAY), **change}

    response = post(signed_in(colleague), f"{API}/cases/{case.pk}/interventions/", body)

    assert response.status_code == 400
    assert field in response.json()
    assert not Intervention.objects.exists()


def test_support_that_needs_consent_starts_only_once_it_is_given(signed_in, colleague, case):
    intervention = PlannedInterventionFactory(case=case)
    client = signed_in(colleague)
    url = f"{API}/interventions/{intervention.pk}/transitions/"

    refused = post(client, url, {"step": "start"})
    assert refused.status_code == 400
    assert "consent" in str(refused.json())

    given = post(
        client,
        f"{API}/cases/{case.pk}/consents/",
        {
            "status": "given",
            "recorded_on": str(TODAY),
            "given_by": "person",
            "how_sought": "face_to_face",
        },
    )
    assert given.status_code == 201, given.json()
    started = post(client, url, {"step": "start"})
    assert (started.status_code, started.json()["status"]) == (200, "active")
    assert post(client, url, {"step": "start"}).status_code == 409
    no_outcome = post(client, url, {"step": "complete"})
    assert (no_outcome.status_code, list(no_outcome.json())) == (400, ["outcome"])
    done = post(client, url, {"step": "complete", "outcome": "Goals met"})
    assert done.json()["status"] == InterventionStatus.COMPLETED
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.TRANSITION, object_id=str(intervention.pk)
        ).count()
        == 2
    )


def test_withdrawing_consent_through_the_api_stops_the_support(signed_in, colleague, case):
    GivenConsentFactory(case=case, recorded_on=TODAY - datetime.timedelta(days=3))
    intervention = PlannedInterventionFactory(case=case)
    client = signed_in(colleague)
    body = {"status": "withdrawn", "recorded_on": str(TODAY), "given_by": "person"}

    missing = post(client, f"{API}/cases/{case.pk}/consents/", body)
    assert (missing.status_code, list(missing.json())) == (400, ["how_sought"])
    withdrawn = post(client, f"{API}/cases/{case.pk}/consents/", {**body, "how_sought": "phone"})

    assert withdrawn.status_code == 201
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.STOPPED
    history = client.get(f"{API}/cases/{case.pk}/consents/").json()
    assert [row["status"] for row in history] == [ConsentStatus.WITHDRAWN, ConsentStatus.GIVEN]


def test_a_change_needs_if_match_and_a_stale_one_is_refused(signed_in, colleague, supervisor, case):
    intervention = PlannedInterventionFactory(case=case)
    url = f"{API}/interventions/{intervention.pk}/"
    client = signed_in(colleague)

    assert patch(client, url, {"sessions_held": 2}).status_code == 428
    done = patch(client, url, {"sessions_held": 2}, **{"If-Match": '"1"'})
    assert (done.status_code, done["ETag"], done.json()["sessions_held"]) == (200, '"2"', 2)
    stale = patch(signed_in(supervisor), url, {"sessions_held": 5}, **{"If-Match": '"1"'})
    assert (stale.status_code, stale.json()["sessions_held"]) == (412, 2)
    bad = patch(client, url, {"sessions_held": -1}, **{"If-Match": '"2"'})
    assert (bad.status_code, list(bad.json())) == (400, ["sessions_held"])
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(intervention.pk))
    assert event.changes["sessions_held"] == {"old": 0, "new": 2}


def test_a_restricted_case_and_another_teams_case_refuse_every_write(
    signed_in, colleague, outside_officer, sio, case
):
    intervention = PlannedInterventionFactory(case=case)
    case_restrict(case=case, officer=sio, readers=[sio], reason="Live investigation")

    for user in (colleague, outside_officer):
        client = signed_in(user)
        base = f"{API}/cases/{case.pk}"
        body = {"type": "mentoring", "objective": "x", "start_date": str(TODAY)}
        assert post(client, f"{base}/interventions/", body).status_code == 404
        assert post(client, f"{base}/consents/", {"status": "not_sought"}).status_code == 404
        assert put(client, f"{base}/support-plan/", {"objectives": "x"}).status_code == 404
        url = f"{API}/interventions/{intervention.pk}/"
        assert patch(client, url, {"sessions_held": 1}, **{"If-Match": '"1"'}).status_code == 404
        assert post(client, f"{url}transitions/", {"step": "stop"}).status_code == 404
    assert not SupportPlan.objects.exists()
    assert not ConsentRecord.objects.exists()


def test_roles_without_the_capability_are_refused(signed_in, analyst, sio, case):
    intervention = PlannedInterventionFactory(case=case)
    for user in (analyst, sio):
        client = signed_in(user)
        created = post(
            client,
            f"{API}/cases/{case.pk}/signposting/",
            {"service": "early-help", "signposted_on": str(TODAY), "reason": "x"},
        )
        assert created.status_code in (403, 404)
        changed = patch(
            client,
            f"{API}/interventions/{intervention.pk}/",
            {"sessions_held": 1},
            **{"If-Match": '"1"'},
        )
        assert changed.status_code in (403, 404)
    assert not Signposting.objects.exists()


def test_the_plan_is_written_then_changed_with_if_match(signed_in, colleague, supervisor, case):
    url = f"{API}/cases/{case.pk}/support-plan/"
    client = signed_in(colleague)
    assert client.get(url).status_code == 404

    first = put(client, url, {"objectives": "Reduce isolation"})
    assert (first.status_code, first["ETag"]) == (201, '"1"')
    assert put(client, url, {"objectives": "Changed"}).status_code == 428
    changed = put(client, url, {"objectives": "Changed"}, **{"If-Match": '"1"'})
    assert (changed.status_code, changed["ETag"]) == (200, '"2"')
    stale = put(signed_in(supervisor), url, {"objectives": "Mine"}, **{"If-Match": '"1"'})
    assert (stale.status_code, stale.json()["objectives"]) == (412, "Changed")
    empty = put(client, url, {"objectives": ""}, **{"If-Match": '"2"'})
    assert (empty.status_code, list(empty.json())) == (400, ["objectives"])
    assert client.get(url).json()["objectives"] == "Changed"


def test_signposting_and_its_response(signed_in, colleague, case):
    client = signed_in(colleague)
    created = post(
        client,
        f"{API}/cases/{case.pk}/signposting/",
        {"service": "early-help", "signposted_on": str(TODAY), "reason": "Family support"},
        **{"Idempotency-Key": "sg-1"},
    )
    assert created.status_code == 201, created.json()
    url = f"{API}/signposting/{created.json()['id']}/"
    assert client.get(url)["ETag"] == '"1"'

    undated = patch(client, url, {"response": "accepted"}, **{"If-Match": '"1"'})
    assert (undated.status_code, list(undated.json())) == (400, ["response_on"])
    answered = patch(
        client,
        url,
        {"response": "accepted", "response_on": str(TODAY), "response_note": "Allocated"},
        **{"If-Match": '"1"'},
    )
    assert (answered.status_code, answered.json()["response"]) == (200, "accepted")
    listed = client.get(f"{API}/signposting/").json()["results"]
    assert [row["reference"] for row in listed] == [created.json()["reference"]]
    future = post(
        client,
        f"{API}/cases/{case.pk}/signposting/",
        {
            "service": "health",
            "signposted_on": str(TODAY + datetime.timedelta(days=2)),
            "reason": "x",
        },
    )
    assert (future.status_code, list(future.json())) == (400, ["signposted_on"])
