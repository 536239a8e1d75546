"""Obviously wrong input to any API operation is the caller's mistake: a 4xx, never a 500."""

import json

import pytest

from apps.referrals.tests.factories import ReceivedReferralFactory, referral_row

pytestmark = pytest.mark.django_db

# Values of every JSON type, and strings databases and parsers dislike.
WRONG_VALUES = [
    None,
    True,
    -1,
    1.5,
    9223372036854775808,
    [],
    ["a", "b"],
    {"a": 1},
    "\x00",
    "x" * 100_000,
    "2026-13-45",
    "'; DROP TABLE referrals_referral; --",
]
FIELDS = list(referral_row()) + ["needs", "computer_misuse_sections", "estimated_age"]
MATCH_FIELDS = ["given_name", "surname", "date_of_birth", "postcode", "pnc_id", "gender"]


@pytest.fixture
def officer(client, gateway_officer):
    client.force_login(gateway_officer)
    return client


@pytest.mark.parametrize("value", WRONG_VALUES, ids=lambda value: type(value).__name__)
def test_referral_submit_answers_a_wrong_value_in_any_field_without_a_server_error(officer, value):
    # Every field at once: each field is checked whatever the others hold.
    body = json.dumps(referral_row(**dict.fromkeys(FIELDS, value)))
    response = officer.post("/api/v1/referrals/", body, content_type="application/json")
    assert response.status_code == 400, response.content[:300]


@pytest.mark.parametrize("value", WRONG_VALUES, ids=lambda value: type(value).__name__)
def test_person_match_answers_a_wrong_value_in_any_field_without_a_server_error(officer, value):
    body = json.dumps(dict.fromkeys(MATCH_FIELDS, value))
    response = officer.post("/api/v1/people/match", body, content_type="application/json")
    assert response.status_code in (200, 400), response.content[:300]


@pytest.mark.parametrize("body", ["", "null", "[]", "[{}]", '"text"', "1", "{", "\x00"])
@pytest.mark.parametrize("url", ["/api/v1/referrals/", "/api/v1/people/match"])
def test_a_body_that_is_not_one_json_object_is_a_400(officer, url, body):
    response = officer.post(url, body, content_type="application/json")
    assert response.status_code == 400, (body, response.content[:200])
    # The documented 400: each key names a field (or non_field_errors) with its problems.
    errors = response.json()
    assert errors, body
    assert all(
        isinstance(problems, list) and all(isinstance(problem, str) for problem in problems)
        for problems in errors.values()
    ), (body, errors)


@pytest.mark.parametrize("value", WRONG_VALUES, ids=lambda value: type(value).__name__)
def test_audit_search_answers_a_wrong_value_in_any_parameter_without_a_server_error(
    client, supervisor, value
):
    client.force_login(supervisor)
    parameters = ["username", "record", "action", "date_from", "date_to", "limit", "offset"]
    for parameter in parameters:
        response = client.get("/api/v1/audit/events/", {parameter: str(value)})
        assert response.status_code in (200, 400), (parameter, response.content[:300])


@pytest.mark.parametrize(
    "path",
    [
        "not-a-uuid",
        "00000000-0000-0000-0000-000000000000",
        "%00",
        "..%2F..%2Fetc%2Fpasswd",
        "1",
        "x" * 5000,
    ],
)
def test_a_referral_id_of_any_form_is_found_or_a_404(officer, team, path):
    ReceivedReferralFactory(team=team)
    assert officer.get(f"/api/v1/referrals/{path}/").status_code == 404
