"""A case from opening to exit in a browser, with axe on every page visited."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.cases.tests.factories import OpenCaseFactory, SupportCaseFactory
from apps.work import services as work_services

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def fill_date(page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=legend)
    for label, value in (("Day", day.day), ("Month", day.month), ("Year", day.year)):
        group.get_by_label(label, exact=True).fill(str(value))


def test_a_case_from_opening_to_exit(
    page,
    sign_in,
    sign_out,
    visit,
    click_through,
    assert_accessible,
    colleague,
    supervisor,
    sio,
    team,
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
    # The 6-month post-exit review is named as the schedule says; the supervisor confirms it.
    page.get_by_role("link", name="6-month post-exit review").click()
    page.wait_for_load_state("load")
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("6-month post-exit review due")
    expect(page.get_by_label("Extend post-exit reviews to 24 months")).to_have_count(0)
    page.get_by_label("Exit confirmed: no new concerns").check()
    page.get_by_label("Findings").fill("Checked with the college: no new concerns.")
    click_through(page, "Record review")
    expect(page.get_by_test_id("review-table")).to_contain_text("Exit confirmed")


def test_a_transfer_offer_is_withdrawn_by_the_supervisor_who_made_it(
    page, sign_in, visit, click_through, supervisor, colleague, team, other_team, make_user
):
    make_user("supervisor", username="receiving.supervisor", team=other_team)
    case = SupportCaseFactory(team=team)
    work_services.allocation_allocate(record=case, officer=colleague, by=supervisor)
    sign_in(page, supervisor.username)
    visit(page, case.get_absolute_url())
    click_through(page, "Transfer or allocate the case")
    page.get_by_label("Team").select_option(str(other_team.pk))
    page.get_by_label("Handover note").fill("The family moved north (synthetic).")
    click_through(page, "Transfer the case")
    offered = page.get_by_test_id("transfer-awaiting")
    expect(offered).to_contain_text(f"Offered to {other_team.name}")
    click_through(page, "Withdraw the offer")
    click_through(page, "Withdraw the offer")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Say why you are withdrawing the offer"
    )
    page.get_by_label("Why are you withdrawing the offer?").fill("The family stayed after all.")
    click_through(page, "Withdraw the offer")
    expect(page.get_by_test_id("transfer-awaiting")).to_have_count(0)
    click_through(page, "Timeline")
    expect(page.get_by_test_id("case-timeline")).to_contain_text(
        f"Offer to {other_team.name} withdrawn: The family stayed after all."
    )
