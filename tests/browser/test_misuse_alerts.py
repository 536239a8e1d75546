"""Reviewing a misuse alert as the data protection officer."""

import pytest
from playwright.sync_api import expect

from apps.audit.misuse import detect_misuse
from apps.core import audit
from apps.people.tests.factories import PersonFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RULES = {
    "records_outside_team": {"threshold": 2, "hours": 24},
    "repeated_break_glass": {"threshold": 3, "hours": 24},
    "colleague_name_search": {"threshold": 1, "hours": 24},
}


def test_the_officer_opens_an_alert_sees_its_events_and_reviews_it(
    page, settings, sign_in, click_through, gateway_officer, other_team, data_protection_officer
):
    settings.AUDIT_MISUSE_RULES = RULES
    viewed = PersonFactory.create_batch(2, team=other_team)
    for person in viewed:
        audit.record_view(user=gateway_officer, subject=person)
    (alert,) = detect_misuse()

    sign_in(page, data_protection_officer.username)
    click_through(page, "Misuse alerts")
    expect(page.locator("caption")).to_have_text("1 alert")
    click_through(page, alert.reference)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Viewed many records outside their team"
    )
    for person in viewed:
        expect(page.get_by_role("cell", name=person.reference)).to_be_visible()

    click_through(page, "Mark as reviewed")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_text(
        "Enter what you found and what you did about it"
    )

    page.get_by_label("What did you find, and what did you do about it?").fill(
        "Covering the North East team's referrals this week, agreed with both supervisors."
    )
    click_through(page, "Mark as reviewed")
    expect(page.get_by_text(f"{alert.reference} marked as reviewed.")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Reviewed by")
