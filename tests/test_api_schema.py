import pytest
import yaml
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from apps.audit.choices import AuditAction

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def schema():
    """The schema as `manage.py spectacular --validate --fail-on-warn` would build it."""
    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        built = SchemaGenerator(api_version="1.0.0").get_schema(request=None, public=True)
    assert not GENERATOR_STATS, [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
    validate_schema(built)
    return built


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


@pytest.mark.django_db
def test_openapi_schema_is_served_to_signed_in_users_only(client, supervisor):
    assert client.get("/api/v1/schema/").status_code in (401, 403)
    client.force_login(supervisor)
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["info"]["title"] == "Prevent Casework API"
    assert "/api/v1/audit/events/" in schema["paths"]


def test_every_id_in_a_path_is_a_uuid(schema):
    checked = 0
    for path, _method, operation in operations(schema):
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path" and (
                parameter["name"] == "id" or parameter["name"].endswith("_id")
            ):
                assert parameter["schema"] == {"type": "string", "format": "uuid"}, path
                checked += 1
    assert checked


def test_every_operation_documents_403_and_each_record_route_404(schema):
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        assert {"401", "403"} <= set(responses), f"{method} {path}"
        if "{" in path:
            assert "404" in responses, f"{method} {path}"
        if method in {"post", "put", "patch"} or any(
            parameter["in"] == "query" for parameter in operation.get("parameters", [])
        ):
            assert "400" in responses, f"{method} {path}"


def test_error_responses_have_a_body_a_client_can_read(schema):
    for path, method, operation in operations(schema):
        for status, response in operation["responses"].items():
            if status.startswith("4"):
                assert response["content"]["application/json"]["schema"], f"{method} {path}"
                assert response["description"], f"{method} {path} {status}"


def test_the_audit_action_filter_is_an_enum_of_the_actions(schema):
    parameters = schema["paths"]["/api/v1/audit/events/"]["get"]["parameters"]
    action = next(parameter for parameter in parameters if parameter["name"] == "action")
    assert set(action["schema"]["enum"]) == set(AuditAction.values)
    dates = [parameter for parameter in parameters if parameter["name"].startswith("date_")]
    assert all(parameter["schema"]["format"] == "date" for parameter in dates)


def test_pagination_parameters_state_their_bounds(schema):
    for path in ["/api/v1/referrals/", "/api/v1/audit/events/"]:
        parameters = {
            parameter["name"]: parameter["schema"]
            for parameter in schema["paths"][path]["get"]["parameters"]
        }
        assert parameters["limit"]["minimum"] == 1
        assert parameters["limit"]["maximum"] == 200
        assert parameters["offset"]["minimum"] == 0


def test_request_bodies_are_json_only(schema):
    for path, method, operation in operations(schema):
        if "requestBody" in operation:
            assert set(operation["requestBody"]["content"]) == {"application/json"}, path
            assert "415" in operation["responses"], f"{method} {path}"


def test_referral_fields_are_typed_as_the_checks_expect(schema):
    components = schema["components"]["schemas"]
    submitted = components["ReferralSubmit"]["properties"]
    assert submitted["date_received"]["format"] == "date"
    assert submitted["estimated_age"]["type"] == "integer"
    assert submitted["is_cyber"]["type"] == "boolean"
    assert submitted["needs"]["type"] == "array"
    assert submitted["channel"]["allOf"][0]["$ref"].endswith("/ChannelEnum")
    assert {"given_name", "concern", "person_aware"} <= set(
        components["ReferralSubmit"]["required"]
    )
    assert "gender" not in components["ReferralSubmit"]["required"]
    # A referral not yet linked to a person has none.
    assert components["Referral"]["properties"]["person"]["nullable"] is True
