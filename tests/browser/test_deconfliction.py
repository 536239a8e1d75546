"""De-confliction as one sequence of steps, in a browser with axe (issue 9, item 2)."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from apps.people.services import person_create
from apps.referrals.tests.factories import DeconflictionReferralFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DATE_OF_BIRTH = datetime.date(2009, 3, 14)
ADDRESS = {"line_1": "3 Larch Road", "town": "Reading", "postcode": "RG2 7AB"}


def state(page, number: int):
    return page.get_by_test_id(f"step-{number}-state")


def test_the_three_steps_in_order_with_readable_candidates(
    page, sign_in, visit, click_through, gateway_officer, team
):
    for given, family in (("David", "Fletcher"), ("Davi", "Fletcher-Hayes")):
        person_create(
            created_by=gateway_officer,
            team=team,
            given_name=given,
            family_name=family,
            date_of_birth=DATE_OF_BIRTH,
            gender="male",
            address=ADDRESS,
        )
    referral = DeconflictionReferralFactory(
        team=team,
        subject_given_name="David",
        subject_family_name="Fletcher",
        subject_date_of_birth=DATE_OF_BIRTH,
        subject_gender="male",
        subject_address_line_1="3 Larch Road",
        subject_town="Reading",
        subject_postcode="RG2 7AB",
    )
    sign_in(page, gateway_officer.username)
    visit(page, reverse("gateway:deconfliction", args=[referral.pk]))

    # Step 1 is next; steps 2 and 3 cannot start, and offer no form.
    expect(state(page, 1)).to_have_text("Not yet started")
    expect(state(page, 2)).to_have_text("Cannot start yet")
    expect(state(page, 3)).to_have_text("Cannot start yet")
    expect(page.get_by_label("No trace")).to_have_count(0)
    expect(page.get_by_role("button", name="Complete de-confliction")).to_have_count(0)

    # Candidates: labels, dates in words, a band and a figure that is never 100%.
    candidates = page.get_by_test_id("candidate")
    expect(candidates).to_have_count(2)
    expect(candidates.first).to_contain_text("Born 14 March 2009")
    expect(candidates.first.get_by_role("rowheader", name="Date of birth")).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text("100%")
    expect(page.get_by_role("main")).not_to_contain_text("date_of_birth")
    expect(candidates.first.get_by_test_id("probability")).to_contain_text("Very likely")
    page.get_by_text("How to read the match figures").click()
    expect(page.get_by_test_id("bands")).to_contain_text("90% or more")

    # A decision without a reason is refused with the error summary.
    page.get_by_label("None of these: create a new person from the referral").check()
    click_through(page, "Record decision")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Give the reason for your decision")

    page.get_by_label("None of these: create a new person from the referral").check()
    page.get_by_label("Reason for your decision").fill("Different family; address is a hostel.")
    click_through(page, "Record decision")

    # Step 1 done; the new person is linked and never listed as their own candidate.
    expect(state(page, 1)).to_have_text("Completed")
    expect(state(page, 2)).to_have_text("Not yet started")
    expect(page.get_by_test_id("linked-person")).to_be_visible()
    expect(page.get_by_test_id("candidate")).to_have_count(2)
    expect(page.get_by_label("Reason for your decision")).to_have_count(0)

    page.get_by_label("No trace").check()
    click_through(page, "Record check")
    expect(state(page, 2)).to_have_text("Completed")
    expect(state(page, 3)).to_have_text("Not yet started")

    click_through(page, "Complete de-confliction")
    expect(page.get_by_test_id("referral-status")).to_have_text("Gateway assessment")
