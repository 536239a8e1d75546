"""A Cyber Prevent officer records an intelligence interview and an outcome measure on a case;
an analyst reads the suppressed impact and insight reports. Axe on every page visited."""

import datetime

import pytest
from playwright.sync_api import expect

from apps.cyber_impact.tests.factories import (
    CompletedCyberInterventionFactory,
    OutcomeMeasureFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _date(page, name: str, value: datetime.date) -> None:
    page.locator(f"input[name={name}_0]").fill(str(value.day))
    page.locator(f"input[name={name}_1]").fill(str(value.month))
    page.locator(f"input[name={name}_2]").fill(str(value.year))


def test_an_interview_and_a_measure_are_recorded_and_counted_suppressed(
    page, sign_in, sign_out, click_through, visit, cyber_team, cyber_officer, analyst
):
    intervention = CompletedCyberInterventionFactory(case__team=cyber_team)
    case = intervention.case
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    sign_in(page, cyber_officer.username)
    visit(page, f"/cyber/impact/cases/{case.pk}/")

    click_through(page, "Record an intelligence interview")
    click_through(page, "Record the interview")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    page.get_by_label("Caution (adult or youth)").check()
    _date(page, "disposal_date", yesterday - datetime.timedelta(days=20))
    _date(page, "date", yesterday)
    page.get_by_label("Time of the interview").fill("10:30")
    page.locator("input[name=consent][value=given]").check()
    page.locator("input[name=consent_given_by][value=person]").check()
    page.get_by_label("Summary of the interview").fill("Synthetic summary of the interview.")
    page.get_by_label("Through gaming (mods, cheats, game servers)").check()
    page.get_by_label("13 to 15").check()
    click_through(page, "Record the interview")
    expect(page.get_by_test_id("interview-answers")).to_contain_text("Through gaming")
    expect(page.get_by_test_id("interview-consent")).to_contain_text("Given")

    visit(page, f"/cyber/impact/cases/{case.pk}/")
    click_through(page, "Record an outcome measure")
    page.get_by_label("Intervention", exact=True).select_option(value=str(intervention.pk))
    page.locator("input[name=point][value=end]").check()
    _date(page, "measured_on", yesterday)
    page.locator("input[name=engagement][value=full]").check()
    page.locator("input[name=completion][value=completed]").check()
    page.locator("input[name=education_employment][value=education]").check()
    page.locator("input[name=legal_use][value=taken_up]").check()
    page.get_by_label("What they took up").fill("A capture-the-flag club")
    click_through(page, "Record the measure")
    expect(page.get_by_test_id("case-measures")).to_contain_text("At intervention end")
    sign_out(page)

    # With the measure above: engaged fully 5, in part 2 (withheld, with its partners).
    for number in range(6):
        OutcomeMeasureFactory(
            intervention__case__team=cyber_team,
            engagement="partial" if number < 2 else "full",
        )
    sign_in(page, analyst.username)
    visit(page, "/cyber/impact/reports/impact/")
    expect(page.get_by_test_id("impact-table").first).to_contain_text("[c]")
    expect(page.get_by_test_id("disclosure-note")).to_contain_text("fewer than 5")
    click_through(page, "Insight report (intelligence interviews)")
    expect(page.get_by_test_id("insight-table").first).to_contain_text("[c]")
