"""A Cyber Prevent cease-and-desist visit to a 15-year-old: refused until the live-investigation
check and the appropriate adult are recorded, then started, the letter downloaded and its
delivery recorded. Axe on every page visited. Synthetic people only."""

import datetime

import pytest
from playwright.sync_api import expect

from apps.interventions.tests.factories import CyberCaseFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _date(page, name: str, value: datetime.date) -> None:
    page.locator(f"input[name={name}_0]").fill(str(value.day))
    page.locator(f"input[name={name}_1]").fill(str(value.month))
    page.locator(f"input[name={name}_2]").fill(str(value.year))


def test_a_cease_and_desist_visit_from_check_to_delivered_letter(
    page, sign_in, click_through, visit, cyber_officer, cyber_team
):
    today = datetime.date.today()
    case = CyberCaseFactory(team=cyber_team)
    case.person.date_of_birth = today.replace(year=today.year - 15)
    case.person.save()
    sign_in(page, cyber_officer.username)
    visit(page, f"/support/cases/{case.pk}/")
    click_through(page, "Add an intervention")
    click_through(page, "Add the intervention")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select type of intervention")
    page.get_by_label("Type of intervention").select_option(label="Cease-and-desist visit")
    page.get_by_label("Objective").fill("Synthetic: stop using a DDoS-for-hire service.")
    _date(page, "start_date", today)
    page.get_by_label("s1 Unauthorised access to computer material").check()
    click_through(page, "Add the intervention")
    expect(page.get_by_test_id("start-refusals")).to_be_visible()
    expect(page.get_by_text("record the check first")).to_be_visible()
    expect(page.get_by_role("button", name="Start the support")).to_have_count(0)

    click_through(page, "Record the live-investigation check")
    page.get_by_label("Who was asked").fill("DS Invented, NCCU Pursue")
    _date(page, "asked_on", today)
    page.get_by_label("Deconflicted – proceed with conditions").check()
    click_through(page, "Record the check")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the conditions")
    page.get_by_label("Conditions to proceed with").fill("Visit after 4pm only.")
    click_through(page, "Record the check")
    expect(page.get_by_test_id("investigation-checks")).to_contain_text("Deconflicted")
    expect(page.get_by_text("the person is 15 on the day of the visit")).to_be_visible()

    click_through(page, "Edit")
    page.get_by_label("Parent or appropriate adult present (name)").fill("Invented Parent")
    page.get_by_label("Their relationship to the person").fill("Mother")
    click_through(page, "Save")
    expect(page.get_by_test_id("appropriate-adult")).to_contain_text("Invented Parent (Mother)")
    click_through(page, "Start the support")
    expect(page.get_by_test_id("intervention-status")).to_have_text("Under way")

    # Fetched with the browser's session (a click would be a download, not a page).
    href = page.get_by_role("link", name="Cease-and-desist letter (PDF)").get_attribute("href")
    letter = page.request.get(href)
    assert letter.ok
    assert letter.body()[:5] == b"%PDF-"

    click_through(page, "Record the letter's delivery")
    page.get_by_label("By hand at a visit").check()
    _date(page, "delivered_on", today)
    click_through(page, "Record the delivery")
    expect(page.get_by_test_id("letter-deliveries")).to_contain_text("By hand at a visit")
