"""The enquiry and campaign API: the services and access of the pages, retry-safe creates,
edits that never silently overwrite, refusals for anyone outside Cyber Prevent."""

import pytest

from apps.audit.models import AuditEvent
from apps.cyber_enquiries.api.views import CAMPAIGN_EXAMPLE, ENQUIRY_EXAMPLE
from apps.cyber_enquiries.choices import EnquiryStatus
from apps.cyber_enquiries.models import CampaignActivity, CyberEnquiry
from apps.cyber_enquiries.tests.factories import ReceivedEnquiryFactory
from apps.people.models import Person

pytestmark = pytest.mark.django_db

ENQUIRIES = "/api/v1/cyber/enquiries/"
CAMPAIGNS = "/api/v1/cyber/campaigns/"


def test_an_enquiry_is_created_once_per_idempotency_key_and_no_person(client, cyber_officer):
    client.force_login(cyber_officer)
    first = client.post(
        ENQUIRIES, ENQUIRY_EXAMPLE, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    again = client.post(
        ENQUIRIES, ENQUIRY_EXAMPLE, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert first.status_code == 201
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert first.json()["id"] == again.json()["id"]
    assert set(first.json()["interests"]) == {"coding", "gaming"}
    assert CyberEnquiry.objects.count() == 1
    assert not Person.objects.exists()


def test_bad_input_names_the_field_and_stores_nothing(client, cyber_officer):
    client.force_login(cyber_officer)
    response = client.post(
        ENQUIRIES,
        {**ENQUIRY_EXAMPLE, "age_band": "ninety", "usernames": "leet"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "age_band" in response.json()
    assert not CyberEnquiry.objects.exists()


@pytest.mark.parametrize("role", ["supervisor", "gateway_officer", "analyst"])
def test_roles_outside_cyber_prevent_are_refused(client, request, role):
    enquiry = ReceivedEnquiryFactory()
    client.force_login(request.getfixturevalue(role))
    assert client.get(ENQUIRIES).status_code == 403
    assert client.get(f"{ENQUIRIES}{enquiry.pk}/").status_code == 403
    assert (
        client.post(ENQUIRIES, ENQUIRY_EXAMPLE, content_type="application/json").status_code == 403
    )
    assert not CyberEnquiry.objects.exclude(pk=enquiry.pk).exists()


def test_the_listing_is_recorded_and_another_teams_enquiry_is_absent(client, cyber_officer):
    mine = ReceivedEnquiryFactory(team=cyber_officer.team)
    theirs = ReceivedEnquiryFactory()
    client.force_login(cyber_officer)
    body = client.get(ENQUIRIES, {"age_band": "14-15"}).json()
    assert [row["reference"] for row in body["results"]] == [mine.reference]
    assert client.get(f"{ENQUIRIES}{theirs.pk}/").status_code == 404
    assert AuditEvent.objects.get(action="search").detail["references"] == [mine.reference]


def test_a_change_needs_if_match_and_a_stale_one_is_refused(client, cyber_officer):
    enquiry = ReceivedEnquiryFactory(team=cyber_officer.team)
    client.force_login(cyber_officer)
    url = f"{ENQUIRIES}{enquiry.pk}/"
    etag = client.get(url)["ETag"]

    assert client.patch(url, {"vpn_use": "no"}, content_type="application/json").status_code == 428
    changed = client.patch(
        url, {"vpn_use": "no"}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert changed.status_code == 200
    assert changed.json()["vpn_use"] == "no"
    stale = client.patch(
        url, {"vpn_use": "yes"}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    enquiry.refresh_from_db()
    assert enquiry.vpn_use == "no"


def test_the_decision_step_over_the_api(client, cyber_officer):
    enquiry = ReceivedEnquiryFactory(team=cyber_officer.team)
    client.force_login(cyber_officer)
    url = f"{ENQUIRIES}{enquiry.pk}/decision/"
    refused = client.post(
        url, {"outcome": "not_suitable", "rationale": "Fraud"}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert "signposted_to" in refused.json()
    decided = client.post(
        url,
        {"outcome": "not_suitable", "rationale": "Fraud", "signposted_to": "action-fraud"},
        content_type="application/json",
    )
    assert decided.status_code == 200
    assert decided.json()["status"] == EnquiryStatus.NOT_SUITABLE
    assert decided.json()["decisions"][0]["signposted_to"] == "action-fraud"


def test_campaign_activity_with_resources(client, cyber_officer):
    client.force_login(cyber_officer)
    created = client.post(CAMPAIGNS, CAMPAIGN_EXAMPLE, content_type="application/json")
    assert created.status_code == 201
    assert {row["resource"]: row["quantity"] for row in created.json()["resources"]} == {
        "leaflet-young-people": 180,
        "lesson-plan-ks3": 6,
    }
    activity = CampaignActivity.objects.get()
    url = f"{CAMPAIGNS}{activity.pk}/"
    etag = client.get(url)["ETag"]
    changed = client.patch(
        url,
        {"resources": [{"resource": "poster", "quantity": 3}]},
        content_type="application/json",
        HTTP_IF_MATCH=etag,
    )
    assert changed.status_code == 200
    assert changed.json()["resources"] == [{"resource": "poster", "quantity": 3}]
    event = AuditEvent.objects.get(action="update", object_id=str(activity.pk))
    assert event.changes["resources"]["new"] == {"Poster": 3}
