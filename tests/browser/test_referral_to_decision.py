"""The Gateway's whole path in a browser: a new referral to a signed-off decision."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def fill(page, label: str, value: str) -> None:
    page.get_by_label(label, exact=True).fill(value)


def fill_date(page, legend: str, iso: str) -> None:
    """Type an ISO date into a GOV.UK date input's day, month and year boxes."""
    year, month, day = iso.split("-")
    group = page.get_by_role("group", name=legend)
    for label, value in (("Day", day), ("Month", month), ("Year", year)):
        group.get_by_label(label, exact=True).fill(value)


def test_new_referral_through_deconfliction_to_signed_off_channel_decision(
    page, sign_in, sign_out, click_through, assert_accessible, gateway_officer, supervisor
):
    sign_in(page, gateway_officer.username)
    click_through(page, "Referrals")
    click_through(page, "Record a new referral")

    # Page 1: the person. A bad postcode is refused with the error summary.
    fill(page, "Given name", "Kieran")
    fill(page, "Family name", "Ashdown")
    fill_date(page, "Date of birth", "2010-06-03")
    page.get_by_label("Gender").select_option(label="Male")
    fill(page, "Address line 1", "7 Orchard Way")
    fill(page, "Town or city", "Reading")
    fill(page, "Postcode", "NOT A POSTCODE")
    click_through(page, "Continue")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a real UK postcode")
    fill(page, "Postcode", "rg1 1aa")
    click_through(page, "Continue")

    # Page 2: the referral and the referrer.
    fill_date(page, "Date received", "2026-11-16")
    page.get_by_label("How it was received").select_option(label="E-mail")
    fill(page, "Referrer's name", "Sam Example")
    fill(page, "Organisation", "Oakfield Academy")
    page.get_by_label("Referral sector").select_option(label="Education")
    click_through(page, "Continue")

    # Page 3: the concern.
    fill(page, "The concern, in the referrer's words", "Has been sharing violent videos.")
    page.get_by_label("Type of concern").select_option(label="No ideology identified")
    page.get_by_label("Does the person know about this referral?").select_option(label="No")
    page.get_by_label("For under-18s, do their parents or carers know?").select_option(label="Yes")
    click_through(page, "Continue")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Check your answers")
    expect(page.get_by_role("main")).to_contain_text("RG1 1AA")
    click_through(page, "Record referral")
    expect(page.get_by_test_id("referral-status")).to_have_text("Received")
    referral_url = page.url

    # De-confliction: no candidates, create a new person, record the live check.
    click_through(page, "Start de-confliction")
    expect(page.get_by_test_id("no-candidates")).to_be_visible()
    page.get_by_label("None of these: create a new person from the referral").check()
    fill(page, "Reason for your decision", "No match in the person index.")
    click_through(page, "Record decision")
    expect(page.get_by_test_id("linked-person")).to_be_visible()
    page.get_by_label("No trace").check()
    click_through(page, "Record check")
    click_through(page, "Complete de-confliction")
    expect(page.get_by_test_id("referral-status")).to_have_text("Gateway assessment")

    # The decision, sent for sign-off.
    click_through(page, "Record Gateway decision")
    page.get_by_label("Channel", exact=True).check()
    page.locator("input[name=threshold_met][value=yes]").check()
    fill(page, "Rationale", "Reasonable grounds; family supportive of Channel.")
    click_through(page, "Send for sign-off")
    expect(page.get_by_test_id("referral-status")).to_have_text("Decision awaiting sign-off")
    sign_out(page)

    # The supervisor signs it off from their work list.
    sign_in(page, supervisor.username)
    expect(page.get_by_role("heading", name="Decisions awaiting your sign-off")).to_be_visible()
    with page.expect_navigation(wait_until="load"):
        page.locator("main a[href*='/sign-off/']").click()
    assert_accessible(page)
    page.get_by_label("Yes, sign it off").check()
    click_through(page, "Record sign-off")
    expect(page).to_have_url(referral_url)
    expect(page.get_by_test_id("referral-status")).to_have_text("Decided")
    expect(page.get_by_role("main")).to_contain_text("Case opened")
