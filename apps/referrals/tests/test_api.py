"""POST /api/v1/referrals/ uses the same validation as the pages and imports."""

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.people.services import person_restrict
from apps.referrals.models import Referral
from apps.referrals.tests.factories import (
    AssessmentReferralFactory,
    ReceivedReferralFactory,
    referral_row,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/referrals/"


def test_api_creates_a_referral(client, gateway_officer):
    client.force_login(gateway_officer)
    response = client.post(URL, referral_row(), content_type="application/json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["reference"].startswith("PR-")
    assert body["subject_postcode"] == "RG1 1AA"
    assert Referral.objects.get().team == gateway_officer.team


def test_api_reports_every_bad_field_and_stores_nothing(client, gateway_officer):
    client.force_login(gateway_officer)
    response = client.post(
        URL,
        referral_row(postcode="nope", sector="Astrology", given_name=""),
        content_type="application/json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) >= {"postcode", "sector", "given_name"}
    assert not Referral.objects.exists()


def test_api_refuses_a_repeated_source_reference(client, gateway_officer):
    client.force_login(gateway_officer)
    client.post(URL, referral_row(), content_type="application/json")
    response = client.post(URL, referral_row(), content_type="application/json")
    assert response.status_code == 400
    assert "source_reference" in response.json()
    assert Referral.objects.count() == 1


def test_api_refuses_roles_without_add(client, colleague):
    client.force_login(colleague)
    response = client.post(URL, referral_row(), content_type="application/json")
    assert response.status_code == 403


def test_api_list_and_detail_respect_need_to_know(client, gateway_officer, outsider, team):
    referral = ReceivedReferralFactory(team=team)
    client.force_login(outsider)
    assert client.get(URL).json()["count"] == 0
    assert client.get(f"{URL}{referral.pk}/").status_code == 404
    client.force_login(gateway_officer)
    assert client.get(URL).json()["count"] == 1
    assert client.get(f"{URL}{referral.pk}/").status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(referral.pk)).exists()


def test_schema_documents_the_referral_fields(client, gateway_officer):
    client.force_login(gateway_officer)
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    body = schema["paths"]["/api/v1/referrals/"]["post"]["requestBody"]
    reference = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    properties = schema["components"]["schemas"][reference]["properties"]
    assert {"given_name", "concern", "sector", "concern_type", "person_aware"} <= set(properties)
    assert "/api/v1/people/match" in schema["paths"]


def test_listing_the_gateway_queue_is_recorded(client, gateway_officer, team):
    ReceivedReferralFactory(team=team)
    client.force_login(gateway_officer)
    client.get(reverse("referrals:referral_list"))
    event = AuditEvent.objects.get(action=AuditAction.SEARCH)
    assert event.detail["scope"] == "gateway queue"
    assert event.detail["result_count"] == 1


def test_api_list_records_a_consultation_of_each_referral_returned(
    client, colleague, team, outsider
):
    shown = ReceivedReferralFactory.create_batch(2, team=team)
    ReceivedReferralFactory(team=outsider.team)
    client.force_login(colleague)
    response = client.get(URL, HTTP_X_REQUEST_ID="api-list-request-0001")
    assert response.json()["count"] == 2
    views = AuditEvent.objects.filter(action=AuditAction.VIEW, actor=colleague)
    assert sorted(views.values_list("object_reference", flat=True)) == sorted(
        referral.reference for referral in shown
    )
    assert set(views.values_list("request_id", flat=True)) == {"api-list-request-0001"}
    listing = AuditEvent.objects.get(action=AuditAction.SEARCH, actor=colleague)
    assert listing.detail["scope"] == "api referrals"
    assert listing.detail["result_count"] == 2
    assert sorted(listing.detail["references"]) == sorted(referral.reference for referral in shown)
    assert listing.request_id == "api-list-request-0001"
    assert listing.channel == "api"


def test_api_list_records_only_the_page_it_returns(client, gateway_officer, team):
    ReceivedReferralFactory.create_batch(3, team=team)
    client.force_login(gateway_officer)
    first = client.get(URL, {"limit": 2}).json()
    assert first["count"] == 3
    assert len(first["results"]) == 2
    assert first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1
    returned = {item["reference"] for item in first["results"] + second["results"]}
    views = AuditEvent.objects.filter(action=AuditAction.VIEW, actor=gateway_officer)
    assert views.count() == 3
    assert set(views.values_list("object_reference", flat=True)) == returned


def test_api_detail_with_an_id_that_is_not_a_uuid_is_a_json_404(client, gateway_officer):
    client.force_login(gateway_officer)
    response = client.get(f"{URL}not-a-uuid/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_api_detail_of_an_unknown_uuid_is_a_404(client, gateway_officer):
    client.force_login(gateway_officer)
    response = client.get(f"{URL}00000000-0000-4000-8000-000000000000/")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_api_names_each_field_sent_as_the_wrong_json_type(client, gateway_officer):
    client.force_login(gateway_officer)
    body = referral_row(
        date_of_birth=["2009-04-12"], date_received=20261116, given_name={"a": 1}, needs=[1]
    )
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code == 400
    errors = response.json()
    assert errors["date_of_birth"] == ["Date of birth must be a date like 2001-04-23"]
    assert errors["date_received"] == ["Date received must be a date like 2001-04-23"]
    assert errors["given_name"] == ["Given name must be text"]
    assert errors["needs"] == ["Needs disclosed must be a list of codes or labels"]
    assert not Referral.objects.exists()


def test_api_still_reports_other_fields_beside_a_wrong_type(client, gateway_officer):
    client.force_login(gateway_officer)
    body = referral_row(date_of_birth=["2009-04-12"], postcode="nope")
    errors = client.post(URL, body, content_type="application/json").json()
    assert set(errors) == {"date_of_birth", "postcode"}


def test_api_takes_a_list_of_needs(client, gateway_officer):
    client.force_login(gateway_officer)
    response = client.post(URL, referral_row(needs=[]), content_type="application/json")
    assert response.status_code == 201, response.json()


def test_api_refuses_a_form_encoded_body(client, gateway_officer):
    client.force_login(gateway_officer)
    response = client.post(URL, referral_row())
    assert response.status_code == 415
    assert not Referral.objects.exists()


@pytest.mark.parametrize("gender", ["", None], ids=["blank", "missing"])
def test_api_records_a_blank_or_missing_gender_as_not_recorded(client, gateway_officer, gender):
    body = referral_row()
    if gender is None:
        del body["gender"]
    else:
        body["gender"] = gender
    client.force_login(gateway_officer)
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert Referral.objects.get().subject_gender == "not_recorded"


def test_api_errors_are_keyed_by_the_input_field_names(client, gateway_officer):
    client.force_login(gateway_officer)
    response = client.post(
        URL, referral_row(gender="Unknown", postcode="nope"), content_type="application/json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"gender", "postcode"}
    assert not any(key.startswith("subject_") for key in response.json())


def test_api_keys_a_model_check_by_the_input_field_name(client, gateway_officer, monkeypatch):

    def refuse_town(self):
        raise ValidationError({"subject_town": "Synthetic model-level refusal"})

    monkeypatch.setattr(Referral, "clean", refuse_town)
    client.force_login(gateway_officer)
    response = client.post(URL, referral_row(), content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"town": ["Synthetic model-level refusal"]}


def test_api_says_nothing_of_a_restricted_person_to_a_reader_not_on_their_list(
    client, team, gateway_officer, colleague, sio, person
):
    """A decided referral stays open to the team; its restricted person does not."""

    decided = AssessmentReferralFactory(team=team, person=person, status="decided")
    client.force_login(colleague)
    assert client.get(f"{URL}{decided.pk}/").json()["person"] == person.reference
    person_restrict(person=person, officer=gateway_officer, readers=[sio], reason="Trace")
    detail = client.get(f"{URL}{decided.pk}/")
    listed = client.get(URL).json()["results"]
    assert detail.status_code == 200
    assert detail.json()["person"] is None
    assert [row["person"] for row in listed] == [None]
    assert person.reference not in detail.content.decode()
    client.force_login(sio)
    assert client.get(f"{URL}{decided.pk}/").json()["person"] == person.reference
    assert client.get(URL).json()["results"][0]["person"] == person.reference


def test_api_shows_the_person_of_an_unrestricted_referral(client, team, colleague, person):
    referral = AssessmentReferralFactory(team=team, person=person)
    unlinked = ReceivedReferralFactory(team=team)
    client.force_login(colleague)
    listed = {row["id"]: row["person"] for row in client.get(URL).json()["results"]}
    assert listed == {str(referral.pk): person.reference, str(unlinked.pk): None}


@pytest.mark.parametrize(
    ("factory", "user_fixture", "expected"),
    [
        (ReceivedReferralFactory, "gateway_officer", ["begin_deconfliction"]),
        (ReceivedReferralFactory, "colleague", []),
        (AssessmentReferralFactory, "gateway_officer", ["propose_decision"]),
        (AssessmentReferralFactory, "sio", []),
    ],
)
def test_api_says_which_steps_the_caller_may_take(
    request, client, team, factory, user_fixture, expected
):
    referral = factory(team=team)
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(f"{URL}{referral.pk}/").json()["available_transitions"] == expected
    listed = client.get(URL).json()["results"]
    assert [row["available_transitions"] for row in listed] == [expected]
