"""Content-Security-Policy on every page, and nothing with personal data left in a cache.

Issue 7, item 12: a strict CSP (scripts only from this origin or with the request's
nonce, never inline) and `Cache-Control: no-store` on pages, API responses,
attachment downloads and the two-factor enrolment page.
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.core.tests.forms import post_with_token
from apps.people.tests.factories import PersonFactory
from apps.referrals.models import ReferralAttachment
from apps.referrals.tests.factories import ReceivedReferralFactory

pytestmark = pytest.mark.django_db

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def assert_not_stored(response) -> None:
    assert response["Cache-Control"] == "no-store"
    assert response["Pragma"] == "no-cache"


def csp_directives(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.fixture
def officer_client(client, gateway_officer):
    client.force_login(gateway_officer)
    return client


@pytest.fixture
def referral(team):
    return ReceivedReferralFactory(team=team)


def test_a_person_page_is_not_stored(officer_client, team):
    person = PersonFactory(team=team)
    response = officer_client.get(reverse("people:person_detail", args=[person.pk]))
    assert response.status_code == 200
    assert_not_stored(response)


def test_a_referral_page_is_not_stored(officer_client, referral):
    response = officer_client.get(reverse("referrals:referral_detail", args=[referral.pk]))
    assert response.status_code == 200
    assert_not_stored(response)


def test_an_api_response_is_not_stored(officer_client, referral):
    response = officer_client.get("/api/v1/referrals/")
    assert response.status_code == 200
    assert_not_stored(response)


def test_a_refused_api_response_is_not_stored(client):
    assert_not_stored(client.get("/api/v1/referrals/"))


def test_an_attachment_download_is_not_stored(officer_client, referral):
    post_with_token(
        officer_client,
        reverse("referrals:attachment_create", args=[referral.pk]),
        {
            "file": SimpleUploadedFile("letter.pdf", b"%PDF-1.4\n% synthetic\n", "application/pdf"),
            "description": "",
        },
    )
    attachment = ReferralAttachment.objects.get()
    response = officer_client.get(reverse("referrals:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert_not_stored(response)


def test_the_two_factor_enrolment_page_is_not_stored(client, gateway_officer, settings):
    settings.REQUIRE_2FA = True
    client.force_login(gateway_officer)
    response = client.get(reverse("accounts:two_factor"))
    assert response.status_code == 200
    assert b"totp-secret" in response.content
    assert_not_stored(response)


def test_pages_carry_a_strict_content_security_policy(officer_client):
    response = officer_client.get(reverse("core:home"))
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["base-uri"] == ["'self'"]
    assert "'self'" in directives["script-src"]
    nonces = [value for value in directives["script-src"] if value.startswith("'nonce-")]
    assert len(nonces) == 1
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    nonce = nonces[0][len("'nonce-") : -1]
    assert f'nonce="{nonce}"' in response.content.decode()


def test_each_response_gets_its_own_nonce(officer_client):
    first = csp_directives(officer_client.get(reverse("core:home")))["script-src"]
    second = csp_directives(officer_client.get(reverse("core:home")))["script-src"]
    assert first != second


def test_the_sign_in_page_has_the_policy_too(client):
    response = client.get(reverse("accounts:login"))
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_the_api_documentation_page_has_no_inline_script(officer_client):
    """Swagger UI's start-up script is a separate request, so no script needs a nonce."""
    response = officer_client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    tags = SCRIPT_TAG.findall(html)
    assert tags
    for attributes in tags:
        assert "src=" in attributes
    bodies = re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.IGNORECASE | re.DOTALL)
    assert [body.strip() for body in bodies] == [""] * len(tags)
    assert "<style" not in html
    for src in re.findall(r'<script\b[^>]*src="([^"]+)"', html):
        assert src.startswith("/"), "scripts come from this service, never a CDN"
    directives = csp_directives(response)
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["img-src"] == ["'self'", "data:"]


def test_the_api_documentation_start_up_script_is_served_as_javascript(officer_client):
    response = officer_client.get(reverse("api:docs"), {"script": ""})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert reverse("api:schema") in response.content.decode()


def test_only_the_api_documentation_page_allows_data_images(officer_client):
    assert "data:" not in csp_directives(officer_client.get(reverse("core:home")))["img-src"]


def test_the_api_schema_is_served_without_script(officer_client):
    schema = officer_client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"<script" not in schema.content


def main_pages(person, referral) -> list[str]:
    return [
        reverse("core:home"),
        reverse("core:accessibility"),
        reverse("core:privacy"),
        reverse("people:person_list"),
        reverse("people:person_detail", args=[person.pk]),
        reverse("people:person_edit", args=[person.pk]),
        reverse("referrals:referral_list"),
        reverse("referrals:referral_start"),
        reverse("referrals:referral_detail", args=[referral.pk]),
        reverse("referrals:attachment_create", args=[referral.pk]),
        reverse("referrals:import_create"),
        reverse("accounts:password_change"),
        reverse("accounts:break_glass_list"),
        reverse("accounts:break_glass_create"),
    ]


def test_no_page_has_inline_script(officer_client, team, referral):
    person = PersonFactory(team=team)
    for url in main_pages(person, referral):
        response = officer_client.get(url, follow=True)
        assert response.status_code == 200, url
        page = response.content.decode()
        nonce = csp_directives(response)["script-src"][-1][len("'nonce-") : -1]
        tags = SCRIPT_TAG.findall(page)
        assert tags, url
        for attributes in tags:
            assert " src=" in f" {attributes}" or f'nonce="{nonce}"' in attributes, (
                url,
                attributes,
            )
        assert not re.search(r"\son[a-z]+\s*=", page, re.IGNORECASE), url
        assert "javascript:" not in page.lower(), url
        assert_not_stored(response)


def test_no_admin_page_has_inline_script(client, administrator):
    client.force_login(administrator)
    for url in (
        "/admin/",
        "/admin/accounts/user/",
        f"/admin/accounts/user/{administrator.pk}/change/",
    ):
        page = client.get(url).content.decode()
        for attributes in SCRIPT_TAG.findall(page):
            executable = "application/json" not in attributes
            assert " src=" in f" {attributes}" or not executable, (url, attributes)
