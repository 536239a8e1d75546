"""Allocations and tasks for the demo: open referrals held by officers, some still with the
team, and tasks due, overdue and done, all through the real services (so audited)."""

import datetime
import itertools

from django.utils import timezone

from apps.accounts.models import User
from apps.referrals.choices import OPEN_STATUSES
from apps.referrals.models import Referral
from apps.work import services
from apps.work.models import AllocationEvent, Task

TASKS = [
    # (days from today the task is due, what needs to be done, about an allocated referral)
    (-3, "Ask the referrer for the school's safeguarding notes", True),
    (-1, "Check the PNC result for the de-confliction", True),
    (0, "Call the referrer back with the reference", True),
    (2, "Ask children's social care whether the family is known", True),
    (7, "Book the Gateway assessment discussion with the supervisor", False),
]


def _open(team_id) -> list[Referral]:
    return list(
        Referral.objects.filter(team_id=team_id, status__in=OPEN_STATUSES).order_by(
            "-is_urgent", "due_date", "reference"
        )
    )


def seed_work(stdout, *, people: int) -> None:
    if AllocationEvent.objects.exists() or Task.objects.exists():
        stdout.write("Allocations and tasks already present: left as they are.")
        return
    officer = User.objects.get(username="gateway.officer")
    supervisor = User.objects.get(username="supervisor")
    cyber_officer = User.objects.get(username="cyber.officer")
    cyber_supervisor = User.objects.get(username="cyber.supervisor")
    today = timezone.localdate()
    allocated = 0

    prevent = _open(officer.team_id)
    # About half the team's open referrals are held (one awaiting sign-off stays with its
    # officer, but shows on the supervisor's My work): some moved from the supervisor to the
    # officer, some taken, some given; the rest wait, unallocated, on My work.
    held = prevent[: max(1, len(prevent) // 2)]
    for number, referral in enumerate(held):
        if number % 3 == 0:
            services.allocation_allocate(record=referral, officer=supervisor, by=supervisor)
            services.allocation_allocate(
                record=referral,
                officer=officer,
                by=supervisor,
                reason="Supervisor on a course this week",
            )
        elif number % 3 == 1:
            services.allocation_allocate(record=referral, officer=officer, by=officer)
        else:
            services.allocation_allocate(
                record=referral, officer=officer, by=supervisor, reason="Knows the school"
            )
        allocated += 1
    cyber = _open(cyber_officer.team_id)
    for referral in cyber[: max(1, len(cyber) // 2)]:
        services.allocation_allocate(
            record=referral, officer=cyber_officer, by=cyber_supervisor, reason="Cyber Prevent"
        )
        allocated += 1

    tasks = 0
    mine = itertools.cycle(held or [None])
    for days, title, linked in TASKS:
        record = next(mine) if linked else None
        services.task_create(
            officer=supervisor if days < 0 else officer,
            assignee=officer,
            title=title,
            due_date=today + datetime.timedelta(days=days),
            record=record,
        )
        tasks += 1
    done = services.task_create(
        officer=officer,
        assignee=officer,
        title="Send the referrer the acknowledgement",
        due_date=today - datetime.timedelta(days=5),
        record=held[0] if held else None,
    )
    services.task_complete(task=done, officer=officer, note="Sent by e-mail")
    if cyber:
        services.task_create(
            officer=cyber_supervisor,
            assignee=cyber_officer,
            title="Ask the ROCU for the intelligence package's annex",
            due_date=today + datetime.timedelta(days=1),
            record=cyber[0],
        )
        tasks += 1
    stdout.write(f"Allocated {allocated} referrals; set {tasks + 1} tasks (one done).")
