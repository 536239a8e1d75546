"""The shared API pieces: bounded pagination, JSON errors and the safety net for bad ids."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from rest_framework.exceptions import ValidationError as ApiValidationError

from apps.core import access, audit
from apps.core.api import MAX_LIMIT, exception_handler
from apps.referrals.models import Referral
from apps.referrals.tests.factories import ReceivedReferralFactory

pytestmark = pytest.mark.django_db

# Each paginated list, with the cast member who may use it.
LISTS = [("/api/v1/referrals/", "gateway_officer"), ("/api/v1/audit/events/", "supervisor")]


@pytest.fixture(params=LISTS, ids=["referrals", "audit events"])
def api_list(request, client, team):
    url, user_fixture = request.param
    user = request.getfixturevalue(user_fixture)
    for referral in ReceivedReferralFactory.create_batch(3, team=team):
        audit.record_view(user=user, subject=referral)
    client.force_login(user)
    return url


@pytest.mark.parametrize(
    "limit",
    ["9223372036854775808", "-1", "0", "ten", "1.5", "1_0", "٣", str(MAX_LIMIT + 1), "9" * 5000],
)
def test_a_limit_that_is_not_a_sensible_number_is_a_400(client, api_list, limit):
    response = client.get(api_list, {"limit": limit})
    assert response.status_code == 400
    assert response.json() == {"limit": [f"Enter a whole number from 1 to {MAX_LIMIT}."]}


@pytest.mark.parametrize("offset", ["9223372036854775808", "-1", "x", "1e3"])
def test_an_offset_that_is_not_a_sensible_number_is_a_400(client, api_list, offset):
    response = client.get(api_list, {"offset": offset})
    assert response.status_code == 400
    assert list(response.json()) == ["offset"]


def test_limits_up_to_the_maximum_are_served(client, api_list):
    assert client.get(api_list, {"limit": MAX_LIMIT}).status_code == 200
    page = client.get(api_list, {"limit": "1"}).json()
    assert len(page["results"]) == 1
    assert page["next"]


def test_an_offset_past_the_end_is_an_empty_page(client, api_list):
    response = client.get(api_list, {"offset": 1_000_000})
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_a_blank_limit_means_the_default_page(client, api_list):
    assert client.get(api_list, {"limit": "", "offset": ""}).status_code == 200


def test_an_unknown_api_path_is_a_json_404(client, supervisor):
    client.force_login(supervisor)
    for path in ["/api/v1/no-such-thing/", "/api/v1/audit/events/not-a-number/"]:
        response = client.get(path)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"


def test_an_unknown_api_path_tells_an_anonymous_caller_nothing(client):
    response = client.get("/api/v1/referrals/not-a-uuid/")
    assert response.status_code == 403
    assert response.json() == {"detail": "Sign in (with two-factor authentication) to use the API."}


def test_an_audit_event_number_beyond_any_sequence_is_a_404(client, supervisor):
    client.force_login(supervisor)
    assert client.get(f"/api/v1/audit/events/{'9' * 30}/").status_code == 404


def test_get_or_404_treats_an_id_of_the_wrong_form_as_no_record(gateway_officer):
    with pytest.raises(Http404):
        access.get_or_404(Referral.objects.all(), user=gateway_officer, pk="not-a-uuid")


def test_a_django_validation_error_reaching_the_api_is_a_400():
    response = exception_handler(ValidationError({"postcode": ["Enter a real UK postcode"]}), {})
    assert response.status_code == 400
    assert response.data == {"postcode": ["Enter a real UK postcode"]}


def test_errors_of_list_items_and_nested_fields_are_named_by_their_path():
    error = ApiValidationError(
        {
            "checked_on": ["Date has wrong format."],
            "systems": {0: ["Enter a valid code."]},
            "answers": [{}, {"text": ["This field may not be blank."]}],
            "tags": [["Not a valid string."], []],
        }
    )
    response = exception_handler(error, {})
    assert response.status_code == 400
    assert response.data == {
        "checked_on": ["Date has wrong format."],
        "systems.0": ["Enter a valid code."],
        "answers.1.text": ["This field may not be blank."],
        "tags.0": ["Not a valid string."],
    }
