"""The API's documentation page: readable, served locally, and only for signed-in users."""

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_signed_in_user_reads_the_documentation_of_every_operation(client, gateway_officer):
    client.force_login(gateway_officer)
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Prevent Casework API" in html
    assert 'id="swagger-ui"' in html
    # Swagger UI comes from this service's static files, not a CDN.
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn.jsdelivr.net" not in html
    script = client.get(reverse("api:docs"), {"script": ""}).content.decode()
    assert f'url: "{reverse("api:schema")}"' in script


def test_an_anonymous_visitor_is_refused_the_documentation(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 403
    assert b"swagger" not in response.content.lower()
    assert client.get(reverse("api:docs"), {"script": ""}).status_code == 403


@override_settings(REQUIRE_2FA=True)
def test_a_user_without_the_second_factor_is_refused_the_documentation(client, gateway_officer):
    client.force_login(gateway_officer)
    response = client.get(reverse("api:docs"))
    assert response.status_code in (302, 403)
    assert b"swagger-ui" not in response.content


@pytest.mark.parametrize("path", ["/api/", "/api/v1/"])
def test_the_api_root_leads_to_its_documentation(client, gateway_officer, path):
    client.force_login(gateway_officer)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("api:docs")
    assert client.get(path, follow=True).status_code == 200


def test_other_unknown_api_paths_are_still_json_not_found(client, gateway_officer):
    client.force_login(gateway_officer)
    response = client.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
