import pytest
import yaml


@pytest.mark.django_db
def test_openapi_schema_is_served_to_signed_in_users_only(client, supervisor):
    assert client.get("/api/v1/schema/").status_code in (401, 403)
    client.force_login(supervisor)
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["info"]["title"] == "Prevent Casework API"
    assert "/api/v1/audit/events/" in schema["paths"]
