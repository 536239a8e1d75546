"""An anonymous Cyber Prevent enquiry in a browser, from first question to a named referral
in de-confliction, each page checked with axe; and the campaigns page."""

import re

import pytest
from playwright.sync_api import expect

from apps.cyber_enquiries.models import CyberEnquiry
from apps.cyber_enquiries.tests.factories import CampaignActivityFactory
from apps.people.models import Person
from apps.referrals.choices import ReferralStatus

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_anonymous_enquiry_is_decided_suitable_and_becomes_a_referral(
    page, sign_in, visit, click_through, assert_accessible, cyber_officer
):
    sign_in(page, cyber_officer.username)
    click_through(page, "Cyber enquiries")
    expect(page.locator("h1")).to_have_text("Cyber Prevent enquiries")
    click_through(page, "Record an enquiry")

    click_through(page, "Record enquiry")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select who is asking")
    expect(summary).to_contain_text("Enter the concern")
    expect(page).to_have_title(re.compile(r"^Error: "))

    page.get_by_label("Parent or carer").check()
    page.locator("input[name=contact_method][value=phone]").check()
    page.get_by_label("14 to 15").check()
    page.get_by_label("The concern, in the enquirer's words").fill(
        "My son says he took a game server offline with a booter he paid for."
    )
    page.get_by_label("Gaming", exact=True).check()
    click_through(page, "Record enquiry")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    enquiry = CyberEnquiry.objects.get()
    expect(page.locator("h1")).to_have_text(enquiry.reference)
    expect(page.locator("[data-testid=enquiry-status]")).to_have_text(
        "Awaiting a suitability decision"
    )

    click_through(page, "Record suitability decision")
    page.get_by_label("Suitable for Cyber Choices").check()
    page.get_by_label("Reasons for the decision").fill("Booter use: a Cyber Choices case.")
    click_through(page, "Record decision")
    expect(page.locator("[data-testid=enquiry-status]")).to_have_text("Suitable for Cyber Choices")

    click_through(page, "Record the full referral")
    page.locator("input[name=date_received_0]").fill("20")
    page.locator("input[name=date_received_1]").fill("11")
    page.locator("input[name=date_received_2]").fill("2026")
    page.get_by_label("E-mail", exact=True).check()
    page.get_by_label("Given name").fill("Rowan")
    page.get_by_label("Family name").fill("Browserqwv")
    page.get_by_label("Referrer's name").fill("Alex Parent")
    page.get_by_label("Friends and Family").check()
    page.get_by_label("No ideology identified", exact=True).check()
    page.locator("input[name=person_aware][value=yes]").check()
    page.locator("input[name=parents_aware][value=yes]").check()
    click_through(page, "Create the referral and start de-confliction")

    enquiry.refresh_from_db()
    referral = enquiry.referral
    assert referral.status == ReferralStatus.DECONFLICTION
    assert not Person.objects.exists()
    expect(page).to_have_url(re.compile(rf"/gateway/referrals/{referral.pk}/deconfliction/"))

    visit(page, referral.get_absolute_url())
    origin = page.locator("[data-testid=referral-origin]")
    expect(origin).to_contain_text(f"Came from Cyber Prevent anonymous enquiry {enquiry.reference}")
    with page.expect_navigation(wait_until="load"):
        origin.get_by_role("link").click()
    assert_accessible(page)
    expect(page.locator("[data-testid=enquiry-referral]")).to_contain_text(referral.reference)


def test_the_campaigns_page_and_the_disposed_list(
    page, sign_in, visit, click_through, cyber_officer
):
    activity = CampaignActivityFactory(team=cyber_officer.team)
    sign_in(page, cyber_officer.username)
    click_through(page, "Cyber campaigns")
    expect(page.locator("[data-testid=engagement-summary]")).to_be_visible()
    visit(page, activity.get_absolute_url())
    expect(page.locator("h1")).to_have_text(activity.title)
    visit(page, "/cyber/enquiries/campaigns/new/")
    expect(page.locator("main form[novalidate]")).to_have_count(1)
    visit(page, "/cyber/enquiries/")
    click_through(page, "Disposed of")
    expect(page.locator("h1")).to_have_text("Disposed enquiries")
