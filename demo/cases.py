"""Case histories for the demo: the cases the synthetic Gateway sign-offs opened, driven
through the real services (allocation, SIO directions and delivery, contacts including an
amended one, flags, reviews, Channel panel decisions, exits with their post-exit reviews,
a closed case and one reopened), so every case page has something real to show.

Idempotent: a case that already has a history is left as it is. Each case's timeline is
then spread between its opening and today, as it would have built up in use.
"""

import datetime
import random

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from apps.accounts.models import User
from apps.cases import services
from apps.cases.choices import CaseType, ReviewKind, ReviewStatus
from apps.cases.models import Case, CaseEvent
from apps.work import selectors as work_selectors
from apps.work import services as work_services

SEED = 2612
TACTICS = [
    ("Engagement visit at home with a parent present", "Build trust before any assessment"),
    ("Debrief interview about the online material shared", "Understand how it was found"),
    ("Visit to the family with the school's safeguarding lead", "The SIO wants the family's view"),
    ("Check with children's services about earlier involvement", "Avoid duplicating support"),
]
CONTACTS = [
    ("engagement_visit", "Met at the family home. Engaged well and talked about school."),
    ("call", "Called the parent to arrange the next visit."),
    ("multi_agency_meeting", "Meeting with education and early help to agree the plan."),
    ("partner_enquiry", "Asked the college about attendance since the referral."),
    ("debrief_interview", "Talked through the material shared; accepted it was harmful."),
]


def seed_case_histories(stdout, *, people: int = 320) -> None:
    cases = list(
        Case.objects.annotate(event_count=Count("events"))
        .filter(event_count__lte=1)
        .select_related("team", "person")
        .order_by("opened_at", "reference")
    )
    if not cases:
        stdout.write("Case histories already present (or no cases yet): left as they are.")
        return
    rng = random.Random(SEED)  # noqa: S311 (synthetic demo data, not security)
    supervisors = {user.team_id: user for user in User.objects.filter(role__code="supervisor")}
    sio = User.objects.filter(username="sio").first()
    for index, case in enumerate(cases):
        supervisor = supervisors.get(case.team_id)
        if supervisor is None:
            continue
        with transaction.atomic():
            _history(case, index=index, rng=rng, supervisor=supervisor, sio=sio)
            _spread(case)
    stdout.write(f"Gave {len(cases)} cases a history of directions, contacts and reviews.")


def _history(case: Case, *, index: int, rng: random.Random, supervisor: User, sio) -> None:
    officers = work_selectors.allocatable_officers(record=case)
    if not officers:
        return
    officer = officers[index % len(officers)]
    if index % 9 != 8:  # a few stay unallocated, for the team view
        work_services.allocation_allocate(
            record=case, officer=officer, by=supervisor, reason="Allocated at opening"
        )
    prevent_case = sio is not None and sio.team_id == case.team_id
    if prevent_case:
        services.case_update(
            case=case,
            officer=supervisor,
            expected_version=case.version,
            sio_id=sio.pk,
            niche_reference=f"NC-{case.reference[-5:]}",
        )
    if index % 7 == 3:
        services.case_flag_add(
            case=case,
            officer=officer,
            kind="interpreter_needed" if index % 2 else "no_unannounced_visits",
            reason="Told by the family at the first visit (synthetic).",
            expires_on=None,
        )
    stage = index % 6  # how far the case has got
    services.case_transition(
        case=case, officer=officer, name="start_assessment", reason="First visit arranged."
    )
    if prevent_case and stage >= 1:
        tactic, rationale = TACTICS[index % len(TACTICS)]
        direction = services.direction_record(
            case=case,
            officer=sio,
            tactic=tactic,
            rationale=rationale,
            due_on=timezone.localdate() + datetime.timedelta(days=rng.randint(-10, 30)),
            priority=rng.choice(["high", "medium", "low"]),
            tasked_officer=officer,
        )
        if stage >= 3:
            services.direction_deliver(
                direction=direction,
                officer=officer,
                outcome="done" if stage != 4 else "not_done",
                note="Visit made as directed."
                if stage != 4
                else "The family declined the visit; offered a call instead.",
            )
    for number in range(1 + stage % 3):
        kind, summary = CONTACTS[(index + number) % len(CONTACTS)]
        contact = services.contact_record(
            case=case,
            officer=officer,
            kind=kind,
            occurred_at=timezone.now() - datetime.timedelta(hours=rng.randint(2, 48)),
            location="Family home" if kind == "engagement_visit" else "",
            officers=[officer],
            other_attendees="Parent" if kind in {"engagement_visit", "debrief_interview"} else "",
            summary=summary,
            follow_up="",
        )
        if number == 0 and index % 4 == 1:
            first = contact.versions.get()
            services.contact_amend(
                contact=contact,
                officer=officer,
                expected_number=1,
                reason="The visit was at the youth centre, not the family home.",
                occurred_at=first.occurred_at,
                location="Youth centre",
                officers=[officer],
                other_attendees=first.other_attendees,
                summary=first.summary,
                follow_up="",
            )
    if case.case_type == CaseType.CHANNEL and stage >= 2:
        services.panel_decision_record(
            case=case,
            officer=supervisor,
            decision="adopted" if stage != 2 else "not_adopted",
            panel_date=timezone.localdate() - datetime.timedelta(days=rng.randint(1, 20)),
            referral_considered=stage == 2,
            notes="Panel agreed a mentor and education support."
            if stage != 2
            else "Not adopted: referred to early help instead.",
        )
        if stage == 2:
            services.case_close(
                case=case, officer=supervisor, reason="Not adopted by the Channel panel."
            )
            return
    if stage < 3:
        return
    services.case_transition(
        case=case, officer=officer, name="start_support", reason="Support plan agreed."
    )
    if stage == 3:
        return
    review = case.reviews.filter(status=ReviewStatus.DUE, kind=ReviewKind.CASE_REVIEW).first()
    if review is not None:
        services.review_complete(
            review=review,
            officer=officer,
            outcome="exit_recommended" if stage == 5 else "continue",
            notes="Engaging well; the mentor reports real progress.",
        )
    if stage == 4:
        return
    services.case_transition(
        case=case, officer=officer, name="start_review", reason="Support nearly complete."
    )
    services.case_exit(
        case=case,
        officer=supervisor,
        reason="Vulnerability much reduced: settled at college, no further concerns.",
        decided_by="panel" if case.case_type == CaseType.CHANNEL else "supervisor",
        extend_to_24=index % 2 == 0,
    )
    # One exit whose 6-month review found concerns had returned (a Cyber Prevent case has
    # re-offending checks instead of post-exit reviews: the schedule is data, ADR 0027).
    six = case.reviews.filter(kind=ReviewKind.POST_EXIT_6).first()
    if index % 12 == 5 and six is not None:
        services.review_complete(
            review=six,
            officer=supervisor,
            outcome="reopen",
            notes="A new referral from the college reports renewed interest in violent material.",
        )


def _spread(case: Case) -> None:
    """Date the case's timeline as it would have built up: from its opening to today."""
    events = list(CaseEvent.objects.filter(case=case).order_by("at", "id"))
    if len(events) < 2:
        return
    start = case.opened_at
    span = max(timezone.now() - start, datetime.timedelta(hours=1))
    for position, event in enumerate(events):
        event.at = start + span * position / len(events)
    CaseEvent.objects.bulk_update(events, ["at"])
