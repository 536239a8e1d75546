"""Urgent referrals head the queue; the referrer hears back; a Cyber Prevent referral shows its
sections. Every page is checked with axe."""

import pytest
from playwright.sync_api import expect

from apps.gateway.tests.factories import SignedOffDecisionFactory
from apps.referrals.tests.factories import ReceivedReferralFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROWS = "[data-testid=referral-table] tbody tr"


def test_an_officer_marks_a_referral_urgent_and_it_heads_the_queue(
    page, sign_in, visit, click_through, gateway_officer, team
):
    ReceivedReferralFactory.create_batch(3, team=team)
    late = ReceivedReferralFactory(
        team=team, due_date="2027-01-29", is_cyber=True, computer_misuse_sections=["s3A"]
    )
    sign_in(page, gateway_officer.username)
    visit(page, late.get_absolute_url())
    expect(page.get_by_test_id("cma-sections")).to_have_text(
        "s3A Making, supplying or obtaining articles for use in an offence"
    )
    click_through(page, "Mark as urgent")
    click_through(page, "Mark as urgent")  # empty: the error summary names the field
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why the referral is urgent")
    page.get_by_label("Why is this referral urgent?").fill("Travel booked for Friday")
    click_through(page, "Mark as urgent")
    expect(page.get_by_test_id("urgent-reason")).to_contain_text("Travel booked for Friday")

    click_through(page, "Referrals")
    first = page.locator(ROWS).first
    expect(first).to_contain_text(late.reference)
    expect(first).to_contain_text("Travel booked for Friday")

    visit(page, late.get_absolute_url())
    click_through(page, "No longer urgent")
    expect(page.get_by_test_id("urgent-tag")).to_have_count(0)


def test_an_officer_sends_the_referrer_the_outcome(
    page, sign_in, visit, click_through, gateway_officer, team
):
    decision = SignedOffDecisionFactory(
        referral__team=team,
        referral__referrer_name="Sam Referrer",
        referral__referrer_email="sam.referrer@example.invalid",
        referral__referrer_may_receive_feedback=True,
    )
    referral = decision.referral
    sign_in(page, gateway_officer.username)
    visit(page, referral.get_absolute_url())
    click_through(page, "Send feedback to the referrer")
    expect(page.get_by_test_id("feedback-warning")).to_contain_text("never the rationale")
    text = page.get_by_label("Feedback to the referrer")
    expect(text).to_have_value(
        "Dear Sam Referrer,\n\nThank you for your referral of 16 November 2026. The Prevent "
        "Gateway has now assessed it. The person has been offered support through Channel.\n\n"
        "If you have any new concerns, please make a new referral."
    )
    text.fill("Dear Sam Referrer, support has been offered.")
    click_through(page, "Send feedback")
    sent = page.get_by_test_id("feedback-sent")
    expect(sent).to_contain_text("Dear Sam Referrer, support has been offered.")
    expect(sent).to_contain_text("sam.referrer@example.invalid")
