"""A case's assessment from start to sign-off, its support from plan to outcome, the documents
an administrator edits and the calendar feed: axe on every page visited."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from apps.cases.tests.factories import OpenCaseFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _date(page, name: str, value: datetime.date) -> None:
    page.locator(f"input[name={name}_0]").fill(str(value.day))
    page.locator(f"input[name={name}_1]").fill(str(value.month))
    page.locator(f"input[name={name}_2]").fill(str(value.year))


def test_an_assessment_is_made_submitted_and_signed_off(
    page, sign_in, sign_out, click_through, visit, assert_accessible, team, colleague, supervisor
):
    case = OpenCaseFactory(team=team)
    sign_in(page, colleague.username)
    visit(page, f"/assessments/cases/{case.pk}/")
    expect(page.get_by_test_id("no-score")).to_contain_text("computes no score")
    click_through(page, "Start an assessment")
    click_through(page, "Start the assessment")
    expect(page.locator("h1")).to_contain_text("Edit assessment")
    click_through(page, "Save")
    click_through(page, "Submit for sign-off")
    expect(page.locator(".govuk-error-message, .govuk-notification-banner")).not_to_have_count(0)
    click_through(page, "Edit the assessment")
    for box in page.locator("textarea[name^=judgement_]").all():
        box.fill("Synthetic judgement in the officer's words.")
    page.get_by_label("Summary conclusion").fill("Synthetic conclusion.")
    page.get_by_label("Management plan").fill("Synthetic plan.")
    click_through(page, "Save")
    click_through(page, "Submit for sign-off")
    expect(page.get_by_test_id("assessment-status")).to_have_text("Awaiting sign-off")
    sign_out(page)

    sign_in(page, supervisor.username)
    visit(page, "/")
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", name=re.compile(r"^AS-")).first.click()
    assert_accessible(page)
    page.get_by_label("Yes, sign it off").check()
    click_through(page, "Record sign-off")
    expect(page.get_by_test_id("assessment-status")).to_have_text("Signed off")


def test_support_from_plan_and_consent_to_an_outcome(
    page, sign_in, click_through, visit, assert_accessible, team, colleague
):
    case = OpenCaseFactory(team=team)
    today = datetime.date.today()
    sign_in(page, colleague.username)
    visit(page, f"/support/cases/{case.pk}/")
    click_through(page, "Write the plan")
    page.get_by_label("Objectives of the support").fill("Synthetic objectives.")
    click_through(page, "Save the plan")
    expect(page.get_by_test_id("support-plan")).to_contain_text("Synthetic objectives.")

    click_through(page, "Add an intervention")
    page.get_by_label("Type of intervention").select_option(label="Mentoring")
    page.get_by_label("Objective").fill("Synthetic objective.")
    _date(page, "start_date", today)
    click_through(page, "Add the intervention")
    expect(page.get_by_test_id("needs-consent")).to_contain_text("needs consent")
    expect(page.get_by_role("button", name="Start the support")).to_have_count(0)

    visit(page, f"/support/cases/{case.pk}/")
    click_through(page, "Record consent")
    click_through(page, "Record consent")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    page.get_by_label("Given", exact=True).check()
    page.get_by_label("The person", exact=True).check()
    _date(page, "recorded_on", today)
    page.get_by_label("How consent was sought").select_option(label="Face to face")
    click_through(page, "Record consent")
    expect(page.get_by_test_id("current-consent")).to_contain_text("Given")

    with page.expect_navigation(wait_until="load"):
        page.get_by_test_id("interventions").get_by_role("link").first.click()
    assert_accessible(page)
    click_through(page, "Start the support")
    expect(page.get_by_test_id("intervention-status")).to_have_text("Under way")
    click_through(page, "Complete")
    page.get_by_label("Outcome").fill("Synthetic: engaged well.")
    click_through(page, "Record the outcome")
    expect(page.get_by_test_id("intervention-status")).to_have_text("Completed")


def test_templates_and_the_calendar_feed(
    page, sign_in, sign_out, click_through, visit, administrator, colleague
):
    sign_in(page, administrator.username)
    visit(page, "/documents/templates/")
    click_through(page, "Edit the case summary template")
    page.get_by_label("Template text").fill("# Summary {{ case.__class__ }}")
    click_through(page, "Save the template")
    expect(page.locator(".govuk-error-summary")).to_contain_text("not allowed")
    page.get_by_label("Template text").fill("# Summary {{ case.reference }}\n{{ marking }}")
    click_through(page, "Save the template")
    expect(page.locator("table")).to_contain_text("version 1")
    sign_out(page)

    sign_in(page, colleague.username)
    visit(page, "/documents/calendar/")
    click_through(page, "Turn on the feed")
    expect(page.get_by_test_id("feed-url")).to_have_value(re.compile(r"/calendar/feed/.+\.ics$"))
    click_through(page, "Turn off the feed")
    expect(page.get_by_test_id("feed-status")).to_contain_text("Turned off")
