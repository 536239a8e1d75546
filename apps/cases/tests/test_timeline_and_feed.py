"""The case's work on its timeline (tasks, allocation history) and the case items of a user's
ICS feed (reviews and SIO directions due, by reference only)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from apps.cases import services
from apps.cases.selectors import case_timeline
from apps.cases.tests.factories import (
    DueReviewFactory,
    OutstandingDirectionFactory,
    SupportCaseFactory,
)
from apps.people.tests.factories import PersonFactory
from apps.work import services as work_services

pytestmark = pytest.mark.django_db
SOON = timezone.localdate() + datetime.timedelta(days=7)


def _kinds(entries) -> list[str]:
    return [entry.kind for entry in entries]


def test_the_timeline_shows_tasks_set_and_done_on_the_case(colleague, supervisor, team):
    case = SupportCaseFactory(team=team)
    task = work_services.task_create(
        officer=colleague, assignee=colleague, title="Call the school", due_date=SOON, record=case
    )
    work_services.task_complete(task=task, officer=colleague, note="Spoke to the head")
    entries = case_timeline(case=case, kinds={"task"})
    assert _kinds(entries) == ["task", "task"]
    assert entries[0].what == f"Task {task.reference} done: Call the school"
    assert entries[1].what.startswith(f"Task {task.reference} set for {colleague.display_name}")


def test_the_timeline_shows_the_allocation_history(colleague, case_officer, supervisor, team):
    case = SupportCaseFactory(team=team)
    work_services.allocation_allocate(record=case, officer=colleague, by=supervisor)
    work_services.allocation_allocate(
        record=case, officer=case_officer, by=supervisor, reason="Leave cover"
    )
    work_services.allocation_release(record=case, by=supervisor, reason="Back to the team")
    entries = case_timeline(case=case, kinds={"allocation"})
    assert [entry.what for entry in entries] == [
        f"No longer held by {case_officer.display_name}: Back to the team",
        f"Reallocated from {colleague.display_name} to {case_officer.display_name}: Leave cover",
        f"Allocated to {colleague.display_name}",
    ]
    assert {entry.who for entry in entries} == {supervisor.display_name}


def test_the_timeline_page_filters_tasks_and_allocation_by_kind(
    signed_in, colleague, supervisor, team
):
    case = SupportCaseFactory(team=team)
    work_services.allocation_allocate(record=case, officer=colleague, by=supervisor)
    work_services.task_create(
        officer=colleague, assignee=colleague, title="Book a mentor", due_date=SOON, record=case
    )
    client = signed_in(colleague)
    url = reverse("cases:case_timeline", args=[case.pk])
    page = client.get(url).content.decode()
    assert "Book a mentor" in page
    assert f"Allocated to {colleague.display_name}" in page
    assert 'value="task"' in page
    assert 'value="allocation"' in page
    only_tasks = client.get(url + "?kind=task").content.decode()
    assert "Book a mentor" in only_tasks
    assert f"Allocated to {colleague.display_name}" not in only_tasks


# --- The ICS feed ---------------------------------------------------------------------------


def _feed(client, user) -> tuple[Calendar, str]:
    client.force_login(user)
    response = client.post(reverse("documents:calendar"))
    url = re.search(r'data-testid="feed-url"[^>]*value="([^"]+)"', response.content.decode())
    client.logout()
    fetched = client.get(url.group(1))
    assert fetched.status_code == 200
    return Calendar.from_ical(fetched.content), fetched.content.decode()


def test_the_feed_carries_my_reviews_and_directions_due_by_reference_only(
    client, colleague, supervisor, sio, team
):
    person = PersonFactory(team=team, given_name="Zebedee", family_name="Quillfeather")
    case = SupportCaseFactory(team=team, person=person)
    work_services.allocation_allocate(record=case, officer=colleague, by=supervisor)
    review = DueReviewFactory(case=case)
    direction = OutstandingDirectionFactory(
        case=case, tasked_officer=colleague, tactic="Visit Zebedee Quillfeather at home"
    )
    calendar, text = _feed(client, colleague)
    summaries = {str(event["summary"]): event for event in calendar.walk("VEVENT")}
    assert f"Case review due: case {case.reference}" in summaries
    assert f"SIO direction due: case {case.reference} (medium priority)" in summaries
    assert summaries[f"Case review due: case {case.reference}"].decoded("dtstart") == (
        review.due_on
    )
    assert (
        summaries[f"SIO direction due: case {case.reference} (medium priority)"].decoded("dtstart")
        == direction.due_on
    )
    for secret in ("Zebedee", "Quillfeather", colleague.last_name, "Visit"):
        assert secret not in text


def test_the_sio_sees_the_directions_they_gave_in_their_feed(client, colleague, sio, team):
    case = SupportCaseFactory(team=team)
    services.direction_record(
        case=case,
        officer=sio,
        tactic="Debrief interview",
        rationale="Synthetic rationale",
        due_on=SOON,
        priority="high",
        tasked_officer=colleague,
    )
    calendar, _ = _feed(client, sio)
    assert [str(event["summary"]) for event in calendar.walk("VEVENT")] == [
        f"SIO direction due: case {case.reference} (high priority)"
    ]


def test_a_restricted_case_leaves_the_feed(client, colleague, supervisor, sio, team):
    seen = SupportCaseFactory(team=team)
    hidden = SupportCaseFactory(team=team)
    for case in (seen, hidden):
        work_services.allocation_allocate(record=case, officer=colleague, by=supervisor)
        DueReviewFactory(case=case)
    services.case_restrict(case=hidden, officer=sio, readers=[sio], reason="Live investigation")
    _, text = _feed(client, colleague)
    assert seen.reference in text
    assert hidden.reference not in text
