"""The new-referral form's GOV.UK patterns in a browser: date inputs, checkboxes,
a choice of marking, the error summary instead of the browser's pop-up, and
check-your-answers in words."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_referral_to_decision import fill, fill_date

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_referral_is_recorded_through_date_inputs_and_checkboxes(
    page, sign_in, click_through, gateway_officer
):
    sign_in(page, gateway_officer.username)
    click_through(page, "Referrals")
    click_through(page, "Record a new referral")

    # An empty page is checked by the service (novalidate), each message naming its field.
    click_through(page, "Continue")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the person's given name")
    expect(summary).to_contain_text("Enter the person's family name")

    fill(page, "Given name", "Kieran")
    fill(page, "Family name", "Ashdown")
    group = page.get_by_role("group", name="Date of birth")
    group.get_by_label("Day", exact=True).fill("14")
    group.get_by_label("Year", exact=True).fill("2009")
    click_through(page, "Continue")
    expect(summary).to_contain_text("Date of birth must include a month")
    summary.get_by_role("link", name="Date of birth must include a month").click()
    expect(group.get_by_label("Month", exact=True)).to_be_focused()
    group.get_by_label("Month", exact=True).fill("3")
    page.get_by_label("Autism", exact=True).check()
    page.get_by_label("Postcode", exact=True).fill("rg1 1aa")
    click_through(page, "Continue")

    fill_date(page, "Date received", "2026-11-16")
    page.get_by_label("How it was received").select_option(label="E-mail")
    fill(page, "Referrer's name", "Sam Example")
    page.get_by_label("Referral sector").select_option(label="Education")
    click_through(page, "Continue")

    fill(page, "The concern, in the referrer's words", "Has been offered stolen logins.")
    page.get_by_label("Type of concern").select_option(label="No ideology identified")
    sections = page.get_by_role("group", name="Computer Misuse Act sections")
    sections.get_by_role("checkbox").first.check()
    page.get_by_label("Does the person know about this referral?").select_option(label="No")
    page.get_by_label("For under-18s, do their parents or carers know?").select_option(label="Yes")
    page.get_by_label("OFFICIAL", exact=True).check()
    click_through(page, "Continue")

    main = page.get_by_role("main")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check your answers")
    expect(main).to_contain_text("14 March 2009")
    expect(main).to_contain_text("16 November 2026")
    expect(main).to_contain_text("Autism")
    expect(main).not_to_contain_text("2009-03-14")
    click_through(page, "Record referral")
    expect(page.get_by_test_id("referral-status")).to_have_text("Received")
