"""The shared list page in a browser: pages, sorting, the MoJ filter, errors, narrow screens."""

import re

import pytest
from playwright.sync_api import expect

from apps.gateway.tests.factories import OpenEnquiryFactory
from apps.people.tests.factories import PersonFactory
from apps.referrals.tests.factories import ReceivedReferralFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROWS = "[data-testid=referral-table] tbody tr"


def test_the_queue_pages_sorts_and_filters(page, sign_in, click_through, gateway_officer, team):
    ReceivedReferralFactory.create_batch(54, team=team)
    wanted = ReceivedReferralFactory(team=team, subject_family_name="Quillfeather")
    sign_in(page, gateway_officer.username)
    click_through(page, "Referrals")
    expect(page.locator("caption")).to_have_text(
        "55 referrals, urgent first, then overdue and due first"
    )
    expect(page.locator(ROWS)).to_have_count(50)

    click_through(page, "Next page")
    expect(page.locator(ROWS)).to_have_count(5)

    click_through(page, "Reference")
    expect(page.get_by_role("columnheader", name="Reference")).to_have_attribute(
        "aria-sort", "ascending"
    )
    expect(page).not_to_have_url(re.compile(r"page="))

    page.get_by_label("Reference, source reference or name").fill("quillfeather")
    click_through(page, "Apply filters")
    expect(page.locator(ROWS)).to_have_count(1)
    expect(page.locator(ROWS)).to_contain_text(wanted.reference)
    expect(page).to_have_url(re.compile(r"sort=reference"))


def test_an_invalid_filter_is_explained_in_the_error_summary(
    page, sign_in, visit, gateway_officer, team
):
    ReceivedReferralFactory(team=team)
    sign_in(page, gateway_officer.username)
    visit(page, "/referrals/?received_from=2026-13-45")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a real date")
    expect(page).to_have_title(re.compile(r"^Error: "))


def test_a_wide_table_scrolls_on_a_narrow_screen(page, sign_in, visit, gateway_officer, team):
    ReceivedReferralFactory(team=team)
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, gateway_officer.username)
    visit(page, "/referrals/")
    container = page.locator(".app-table-container")
    assert container.evaluate("element => element.scrollWidth > element.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_every_converted_list_passes_axe_with_rows(page, sign_in, visit, gateway_officer, team):
    person = PersonFactory(team=team, family_name="Kestrelwood")
    OpenEnquiryFactory(team=team)
    sign_in(page, gateway_officer.username)
    visit(page, "/people/?q=Kestrelwood")
    expect(page.locator("tbody")).to_contain_text(person.reference)
    visit(page, "/gateway/enquiries/")
    expect(page.locator("tbody tr")).to_have_count(1)
    visit(page, "/referrals/imports/")
    visit(page, "/account/break-glass/")
