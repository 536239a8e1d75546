"""The API documentation page in a browser: Swagger UI renders every operation from
this service's own files, under the strict Content-Security-Policy (the `page` fixture
fails the test on any CSP violation, failed request or JavaScript error)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


# Swagger UI puts each operation's button inside a clickable summary (axe's
# "nested-interactive"); it is Swagger UI's own markup, which this service does not
# change. Every other serious or critical axe rule still applies to the page.
SWAGGER_UI_KNOWN = ("nested-interactive",)


def test_a_signed_in_officer_reads_the_api_documentation(
    page, sign_in, assert_accessible, gateway_officer
):
    sign_in(page, gateway_officer.username)
    page.goto("/api/", wait_until="load")
    expect(page).to_have_url(re.compile(r"/api/v1/docs/$"))
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Prevent Casework API")
    operations = page.locator(".opblock-summary-path")
    # Tags start folded (over 200 operations); open the two this officer uses most.
    for tag in ("referrals", "people"):
        page.locator(f'.opblock-tag[data-tag="{tag}"]').click()
    expect(operations.filter(has_text="/api/v1/referrals/").first).to_be_visible()
    expect(operations.filter(has_text="/api/v1/people/match").first).to_be_visible()
    # Checked with axe once Swagger UI has drawn the operations.
    assert_accessible(page, known_third_party=SWAGGER_UI_KNOWN)

    page.locator(".opblock-summary-path", has_text="/api/v1/referrals/").first.click()
    expect(page.get_by_text("Try it out").first).to_be_visible()


def test_an_anonymous_visitor_is_refused_the_api_documentation(page, visit):
    response = visit(page, "/api/v1/docs/")
    assert response.status == 403
    expect(page.locator("#swagger-ui")).to_have_count(0)
