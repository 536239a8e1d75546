"""My work in a browser: take a referral, set and finish a task, a supervisor reallocates."""

import datetime

import pytest
from playwright.sync_api import expect

from apps.referrals.tests.factories import ReceivedReferralFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_take_a_referral_set_a_task_finish_it_and_the_supervisor_reallocates(
    page, sign_in, sign_out, click_through, make_user, team, gateway_officer, supervisor
):
    second = make_user("gateway_officer", username="second.officer", first_name="Rowan")
    today = datetime.date.today()
    waiting = ReceivedReferralFactory(team=team, due_date=today - datetime.timedelta(days=1))
    urgent = ReceivedReferralFactory(
        team=team,
        due_date=today + datetime.timedelta(days=3),
        is_urgent=True,
        urgent_reason="Threat made this morning",
    )

    sign_in(page, gateway_officer.username)
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    unallocated = page.get_by_test_id("work-list-unallocated-referrals")
    expect(unallocated.locator("tbody tr").first).to_contain_text(urgent.reference)
    expect(unallocated.locator("tbody tr").first).to_contain_text("Urgent")
    click_through(page, f"Take {waiting.reference}")
    expect(page.get_by_test_id("work-list-my-referrals")).to_contain_text(waiting.reference)

    # A task about the referral, from the referral's page.
    click_through(page, waiting.reference)
    expect(page.get_by_test_id("allocated-to")).to_contain_text(gateway_officer.display_name)
    click_through(page, f"Set a task about {waiting.reference}")
    page.get_by_label("What needs to be done").fill("Ask the school for attendance records")
    group = page.get_by_role("group", name="Due date")
    for label, value in (("Day", "5"), ("Month", "1"), ("Year", str(today.year + 1))):
        group.get_by_label(label, exact=True).fill(value)
    click_through(page, "Set task")
    expect(page.get_by_test_id("task-record")).to_have_text(waiting.reference)
    expect(page.get_by_role("main")).to_contain_text(f"5 January {today.year + 1}")
    click_through(page, "Mark as done")
    page.get_by_label("What was done (optional)").fill("Records received")
    click_through(page, "Mark as done")
    expect(page.get_by_test_id("task-status")).to_have_text("Done")
    sign_out(page)

    # The supervisor moves the referral to a colleague from the team view.
    sign_in(page, supervisor.username)
    click_through(page, "My team")
    expect(page.get_by_test_id("team-allocations")).to_contain_text(waiting.reference)
    click_through(page, f"Reallocate {waiting.reference}")
    page.get_by_label("Officer").select_option(label=second.display_name)
    click_through(page, "Allocate")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Say why you are reallocating this work"
    )
    page.get_by_label("Reason").fill("Gemma is on leave next week")
    click_through(page, "Allocate")
    expect(page.get_by_role("heading", level=1)).to_have_text("My team")
    expect(page.get_by_test_id("team-allocations")).to_contain_text(second.display_name)
