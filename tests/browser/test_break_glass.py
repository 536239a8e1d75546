"""Break-glass: an officer opens a record of another team; their line manager is told."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PURPOSE = "Urgent safeguarding check: this person was reported near a school in our area today"


@pytest.fixture
def north_east_supervisor(make_user, other_team):
    return make_user("supervisor", username="ne.supervisor", team=other_team)


@pytest.fixture
def north_east_officer(make_user, other_team, north_east_supervisor):
    """A Gateway officer in another team from `person`, managed by north_east_supervisor."""
    return make_user(
        "gateway_officer",
        username="ne.officer",
        team=other_team,
        line_manager=north_east_supervisor,
    )


def test_break_glass_opens_the_record_tells_the_line_manager_and_is_audited(
    page, sign_in, sign_out, click_through, visit, person, north_east_officer, north_east_supervisor
):
    sign_in(page, north_east_officer.username)
    assert visit(page, person.get_absolute_url()).status == 404

    visit(page, "/")
    click_through(page, "Break-glass access")
    click_through(page, "Request access to a record")
    page.get_by_label("Type of record").select_option(label="Person")
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
    sign_in(page, north_east_supervisor.username)
    expect(page.get_by_role("heading", name="Notifications")).to_be_visible()
    notification = page.get_by_role("main").get_by_role("listitem")
    expect(notification).to_have_count(1)
    expect(notification).to_contain_text("Break-glass access used")
    expect(notification).to_contain_text(north_east_officer.display_name)
    expect(notification).to_contain_text(person.reference)
    expect(notification).to_contain_text(PURPOSE)

    click_through(page, "Audit")
    page.get_by_label("Username").fill(north_east_officer.username)
    page.get_by_label("Action").select_option(label="Used break-glass access")
    click_through(page, "Apply filters")

    expect(page.get_by_test_id("audit-count")).to_have_text("1 event")
    event = page.locator("tbody tr")
    expect(event).to_contain_text(north_east_officer.username)
    expect(event).to_contain_text("Used break-glass access")
    expect(event).to_contain_text(f"Reason: {PURPOSE}")
    expect(event).to_contain_text(person.reference)
