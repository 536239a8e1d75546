"""Pages anyone may reach, and the GOV.UK styles and fonts every page depends on."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_accessibility_statement_and_privacy_notice_are_in_the_footer_without_signing_in(
    page, visit, click_through
):
    visit(page, "/account/sign-in/")

    click_through(page, "Accessibility statement")
    expect(page).to_have_url(re.compile(r"/accessibility/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Accessibility statement for Prevent Casework"
    )

    click_through(page, "Privacy notice")
    expect(page).to_have_url(re.compile(r"/privacy/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy notice")
    expect(page.get_by_test_id("signed-in-user")).to_have_count(0)


def test_govuk_styles_and_fonts_load_from_the_live_server(page, visit):
    loaded = []
    page.on("response", lambda response: loaded.append((response.url, response.status)))

    visit(page, "/account/sign-in/")
    page.evaluate("() => document.fonts.ready")

    paths = {re.sub(r"^https?://[^/]+", "", url): status for url, status in loaded}
    assert paths.get("/static/govuk/govuk-frontend.min.css") == 200
    assert paths.get("/static/moj/moj-frontend.min.css") == 200
    fonts = {path: status for path, status in paths.items() if path.startswith("/assets/fonts/")}
    assert fonts, "the GOV.UK CSS asked for no fonts under /assets/fonts/"
    assert set(fonts.values()) == {200}, fonts
    assert page.evaluate("() => document.fonts.check('19px \"GDS Transport\"')")
    heading_font = page.evaluate("() => getComputedStyle(document.querySelector('h1')).fontFamily")
    assert heading_font.startswith('"GDS Transport"')
