"""The enquiry and campaign API: the services and access of the pages, retry-safe creates,
edits that never silently overwrite, refusals for anyone outside Cyber Prevent."""

import pytest

from apps.accounts.tests.factories import TeamFactory
from apps.audit.models import AuditEvent
from apps.cyber_enquiries.api.views import CAMPAIGN_EXAMPLE, CONVERSION_EXAMPLE, ENQUIRY_EXAMPLE
from apps.cyber_enquiries.choices import EnquiryStatus
from apps.cyber_enquiries.models import CampaignActivity, CyberEnquiry
from apps.cyber_enquiries.tests.factories import ReceivedEnquiryFactory, SuitableEnquiryFactory
from apps.people.models import Person
from apps.referrals.choices import ReferralStatus
from apps.referrals.models import Referral

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


def _convert(client, enquiry, body=None, **headers):
    return client.post(
        f"{ENQUIRIES}{enquiry.pk}/convert/",
        CONVERSION_EXAMPLE if body is None else body,
        content_type="application/json",
        **headers,
    )


def test_a_suitable_enquiry_is_converted_once_with_de_confliction_and_audited(
    client, cyber_officer
):
    enquiry = SuitableEnquiryFactory(team=cyber_officer.team)
    client.force_login(cyber_officer)
    people_before = Person.objects.count()
    converted = _convert(client, enquiry, HTTP_IDEMPOTENCY_KEY="convert-enquiry-0001")
    assert converted.status_code == 201, converted.json()
    body = converted.json()
    referral = Referral.objects.get()
    assert body["status"] == EnquiryStatus.CONVERTED
    assert body["referral"] == referral.reference
    assert body["referral_id"] == str(referral.pk)
    assert body["referral_status"] == ReferralStatus.DECONFLICTION
    assert referral.is_cyber
    assert Person.objects.count() == people_before  # the Gateway officer decides who it is
    assert AuditEvent.objects.filter(
        object_id=str(enquiry.pk), action="transition", detail__referral=referral.reference
    ).exists()
    # A retry with the same key answers the same conversion and makes nothing new.
    again = _convert(client, enquiry, HTTP_IDEMPOTENCY_KEY="convert-enquiry-0001")
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert Referral.objects.count() == 1


def test_converting_again_or_an_enquiry_not_suitable_is_a_409(client, cyber_officer):
    client.force_login(cyber_officer)
    enquiry = SuitableEnquiryFactory(team=cyber_officer.team)
    assert _convert(client, enquiry).status_code == 201
    again = _convert(client, enquiry)
    assert again.status_code == 409
    received = ReceivedEnquiryFactory(team=cyber_officer.team)
    assert _convert(client, received).status_code == 409
    assert Referral.objects.count() == 1


def test_a_bad_referral_is_a_400_naming_the_field_and_converts_nothing(client, cyber_officer):
    client.force_login(cyber_officer)
    enquiry = SuitableEnquiryFactory(team=cyber_officer.team)
    refused = _convert(client, enquiry, {**CONVERSION_EXAMPLE, "given_name": ""})
    assert refused.status_code == 400
    assert "given_name" in refused.json()
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.SUITABLE
    assert not Referral.objects.exists()


def test_ct_prevent_officers_and_other_cyber_teams_cannot_convert(
    client, colleague, cyber_officer, make_user
):
    enquiry = SuitableEnquiryFactory(team=cyber_officer.team)
    client.force_login(colleague)
    assert _convert(client, enquiry).status_code == 403
    other_team = TeamFactory(name="EMSOU Cyber Prevent", kind="cyber")
    client.force_login(make_user("cyber_officer", username="emsou.officer", team=other_team))
    assert _convert(client, enquiry).status_code == 404
    assert not Referral.objects.exists()
