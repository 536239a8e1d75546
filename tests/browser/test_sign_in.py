"""Signing in and out through the real forms, as each role, with and without JavaScript."""

import re

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from apps.core.navigation import NAVIGATION

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OFFICER_NAVIGATION = ["Home", "Break-glass access"]
CORE_SECTIONS = {"Home", "Audit", "Break-glass access", "Administration"}

# role code, whether the user belongs to a team, and which of the core sections of the
# primary navigation they see. Sections other apps add are checked against their capability.
ROLES = [
    ("gateway_officer", True, OFFICER_NAVIGATION),
    ("prevent_officer", True, OFFICER_NAVIGATION),
    ("case_officer", True, OFFICER_NAVIGATION),
    ("cyber_officer", True, OFFICER_NAVIGATION),
    ("supervisor", True, ["Home", "Audit", "Break-glass access"]),
    ("sio", True, OFFICER_NAVIGATION),
    ("analyst", True, ["Home"]),
    ("panel_member", False, ["Home"]),
    ("administrator", False, ["Home", "Administration"]),
    ("data_protection", False, ["Home", "Audit"]),
]


def sections_granted(user) -> list[str]:
    """The navigation sections whose capability the user's role has and whose condition (for
    example: only Cyber Prevent teams) the user meets, in menu order."""
    sections = []
    for item in NAVIGATION:
        if item.capability and item.capability not in user.role.capabilities:
            continue
        if item.when is not None and not item.when(user):
            continue
        try:
            reverse(item.url_name)
        except NoReverseMatch:  # a section whose app is not installed yet
            continue
        sections.append(item.text)
    return sections


@pytest.mark.parametrize(
    ("role_code", "in_team", "navigation"), ROLES, ids=[code for code, _, _ in ROLES]
)
def test_each_role_sees_only_the_navigation_it_may_use(
    page, sign_in, primary_navigation, make_user, team, role_code, in_team, navigation
):
    user = make_user(role_code, username=f"browser.{role_code}", team=team if in_team else None)

    sign_in(page, user.username)

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    shown = primary_navigation(page)
    assert [section for section in shown if section in CORE_SECTIONS] == navigation
    assert shown == sections_granted(user)
    current = page.locator('nav[aria-label="Primary navigation"] a[aria-current="page"]')
    expect(current).to_have_text("Home")
    signed_in_user = page.get_by_test_id("signed-in-user")
    expect(signed_in_user).to_contain_text(user.display_name)
    expect(signed_in_user).to_contain_text(user.role.name)
    # The header names the role and team; My work does not repeat them.
    expect(page.get_by_test_id("home-role")).to_have_count(0)
    if in_team:
        expect(signed_in_user).to_contain_text(team.name)
    expect(page.get_by_test_id("empty-work-list").first).to_be_visible()
    expect(page.get_by_role("note", name="Protective marking").first).to_have_text(
        "OFFICIAL-SENSITIVE"
    )


def test_a_wrong_password_shows_the_error_summary(page, sign_in, gateway_officer):
    sign_in(page, gateway_officer.username, password="not the right password")

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Enter a correct username and password")
    expect(summary).to_be_focused()  # GOV.UK Frontend's JavaScript moves focus to it
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_test_id("signed-in-user")).to_have_count(0)


def test_five_failures_lock_the_account_even_against_the_right_password(
    page, sign_in, visit, gateway_officer
):
    for _ in range(4):
        sign_in(page, gateway_officer.username, password="not the right password")
        expect(page.locator(".govuk-error-summary")).to_be_visible()
    sign_in(page, gateway_officer.username, password="not the right password")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is locked")

    sign_in(page, gateway_officer.username)

    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is locked")
    expect(page.get_by_test_id("signed-in-user")).to_have_count(0)
    visit(page, "/")
    expect(page).to_have_url(re.compile(r"/account/sign-in/\?next=/$"))


def test_signing_out_returns_to_sign_in_and_protected_pages_then_ask_for_it(
    page, sign_in, sign_out, visit, colleague
):
    sign_in(page, colleague.username)

    sign_out(page)

    expect(page).to_have_url(re.compile(r"/account/sign-in/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Prevent Casework")
    expect(page.get_by_test_id("signed-in-user")).to_have_count(0)
    visit(page, "/account/break-glass/")
    expect(page).to_have_url(re.compile(r"/account/sign-in/\?next=/account/break-glass/$"))


def test_signing_in_and_out_works_without_javascript(
    page_without_javascript, sign_in, sign_out, colleague
):
    page = page_without_javascript

    sign_in(page, colleague.username)

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    expect(page.get_by_test_id("signed-in-user")).to_contain_text(colleague.display_name)
    expect(page.locator("body")).not_to_have_class(re.compile(r"js-enabled"))
    sign_out(page)
    expect(page).to_have_url(re.compile(r"/account/sign-in/$"))
