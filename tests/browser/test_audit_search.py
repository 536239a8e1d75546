"""Searching the audit trail as a supervisor."""

import re

import pytest
from playwright.sync_api import expect

from apps.audit.choices import AuditAction
from apps.core import audit
from apps.people.tests.factories import PersonFactory

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
    page.get_by_label("User", exact=True).fill(gateway_officer.username)
    click_through(page, "Apply filters")

    expect(page).to_have_url(re.compile(rf"[?&]username={re.escape(gateway_officer.username)}"))
    expect(page.get_by_label("User", exact=True)).to_have_value(gateway_officer.username)
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
        "Date to must be the same as or after date from"
    )
    expect(page.get_by_text("Correct the filters to search.")).to_be_visible()
    expect(page.locator("table")).to_have_count(0)


def test_dates_are_typed_as_day_month_and_year_and_a_reversed_range_is_an_error(
    page, sign_in, click_through, data_protection_officer
):
    sign_in(page, data_protection_officer.username)
    click_through(page, "Audit")
    for legend, (day, month, year) in (
        ("Date from", ("20", "11", "2026")),
        ("Date to", ("1", "11", "2026")),
    ):
        group = page.get_by_role("group", name=legend)
        group.get_by_label("Day", exact=True).fill(day)
        group.get_by_label("Month", exact=True).fill(month)
        group.get_by_label("Year", exact=True).fill(year)
    click_through(page, "Apply filters")

    summary = page.locator(".govuk-error-summary")
    link = summary.get_by_role("link", name="Date to must be the same as or after date from")
    link.click()

    def day_box(legend):
        return page.get_by_role("group", name=legend).get_by_label("Day", exact=True)

    expect(day_box("Date to")).to_be_focused()
    expect(day_box("Date from")).to_have_value("20")
    expect(page.locator("table")).to_have_count(0)


def test_data_protection_officer_finds_a_record_by_part_of_its_reference_and_reads_its_history(
    page, sign_in, click_through, assert_accessible, data_protection_officer, outsider, other_team
):
    person = PersonFactory(team=other_team, given_name="Imogen", family_name="Thackeray")
    audit.record_view(user=outsider, subject=person, justification="Checking an address")
    sign_in(page, data_protection_officer.username)
    click_through(page, "Audit")
    page.get_by_label("Record reference or ID", exact=True).fill(person.reference[-5:])
    click_through(page, "Apply filters")

    history = page.get_by_role("link", name=re.compile(rf"^{person.reference}\W+who viewed"))
    with page.expect_navigation(wait_until="load"):
        history.click()
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Who viewed or changed this record")
    expect(page.get_by_test_id("by-reference-only")).to_be_visible()
    main = page.get_by_role("main")
    expect(main).to_contain_text(person.reference)
    expect(main).to_contain_text("Checking an address")
    expect(main).not_to_contain_text("Thackeray")
