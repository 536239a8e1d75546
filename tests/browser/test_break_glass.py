"""Break-glass: an officer opens a record of another team; their line manager is told."""

import re

import pytest
from playwright.sync_api import expect

from apps.accounts.services import break_glass_grant

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PURPOSE = "Urgent safeguarding check: this person was reported near a school in our area today"


def shows_the_break_glass_event(page, click_through, officer, person) -> None:
    click_through(page, "Audit")
    page.get_by_label("User", exact=True).fill(officer.username)
    page.get_by_label("Action").select_option(label="Used break-glass access")
    click_through(page, "Apply filters")

    expect(page.locator("caption")).to_have_text("1 event")
    event = page.locator("tbody tr")
    expect(event).to_contain_text(officer.username)
    expect(event).to_contain_text("Used break-glass access")
    expect(event).to_contain_text(f"Reason: {PURPOSE}")
    expect(event).to_contain_text(person.reference)


def test_break_glass_opens_the_record_and_tells_the_line_manager(
    page,
    sign_in,
    sign_out,
    click_through,
    visit,
    person,
    outsider,
    supervisor,
    data_protection_officer,
):
    outsider.line_manager = supervisor
    outsider.save(update_fields=["line_manager"])
    sign_in(page, outsider.username)
    assert visit(page, person.get_absolute_url()).status == 404

    visit(page, "/")
    click_through(page, "Break-glass access")
    click_through(page, "Request access to a record")
    page.get_by_label("Type of record").select_option(value="people.person")
    page.get_by_label("Record reference").fill(person.reference)
    page.get_by_label("Why do you need this record?").fill("Urgent")
    click_through(page, "Request access")
    expect(page.locator(".govuk-error-summary")).to_contain_text("at least 20 characters")
    expect(page.get_by_label("Record reference")).to_have_value(person.reference)
    page.get_by_label("Why do you need this record?").fill(PURPOSE)
    click_through(page, "Request access")

    expect(page).to_have_url(re.compile(rf"/people/{person.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(person.full_name)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"You have access to {person.reference}"
    )

    sign_out(page)
    sign_in(page, supervisor.username)
    expect(page.get_by_role("heading", name="Notifications")).to_be_visible()
    notification = page.get_by_role("main").get_by_role("listitem")
    expect(notification).to_have_count(1)
    expect(notification).to_contain_text("Break-glass access used")
    expect(notification).to_contain_text(outsider.display_name)
    expect(notification).to_contain_text(person.reference)
    expect(notification).to_contain_text(PURPOSE)

    sign_out(page)
    sign_in(page, data_protection_officer.username)
    shows_the_break_glass_event(page, click_through, outsider, person)


def test_the_line_manager_finds_the_break_glass_use_in_the_audit_trail(
    page, sign_in, click_through, person, outsider, supervisor
):
    outsider.line_manager = supervisor
    outsider.save(update_fields=["line_manager"])
    break_glass_grant(user=outsider, record=person, purpose=PURPOSE)

    sign_in(page, supervisor.username)

    shows_the_break_glass_event(page, click_through, outsider, person)
