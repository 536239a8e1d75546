"""A case from opening to exit in a browser, with axe on every page visited."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.cases.tests.factories import OpenCaseFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def fill_date(page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=legend)
    for label, value in (("Day", day.day), ("Month", day.month), ("Year", day.year)):
        group.get_by_label(label, exact=True).fill(str(value))


def test_a_case_from_opening_to_exit(
    page, sign_in, sign_out, visit, click_through, colleague, supervisor, sio, team
):
    case = OpenCaseFactory(team=team)
    today = timezone.localdate()

    # The officer starts the assessment, with a reason; a missing reason is named.
    sign_in(page, colleague.username)
    visit(page, case.get_absolute_url())
    expect(page.get_by_test_id("case-identity-bar")).to_contain_text(case.reference)
    click_through(page, "Start assessment")
    click_through(page, "Start assessment")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the reason for this step")
    page.get_by_label("Reason").fill("First visit arranged with the family.")
    click_through(page, "Start assessment")
    expect(page.get_by_test_id("case-status")).to_have_text("Assessment")

    # A flag, then a contact recorded on the Contacts tab.
    click_through(page, "Add a flag")
    page.get_by_label("Interpreter needed").check()
    page.get_by_label("Reason").fill("The parent's first language is Polish.")
    click_through(page, "Add flag")
    expect(page.get_by_test_id("case-flags")).to_contain_text("Interpreter needed")
    click_through(page, "Contacts")
    click_through(page, "Record a contact or enquiry")
    page.get_by_label("Telephone call").check()
    fill_date(page, "Date", today)
    page.get_by_label("Time").fill("00:01")
    page.get_by_label("Summary").fill("Called the parent to arrange the visit.")
    click_through(page, "Record contact")
    expect(page.get_by_test_id("contact-table")).to_contain_text("Telephone call")
    click_through(page, "Timeline")
    expect(page.get_by_test_id("case-timeline")).to_contain_text("Telephone call recorded")
    sign_out(page)

    # The SIO directs a tactic; the officer records its delivery.
    sign_in(page, sio.username)
    visit(page, case.get_absolute_url())
    click_through(page, "SIO directions")
    click_through(page, "Record a direction")
    page.get_by_label("Tactic").fill("Visit the family with the school's lead")
    page.get_by_label("Rationale").fill("Understand the home setting.")
    fill_date(page, "Due date", today + datetime.timedelta(days=7))
    page.get_by_label("High").check()
    page.get_by_label("Officer tasked").select_option(str(colleague.pk))
    click_through(page, "Record direction")
    expect(page.get_by_test_id("direction")).to_contain_text("Outstanding")
    sign_out(page)

    sign_in(page, colleague.username)
    expect(page.get_by_role("main")).to_contain_text("Visit the family with the school's lead")
    visit(page, case.get_absolute_url())
    click_through(page, "SIO directions")
    page.get_by_role("link", name="Record delivery").click()
    page.wait_for_load_state("load")
    page.get_by_label("Done", exact=True).check()
    page.get_by_label("Details").fill("Visited with the school's safeguarding lead.")
    click_through(page, "Record delivery")
    expect(page.get_by_test_id("direction")).to_contain_text("Done")
    click_through(page, "Overview")
    click_through(page, "Start support")
    page.get_by_label("Reason").fill("Mentoring agreed.")
    click_through(page, "Start support")
    click_through(page, "Start review")
    page.get_by_label("Reason").fill("Support nearly complete.")
    click_through(page, "Start review")
    expect(page.get_by_test_id("case-status")).to_have_text("Review")
    sign_out(page)

    # The supervisor records the panel's decision and exits the case.
    sign_in(page, supervisor.username)
    visit(page, case.get_absolute_url())
    click_through(page, "Reviews")
    click_through(page, "Record the panel's decision")
    page.get_by_label("Exit", exact=True).check()
    fill_date(page, "Date of the panel", today)
    page.get_by_label("Notes").fill("Panel agreed the vulnerability is much reduced.")
    click_through(page, "Record panel decision")
    expect(page.get_by_test_id("panel-decisions")).to_contain_text("Exit")
    click_through(page, "Overview")
    click_through(page, "Exit the case")
    page.get_by_label("Channel panel").check()
    page.get_by_label("Reason for exit").fill("Settled at college; no further concerns.")
    click_through(page, "Exit the case")
    expect(page.get_by_test_id("case-status")).to_have_text("Exited")
    click_through(page, "Reviews")
    expect(page.get_by_test_id("review-table")).to_contain_text("6-month post-exit review")
    expect(page.get_by_test_id("review-table")).to_contain_text("12-month post-exit review")
