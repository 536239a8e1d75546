"""Searching the audit trail as a supervisor."""

import re

import pytest
from playwright.sync_api import expect

from apps.audit.choices import AuditAction
from apps.core import audit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_filtering_by_username_shows_only_that_users_events(
    page, sign_in, sign_out, click_through, gateway_officer, colleague, supervisor
):
    audit.record(AuditAction.LOGIN, user=colleague)
    sign_in(page, gateway_officer.username)
    sign_out(page)

    sign_in(page, supervisor.username)
    click_through(page, "Audit")
    page.get_by_label("Username").fill(gateway_officer.username)
    click_through(page, "Apply filters")

    expect(page).to_have_url(re.compile(rf"[?&]username={re.escape(gateway_officer.username)}"))
    expect(page.get_by_label("Username")).to_have_value(gateway_officer.username)
    who = page.locator("tbody tr td:nth-child(2)").all_inner_texts()
    assert set(who) == {gateway_officer.username}
    expect(page.locator("caption")).to_have_text(f"{len(who)} events")
    what = page.locator("tbody tr td:nth-child(3)").all_inner_texts()
    assert {"Signed in", "Signed out"} <= set(what)


def test_an_impossible_date_range_is_refused_with_an_error_summary(
    page, sign_in, visit, supervisor
):
    sign_in(page, supervisor.username)
    visit(page, "/audit/?date_from=2026-11-20&date_to=2026-11-01")

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_text(
        "The ‘To’ date must be the same as or after the ‘From’ date"
    )
    expect(page.get_by_text("Correct the filters to search.")).to_be_visible()
    expect(page.locator("table")).to_have_count(0)
