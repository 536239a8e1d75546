"""Writes to cases: every change is access-checked, validated, audited on the case and written
to the case's timeline, in one transaction. Status changes run only through the declared state
machine (`core.workflow.run_transition`), each with a reason."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.accounts.choices import TeamKind
from apps.accounts.models import Team, User
from apps.accounts.services import notification_send
from apps.audit.choices import AuditAction
from apps.cases import registry, schedules
from apps.cases.choices import (
    LIVE_STATUSES,
    OUTSTANDING_DIRECTION_STATUSES,
    POST_EXIT_KIND_FOR_MONTHS,
    POST_EXIT_KINDS,
    POST_EXIT_MONTHS,
    CaseType,
    CheckResult,
    CheckStatus,
    DeliveryOutcome,
    DirectionStatus,
    EventKind,
    ExitDecidedBy,
    FlagKind,
    PanelDecision,
    ReferralLink,
    ReviewKind,
    ReviewOutcome,
    ReviewStatus,
    ScheduleAnchor,
    ScheduleKind,
    TransferStatus,
)
from apps.cases.models import (
    Case,
    CaseEvent,
    CaseFlag,
    CaseReferral,
    CaseTransfer,
    ChannelPanelDecision,
    CheckSystem,
    Contact,
    ContactVersion,
    Direction,
    DirectionDelivery,
    ReoffendingCheck,
    Review,
    ReviewSchedule,
)
from apps.core import access, audit, dates, workflow
from apps.core.concurrency import merge_edit, save_if_unchanged
from apps.core.references import next_reference
from apps.core.restriction import restrict_record
from apps.gateway.choices import Outcome
from apps.referrals.models import Referral
from apps.referrals.routing import RoutingRules
from apps.work import selectors as work_selectors
from apps.work import services as work_services

CASE_TYPE_FOR_OUTCOME = {
    Outcome.CHANNEL: CaseType.CHANNEL,
    Outcome.POLICE_LED_PARTNERSHIP: CaseType.POLICE_LED_PARTNERSHIP,
    Outcome.CYBER_PREVENT: CaseType.CYBER_PREVENT,
}
SUPERVISE = "cases.supervise_case"
RESTRICT = "cases.restrict_case"
DIRECT = "cases.direct_case"
TRANSITION_NAMES = ("start_assessment", "start_support", "start_review")
EDITABLE_FIELDS = (
    "sio_id",
    "niche_reference",
    "channel_reference",
    "review_interval_months",
    "protective_marking",
)


# --- The timeline and notifications --------------------------------------------------------
def case_event_add(
    *, case: Case, officer: User | None, kind: str, what: str, link: str = ""
) -> CaseEvent:
    """Add one entry to the case's timeline (the apps above may add theirs this way too)."""
    return CaseEvent.objects.create(case=case, actor=officer, kind=kind, what=what, link=link)


def _notify(user: User | None, *, subject: str, case: Case) -> None:
    """In-app notice; the e-mail it sends says only that there is something to look at."""
    if user is None or not user.is_active:
        return
    notification_send(
        recipient=user,
        subject=subject,
        body="You have something to look at in Prevent Casework.",
        link=case.get_absolute_url(),
    )


def _require(user: User, case: Case, *, capability: str | None = None) -> None:
    access.require(user, access.CHANGE, case)
    if capability:
        access.require_capability(user, capability)


def _lock(case: Case) -> Case:
    """The case row, locked for the rest of the transaction, as it is now."""
    return Case.objects.select_for_update().get(pk=case.pk)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    return day + relativedelta(months=months)


def _schedule_case_review(case: Case, *, officer: User | None, start: datetime.date) -> Review:
    return Review.objects.create(
        case=case,
        kind=ReviewKind.CASE_REVIEW,
        due_on=_add_months(start, case.review_interval_months),
        created_by=officer,
    )


def _cancel_due_reviews(case: Case, *, kinds) -> int:
    return Review.objects.filter(case=case, status=ReviewStatus.DUE, kind__in=kinds).update(
        status=ReviewStatus.CANCELLED, updated_at=timezone.now()
    )


# --- Opening ------------------------------------------------------------------------------
def _cyber_team_for(referral: Referral) -> Team:
    """The Cyber Prevent team that holds a Cyber Prevent case: the referral's own team when it
    is one; else the team the Cyber Prevent routing rules name for the person's area; else the
    first active Cyber Prevent team. A force with no Cyber Prevent team keeps the referral's."""
    if referral.team.kind == TeamKind.CYBER:
        return referral.team
    routed = RoutingRules.load().team_for(referral)
    if routed is not None:
        return routed
    return (
        Team.objects.filter(kind=TeamKind.CYBER, is_active=True).order_by("name").first()
        or referral.team
    )


def case_open_for_decision(*, decision, referral, supervisor: User) -> Case | None:
    """A decision was signed off: open a case if its outcome needs one, audited.

    Registered in gateway.registry by CasesConfig.ready(), so it runs in the sign-off's
    transaction. A decision on a restricted referral opens a restricted case, to the
    referral's access list, through `case_restrict`. The first case review is scheduled.
    """
    case_type = CASE_TYPE_FOR_OUTCOME.get(decision.outcome)
    if case_type is None:
        return None
    team = referral.team
    if case_type == CaseType.CYBER_PREVENT:
        team = _cyber_team_for(referral)
    case = Case(
        reference=next_reference("CS"),
        case_type=case_type,
        person_id=referral.person_id,
        referral=referral,
        gateway_decision=decision,
        team=team,
        protective_marking=referral.protective_marking,
        created_by=supervisor,
        updated_by=supervisor,
    )
    case.full_clean(exclude=["status"])
    case.save()
    CaseReferral.objects.create(
        case=case, referral=referral, link=ReferralLink.ORIGINATING, created_by=supervisor
    )
    _schedule_case_review(case, officer=supervisor, start=timezone.localdate())
    case_event_add(
        case=case,
        officer=supervisor,
        kind=EventKind.STATUS,
        what=f"Case opened ({case.get_case_type_display()}) from referral {referral.reference}",
        link=referral.get_absolute_url(),
    )
    audit.record(
        AuditAction.CREATE, user=supervisor, subject=case, detail={"referral": referral.reference}
    )
    if referral.is_restricted:
        case_restrict(
            case=case,
            officer=supervisor,
            readers=referral.access_list.all(),
            reason=f"Opened from restricted referral {referral.reference}",
        )
    return case


# --- Restriction --------------------------------------------------------------------------
def case_restrict(*, case: Case, officer: User, readers, reason: str) -> Case:
    """Restrict the case to `readers` (added to its access list), audited on the case.

    Not refused for want of access: the caller decided the restriction on the record the
    officer acts on (see people.services.person_restrict). Everything in the case follows:
    its records are read only through the case.
    """
    if restrict_record(record=case, officer=officer, readers=readers, reason=reason):
        case_event_add(
            case=case, officer=officer, kind=EventKind.CASE, what="Case restricted to a named list"
        )
    return case


def case_restrict_by_sio(*, case: Case, officer: User, readers, reason: str) -> Case:
    """The SIO restricts the case for a live investigation: to the SIO and the readers named."""
    _require(officer, case, capability=RESTRICT)
    return case_restrict(case=case, officer=officer, readers=[officer, *readers], reason=reason)


def case_restrict_for_person(*, person, officer: User, readers, reason: str) -> None:
    """A person was restricted: so are their live cases (registered in people.registry)."""
    for case in Case.objects.filter(person=person, status__in=LIVE_STATUSES):
        case_restrict(case=case, officer=officer, readers=readers, reason=reason)


# --- The case record ------------------------------------------------------------------------
def case_update(
    *, case: Case, officer: User, expected_version: int, base: dict | None = None, **values
) -> Case:
    """Change the case's details (SIO, references, marking, review interval), audited.

    Never overwrites a colleague's change (core.concurrency, ADR 0019): with `base` (the
    page's starting values) a save in between is merged field by field and the same field
    changed by both is refused with both values; without it (the API) any save since
    `expected_version` is refused.
    """
    _require(officer, case)
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Cannot change: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        # merge_edit reloads every stored field onto the case: let it set the protected
        # status too (it is never edited here; transitions change it).
        case.__dict__.pop("status", None)
        merge = merge_edit(case, expected_version=expected_version, changes=values, base=base)
        before = audit.snapshot(case, EDITABLE_FIELDS)
        for name, value in merge.changes.items():
            setattr(case, name, value)
        case.updated_by, case.updated_at = officer, timezone.now()
        case.full_clean(exclude=["status"])
        changes = audit.diff(case, before, EDITABLE_FIELDS)
        if not changes:
            return case
        save_if_unchanged(
            case,
            expected_version=case.version,
            fields=[*merge.changes, "updated_by", "updated_at"],
        )
        audit.record(AuditAction.UPDATE, user=officer, subject=case, changes=changes)
        case_event_add(
            case=case,
            officer=officer,
            kind=EventKind.CASE,
            what="Case details changed: "
            + ", ".join(str(Case._meta.get_field(name).verbose_name) for name in changes),
        )
        if "sio_id" in changes and case.sio_id:
            sio = User.objects.get(pk=case.sio_id)
            transaction.on_commit(
                lambda: _notify(sio, subject="You are the SIO on a case", case=case)
            )
    return case


def case_transition(*, case: Case, officer: User, name: str, reason: str) -> Case:
    """Move the case on (assessment, support, review), with the officer's reason, audited."""
    if name not in TRANSITION_NAMES:
        raise ValidationError(f"Unknown step {name!r}")
    return _run(case=case, officer=officer, name=name, reason=reason)


def _run(*, case: Case, officer: User, name: str, reason: str, detail: dict | None = None) -> Case:
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for this step"})
    with transaction.atomic():
        current = _lock(case)
        access.require(officer, access.VIEW, current)
        before = current.status
        workflow.run_transition(getattr(current, name), user=officer)
        current.updated_by = officer
        current.version += 1
        current.save()
        label = current.get_status_display()
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=current,
            justification=reason,
            changes={"status": {"old": before, "new": current.status}},
            detail={"transition": name, **(detail or {})},
        )
        case_event_add(
            case=current,
            officer=officer,
            kind=EventKind.STATUS,
            what=f"Status changed to {label}: {reason}",
        )
    case.__dict__.update({key: current.__dict__[key] for key in ("status", "version", "ended_at")})
    case.times_reopened = current.times_reopened
    return current


def case_exit(
    *, case: Case, officer: User, reason: str, decided_by: str, extend_to_24: bool = False
) -> Case:
    """Exit the case (a supervisor), with the panel's or supervisor's decision; the case
    reviews still due are cancelled and post-exit reviews are created at 6 and 12 months
    (and 24 when extended)."""
    if decided_by not in ExitDecidedBy.values:
        raise ValidationError({"decided_by": "Select who decided the exit"})
    with transaction.atomic():
        current = _run(
            case=case, officer=officer, name="exit", reason=reason, detail={"by": decided_by}
        )
        Case.objects.filter(pk=current.pk).update(end_reason=reason, exit_decided_by=decided_by)
        current.end_reason, current.exit_decided_by = reason, decided_by
        _cancel_due_reviews(current, kinds=[ReviewKind.CASE_REVIEW])
        today = timezone.localdate()
        steps = _schedule_steps(
            current.case_type, ScheduleKind.POST_EXIT_REVIEW, extended=extend_to_24
        )
        for step in steps:
            Review.objects.create(
                case=current,
                kind=POST_EXIT_KIND_FOR_MONTHS[step.offset_months],
                due_on=_add_months(today, step.offset_months),
                created_by=officer,
            )
        if steps:
            case_event_add(
                case=current,
                officer=officer,
                kind=EventKind.REVIEW,
                what="Post-exit reviews scheduled at "
                + ", ".join(f"{step.offset_months}" for step in steps)
                + " months",
            )
        # Re-offending checks counted from the exit; those counted from the end of the
        # intervention start now if no intervention's end has started them (support has
        # ended by the time the case exits).
        review_schedule_start(
            case=current, anchor=ScheduleAnchor.EXIT, anchored_on=today, officer=officer
        )
        if not current.reoffending_checks.filter(anchor=ScheduleAnchor.INTERVENTION_END).exists():
            review_schedule_start(
                case=current,
                anchor=ScheduleAnchor.INTERVENTION_END,
                anchored_on=today,
                officer=officer,
            )
    return current


def case_close(*, case: Case, officer: User, reason: str) -> Case:
    """Close the case without exit through support (a supervisor); due reviews are cancelled."""
    with transaction.atomic():
        current = _run(case=case, officer=officer, name="close", reason=reason)
        Case.objects.filter(pk=current.pk).update(end_reason=reason)
        current.end_reason = reason
        _cancel_due_reviews(current, kinds=[ReviewKind.CASE_REVIEW])
    return current


def case_reopen(*, case: Case, officer: User, reason: str) -> Case:
    """Reopen an exited or closed case (a supervisor): post-exit reviews still due are
    cancelled and a case review is scheduled."""
    with transaction.atomic():
        current = _run(case=case, officer=officer, name="reopen", reason=reason)
        _cancel_due_reviews(current, kinds=POST_EXIT_KINDS)
        _cancel_due_checks(current, anchors=ScheduleAnchor.values)
        _schedule_case_review(current, officer=officer, start=timezone.localdate())
        allocation = work_selectors.allocation_of(current)
        if allocation is not None:
            transaction.on_commit(
                lambda: _notify(
                    allocation.officer, subject="A case of yours was reopened", case=current
                )
            )
    return current


def case_attach_referral(
    *, case: Case, officer: User, referral: Referral, note: str
) -> CaseReferral:
    """Attach a later referral about the same person to the case, audited."""
    _require(officer, case)
    access.require(officer, access.VIEW, referral)
    if referral.person_id != case.person_id:
        raise ValidationError({"referral": "That referral is about someone else"})
    if CaseReferral.objects.filter(case=case, referral=referral).exists():
        raise ValidationError({"referral": "That referral is already on this case"})
    with transaction.atomic():
        link = CaseReferral.objects.create(
            case=case, referral=referral, link=ReferralLink.LATER, note=note, created_by=officer
        )
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=case,
            detail={"referral_attached": referral.reference},
        )
        case_event_add(
            case=case,
            officer=officer,
            kind=EventKind.REFERRAL,
            what=f"Referral {referral.reference} attached",
            link=referral.get_absolute_url(),
        )
    return link


# --- Flags --------------------------------------------------------------------------------
def case_flag_add(
    *, case: Case, officer: User, kind: str, reason: str, expires_on: datetime.date | None
) -> CaseFlag:
    _require(officer, case)
    if expires_on is not None and expires_on <= timezone.localdate():
        raise ValidationError({"expires_on": "The expiry date must be in the future"})
    flag = CaseFlag(case=case, kind=kind, reason=reason, expires_on=expires_on, created_by=officer)
    flag.full_clean()
    with transaction.atomic():
        flag.save()
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=case,
            justification=reason,
            detail={"flag_added": kind, "expires_on": expires_on},
        )
        case_event_add(
            case=case,
            officer=officer,
            kind=EventKind.FLAG,
            what=f"Flag added: {FlagKind(kind).label}",
        )
    return flag


def case_flag_remove(*, flag: CaseFlag, officer: User, reason: str) -> CaseFlag:
    _require(officer, flag.case)
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for removing the flag"})
    if flag.removed_at is not None:
        raise ValidationError("This flag was already removed")
    with transaction.atomic():
        flag.removed_at, flag.removed_by, flag.removal_reason = timezone.now(), officer, reason
        flag.save(update_fields=["removed_at", "removed_by", "removal_reason", "updated_at"])
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=flag.case,
            justification=reason,
            detail={"flag_removed": flag.kind},
        )
        case_event_add(
            case=flag.case,
            officer=officer,
            kind=EventKind.FLAG,
            what=f"Flag removed: {flag.get_kind_display()}",
        )
    return flag


# --- Transfer and allocation ------------------------------------------------------------
def case_transfer(
    *,
    case: Case,
    officer: User,
    to_owner: User | None,
    to_team: Team | None,
    to_region: str,
    handover_note: str,
) -> CaseTransfer:
    """Pass the case to another officer or region of the team (done at once), or offer it to
    another team (a supervisor), with a handover note.

    The owning officer is the case's allocation (apps.work, which tells the new officer).
    Another team's supervisor accepts or declines the offer (`case_transfer_accept`,
    `case_transfer_decline`); until then the case stays with its team and its officer.
    """
    _require(officer, case, capability=SUPERVISE)
    if not handover_note.strip():
        raise ValidationError({"handover_note": "Write the handover note"})
    to_team = to_team or case.team
    moving_team = to_team.pk != case.team_id
    if moving_team and (case.case_type == CaseType.CYBER_PREVENT) != (
        to_team.kind == TeamKind.CYBER
    ):
        raise ValidationError(
            {
                "to_team": "A Cyber Prevent case goes to a Cyber Prevent team"
                if case.case_type == CaseType.CYBER_PREVENT
                else "Only Cyber Prevent cases go to a Cyber Prevent team"
            }
        )
    if moving_team and to_owner is not None:
        raise ValidationError(
            {"to_owner": "The receiving team's supervisor allocates the case to an officer there"}
        )
    if moving_team:
        return _transfer_offer(
            case=case,
            officer=officer,
            to_team=to_team,
            to_region=to_region,
            handover_note=handover_note,
        )
    allocation = work_selectors.allocation_of(case)
    from_owner = allocation.officer if allocation else None
    if to_owner is None and to_region == case.region:
        raise ValidationError("Choose an officer, a team or a region to transfer the case to")
    with transaction.atomic():
        current = _lock(case)
        transfer = CaseTransfer.objects.create(
            case=current,
            from_owner=from_owner,
            to_owner=to_owner,
            from_team=current.team,
            to_team=to_team,
            from_region=current.region,
            to_region=to_region,
            handover_note=handover_note,
            created_by=officer,
        )
        if to_owner is not None:
            work_services.allocation_allocate(
                record=current, officer=to_owner, by=officer, reason=handover_note
            )
            _hand_over(case=current, from_officer=from_owner, to_officer=to_owner, by=officer)
        if to_region != current.region:
            before = current.region
            current.region = to_region
            current.updated_by = officer
            current.version += 1
            current.save(update_fields=["region", "updated_by", "version", "updated_at"])
            audit.record(
                AuditAction.UPDATE,
                user=officer,
                subject=current,
                justification=handover_note,
                changes={"region": {"old": before, "new": to_region}},
                detail={"transfer": str(transfer.pk)},
            )
        who = to_owner.display_name if to_owner else "no officer yet"
        case_event_add(
            case=current,
            officer=officer,
            kind=EventKind.TRANSFER,
            what=f"Transferred to {who} ({to_team.name}"
            + (f", {to_region}" if to_region else "")
            + f"). Handover note: {handover_note}",
        )
    case.region, case.version = to_region, current.version
    case.owner = to_owner if to_owner is not None else from_owner
    return transfer


def _receiving_supervisors(team: Team) -> list[User]:
    return [
        user
        for user in User.objects.filter(team=team, is_active=True).select_related("role")
        if access.has_capability(user, SUPERVISE)
    ]


def _transfer_offer(
    *, case: Case, officer: User, to_team: Team, to_region: str, handover_note: str
) -> CaseTransfer:
    """Offer the case to another team: its supervisors are told and decide."""
    allocation = work_selectors.allocation_of(case)
    with transaction.atomic():
        current = _lock(case)
        if CaseTransfer.objects.filter(case=current, status=TransferStatus.AWAITING).exists():
            raise ValidationError(
                {"to_team": "This case is already offered to a team: wait for its answer"}
            )
        transfer = CaseTransfer.objects.create(
            case=current,
            from_owner=allocation.officer if allocation else None,
            from_team=current.team,
            to_team=to_team,
            from_region=current.region,
            to_region=to_region,
            handover_note=handover_note,
            status=TransferStatus.AWAITING,
            created_by=officer,
        )
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=current,
            justification=handover_note,
            detail={"transfer_offered_to": to_team.name, "transfer": str(transfer.pk)},
        )
        case_event_add(
            case=current,
            officer=officer,
            kind=EventKind.TRANSFER,
            what=f"Offered to {to_team.name}"
            + (f" ({to_region})" if to_region else "")
            + f", awaiting its supervisor. Handover note: {handover_note}",
        )
        supervisors = _receiving_supervisors(to_team)
        link = reverse("cases:transfer_decide", kwargs={"transfer_id": transfer.pk})
        transaction.on_commit(
            lambda: [
                notification_send(
                    recipient=supervisor,
                    subject="A case is offered to your team",
                    body="You have something to look at in Prevent Casework.",
                    link=link,
                )
                for supervisor in supervisors
            ]
        )
    return transfer


def _hand_over(*, case: Case, from_officer: User | None, to_officer: User, by: User) -> None:
    """The case changed hands: the old owner's open tasks on it and the SIO directions tasked
    to them go to the new owner (ADR 0035), audited, on the timeline, both officers told.
    Other officers' tasks and directions stay with them."""
    if from_officer is None or from_officer.pk == to_officer.pk:
        return
    reason = f"Case {case.reference} transferred to {to_officer.display_name}"
    moved, kept = work_services.tasks_hand_over(
        record=case, from_officer=from_officer, to_officer=to_officer, by=by, reason=reason
    )
    directions = list(
        Direction.objects.select_for_update()
        .filter(case=case, tasked_officer=from_officer, status__in=OUTSTANDING_DIRECTION_STATUSES)
        .order_by("due_on")
    )
    for direction in directions:
        direction.tasked_officer = to_officer
        direction.updated_by = by
        direction.version += 1
        direction.save(update_fields=["tasked_officer", "updated_by", "version", "updated_at"])
    if not (moved or kept or directions):
        return
    audit.record(
        AuditAction.UPDATE,
        user=by,
        subject=case,
        justification=reason,
        detail={
            "handed_over_from": from_officer.username,
            "handed_over_to": to_officer.username,
            "tasks": [task.reference for task in moved],
            "tasks_kept": [task.reference for task in kept],
            "directions": [str(direction.pk) for direction in directions],
        },
    )
    parts = []
    if moved:
        parts.append(f"{len(moved)} open task{'s' if len(moved) != 1 else ''}")
    if directions:
        parts.append(
            f"{len(directions)} outstanding direction{'s' if len(directions) != 1 else ''}"
        )
    what = (
        f"Handed over from {from_officer.display_name} to {to_officer.display_name}: "
        + " and ".join(parts)
        if parts
        else f"Nothing handed over from {from_officer.display_name}"
    )
    if kept:
        what += (
            f"; {len(kept)} task{'s' if len(kept) != 1 else ''} kept by "
            f"{from_officer.display_name} ({to_officer.display_name} lacks the clearance)"
        )
    case_event_add(case=case, officer=by, kind=EventKind.TRANSFER, what=what)
    if directions:
        transaction.on_commit(
            lambda: _notify(to_officer, subject="SIO directions were handed over to you", case=case)
        )


def _offer_locked(transfer: CaseTransfer) -> CaseTransfer:
    return (
        CaseTransfer.objects.select_for_update(of=("self",))
        .select_related("case", "from_team", "to_team", "created_by")
        .get(pk=transfer.pk)
    )


def _awaiting(transfer: CaseTransfer, officer: User, *, step: str) -> CaseTransfer:
    """The offer locked, moved on by `step` (accept or decline) through its state machine:
    only a supervisor of the receiving team decides (the page's selector checked the same)."""
    if not transfer._may_decide(officer):
        audit.record_access_denied(
            user=officer,
            subject=transfer.case,
            action="transfer",
            status=403,
            reason="only a supervisor of the receiving team decides a transfer",
        )
        raise PermissionDenied("Only a supervisor of the receiving team decides this transfer.")
    current = _offer_locked(transfer)
    workflow.run_transition(
        getattr(current, step), user=officer, wrong_stage=_already_decided(current)
    )
    return current


def _already_decided(transfer: CaseTransfer) -> str:
    if transfer.status == TransferStatus.WITHDRAWN:
        return "This transfer was withdrawn by the team that offered it"
    return "This transfer was already decided"


def case_transfer_accept(
    *, transfer: CaseTransfer, officer: User, to_owner: User | None = None
) -> CaseTransfer:
    """A supervisor of the receiving team accepts the case: it moves to the team (and region),
    leaves the old team's lists and access, and is allocated to `to_owner` if named. The old
    owner's open tasks on the case and the directions tasked to them go to `to_owner`, or to
    the accepting supervisor until they allocate the case (ADR 0035)."""
    with transaction.atomic():
        current = _awaiting(transfer, officer, step="accept")
        case = _lock(current.case)
        allocation = work_selectors.allocation_of(case)
        old_owner = allocation.officer if allocation is not None else None
        if allocation is not None:
            # Released on behalf of the supervisor who offered the case: their decision to
            # hand it over takes effect now (ADR 0027).
            if not current.created_by.is_active:
                raise ValidationError(
                    "The supervisor who offered the case has left: ask the team to offer it again"
                )
            work_services.allocation_release(
                record=case,
                by=current.created_by,
                reason=f"Transferred to {current.to_team.name}",
            )
        before = {"team": case.team.name, "region": case.region}
        case.team = current.to_team
        if current.to_region:
            case.region = current.to_region
        case.updated_by = officer
        case.version += 1
        case.save(update_fields=["team", "region", "updated_by", "version", "updated_at"])
        after = {"team": case.team.name, "region": case.region}
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=case,
            justification=current.handover_note,
            changes={
                key: {"old": before[key], "new": after[key]}
                for key in before
                if before[key] != after[key]
            },
            detail={"transfer": str(current.pk), "transfer_accepted": True},
        )
        current.decided_by, current.decided_at = officer, timezone.now()
        current.to_owner = to_owner
        current.save(update_fields=["status", "decided_by", "decided_at", "to_owner", "updated_at"])
        case_event_add(
            case=case,
            officer=officer,
            kind=EventKind.TRANSFER,
            what=f"Transfer accepted by {current.to_team.name}"
            + (f": allocated to {to_owner.display_name}" if to_owner else ""),
        )
        if to_owner is not None:
            work_services.allocation_allocate(
                record=case, officer=to_owner, by=officer, reason=current.handover_note
            )
        _hand_over(case=case, from_officer=old_owner, to_officer=to_owner or officer, by=officer)
        proposer = current.created_by
        transaction.on_commit(
            lambda: _notify(proposer, subject="A case you offered was accepted", case=case)
        )
    return current


def _offer_ended(current: CaseTransfer, officer: User, reason: str, *, flag: str, what: str):
    """An offer declined or withdrawn (its state already moved): who, when and why, audited on
    the case and on its timeline."""
    current.decided_by, current.decided_at = officer, timezone.now()
    current.decision_note = reason.strip()
    current.save(
        update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"]
    )
    audit.record(
        AuditAction.UPDATE,
        user=officer,
        subject=current.case,
        justification=reason,
        detail={"transfer": str(current.pk), flag: True},
    )
    case_event_add(
        case=current.case,
        officer=officer,
        kind=EventKind.TRANSFER,
        what=f"{what}: {reason.strip()}",
    )


def case_transfer_decline(*, transfer: CaseTransfer, officer: User, reason: str) -> CaseTransfer:
    """A supervisor of the receiving team declines the case, saying why; it stays where it is."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why your team cannot take the case"})
    with transaction.atomic():
        current = _awaiting(transfer, officer, step="decline")
        _offer_ended(
            current,
            officer,
            reason,
            flag="transfer_declined",
            what=f"Transfer declined by {current.to_team.name}",
        )
        proposer = current.created_by
        transaction.on_commit(
            lambda: _notify(proposer, subject="A case you offered was declined", case=current.case)
        )
    return current


def case_transfer_withdraw(*, transfer: CaseTransfer, officer: User, reason: str) -> CaseTransfer:
    """Whoever offered the case, or a supervisor of the offering team, takes the offer back
    before the receiving team answers, saying why. The case stays where it is; the receiving
    team's supervisors (and whoever offered it, if someone else withdrew it) are told."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why you are withdrawing the offer"})
    with transaction.atomic():
        current = _offer_locked(transfer)
        access.require(officer, access.VIEW, current.case)
        workflow.run_transition(
            current.withdraw, user=officer, wrong_stage=_already_decided(current)
        )
        _offer_ended(
            current,
            officer,
            reason,
            flag="transfer_withdrawn",
            what=f"Offer to {current.to_team.name} withdrawn",
        )
        recipients = _receiving_supervisors(current.to_team)
        if current.created_by_id != officer.pk and current.created_by is not None:
            recipients.append(current.created_by)
        transaction.on_commit(
            lambda: [
                notification_send(
                    recipient=recipient,
                    subject="A case offered to your team was withdrawn"
                    if recipient.team_id == current.to_team_id
                    else "A case you offered was withdrawn",
                    body="You have something to look at in Prevent Casework.",
                    link=reverse("core:home"),
                )
                for recipient in recipients
                if recipient.is_active
            ]
        )
    return current


# --- SIO directions -------------------------------------------------------------------------
def direction_record(
    *,
    case: Case,
    officer: User,
    tactic: str,
    rationale: str,
    due_on: datetime.date,
    priority: str,
    tasked_officer: User,
) -> Direction:
    """The SIO directs a tactic; the officer tasked is told."""
    _require(officer, case, capability=DIRECT)
    if not case.is_live:
        raise ValidationError("Directions can only be given on a live case")
    if not access.can(tasked_officer, access.CHANGE, case):
        raise ValidationError({"tasked_officer": "That officer cannot work on this case"})
    direction = Direction(
        case=case,
        tactic=tactic,
        rationale=rationale,
        due_on=due_on,
        priority=priority,
        tasked_officer=tasked_officer,
        created_by=officer,
        updated_by=officer,
    )
    direction.full_clean()
    with transaction.atomic():
        direction.save()
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=case,
            detail={
                "direction_added": str(direction.pk),
                "due_on": due_on,
                "priority": priority,
                "tasked_officer": tasked_officer.username,
            },
        )
        case_event_add(
            case=case,
            officer=officer,
            kind=EventKind.DIRECTION,
            what=f"SIO direction: {tactic} (due {due_on:%-d %B %Y})",
        )
        transaction.on_commit(
            lambda: _notify(tasked_officer, subject="The SIO gave you a direction", case=case)
        )
    return direction


DIRECTION_FIELDS = ("tactic", "rationale", "due_on", "priority", "tasked_officer_id")


def direction_update(
    *,
    direction: Direction,
    officer: User,
    expected_version: int,
    base: dict | None = None,
    **values,
) -> Direction:
    """The SIO changes a direction (tactic, rationale, due date, priority, officer tasked),
    never over a colleague's change (core.concurrency, as `case_update`)."""
    case = direction.case
    _require(officer, case, capability=DIRECT)
    unknown = set(values) - set(DIRECTION_FIELDS)
    if unknown:
        raise ValidationError(f"Cannot change: {', '.join(sorted(unknown))}")
    if "tasked_officer_id" in values:
        tasked = User.objects.filter(pk=values["tasked_officer_id"]).first()
        if tasked is None or not access.can(tasked, access.CHANGE, case):
            raise ValidationError({"tasked_officer_id": "That officer cannot work on this case"})
    with transaction.atomic():
        merge = merge_edit(direction, expected_version=expected_version, changes=values, base=base)
        before = audit.snapshot(direction, DIRECTION_FIELDS)
        for name, value in merge.changes.items():
            setattr(direction, name, value)
        direction.updated_by, direction.updated_at = officer, timezone.now()
        direction.full_clean()
        changes = audit.diff(direction, before, DIRECTION_FIELDS)
        if not changes:
            return direction
        save_if_unchanged(
            direction,
            expected_version=direction.version,
            fields=[*merge.changes, "updated_by", "updated_at"],
        )
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=case,
            changes=changes,
            detail={"direction": str(direction.pk)},
        )
        case_event_add(
            case=case,
            officer=officer,
            kind=EventKind.DIRECTION,
            what=f"SIO direction changed: {direction.tactic}",
        )
    return direction


def direction_deliver(
    *, direction: Direction, officer: User, outcome: str, note: str
) -> DirectionDelivery:
    """Record what was done against a direction: done, partly, or not done with the reason."""
    _require(officer, direction.case)
    if not direction.is_outstanding:
        raise ValidationError("This direction is already finished")
    if not note.strip():
        message = (
            "Say why the direction was not done"
            if outcome == DeliveryOutcome.NOT_DONE
            else "Say what was done"
        )
        raise ValidationError({"note": message})
    delivery = DirectionDelivery(
        direction=direction, outcome=outcome, note=note, created_by=officer
    )
    delivery.full_clean()
    with transaction.atomic():
        delivery.save()
        before = direction.status
        direction.status = DirectionStatus(outcome)
        direction.updated_by = officer
        direction.version += 1
        direction.save(update_fields=["status", "updated_by", "version", "updated_at"])
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=direction.case,
            changes={"direction_status": {"old": before, "new": direction.status}},
            detail={"direction": str(direction.pk)},
        )
        case_event_add(
            case=direction.case,
            officer=officer,
            kind=EventKind.DIRECTION,
            what=f"Direction {delivery.get_outcome_display().lower()}: {direction.tactic}",
        )
    return delivery


# --- Contacts and enquiries -----------------------------------------------------------------
CONTACT_CONTENT = ("occurred_at", "location", "other_attendees", "summary", "follow_up")


def _check_contact_time(occurred_at: datetime.datetime) -> None:
    if problem := dates.happened_problem(occurred_at, noun="The date and time"):
        raise ValidationError({"occurred_at": problem})


def contact_record(
    *,
    case: Case,
    officer: User,
    kind: str,
    occurred_at: datetime.datetime,
    location: str,
    officers,
    other_attendees: str,
    summary: str,
    follow_up: str,
    direction: Direction | None = None,
    follow_up_assignee: User | None = None,
    follow_up_due: datetime.date | None = None,
) -> Contact:
    """Record a visit, interview, call, meeting or enquiry (version 1), audited.

    Each line of the follow-up actions becomes a task on the case (apps.work) for
    `follow_up_assignee`, due on `follow_up_due`.
    """
    _require(officer, case)
    actions = [line.strip() for line in follow_up.splitlines() if line.strip()]
    if actions and (follow_up_assignee is None or follow_up_due is None):
        raise ValidationError(
            {
                "follow_up_due" if follow_up_assignee else "follow_up_assignee": (
                    "Say who does the follow-up actions and by when"
                )
            }
        )
    _check_contact_time(occurred_at)
    if direction is not None and direction.case_id != case.pk:
        raise ValidationError({"direction": "That direction is on another case"})
    with transaction.atomic():
        contact = Contact(case=case, kind=kind, direction=direction, created_by=officer)
        contact.full_clean()
        contact.save()
        version = ContactVersion(
            contact=contact,
            number=1,
            occurred_at=occurred_at,
            location=location,
            other_attendees=other_attendees,
            summary=summary,
            follow_up=follow_up,
            created_by=officer,
        )
        version.full_clean()
        version.save()
        version.officers.set(officers)
        audit.record(
            AuditAction.CREATE,
            user=officer,
            subject=case,
            detail={"contact": str(contact.pk), "kind": kind, "version": 1},
        )
        case_event_add(
            case=case,
            officer=officer,
            kind=EventKind.CONTACT,
            what=f"{contact.get_kind_display()} recorded",
            link=contact_url(contact),
        )
        # Each follow-up task shows on the timeline through the task source (cases.timeline).
        for action in actions:
            work_services.task_create(
                officer=officer,
                assignee=follow_up_assignee,
                title=action[:200],
                due_date=follow_up_due,
                details=f"Follow-up from the {contact.get_kind_display().lower()} "
                f"on case {case.reference}",
                record=case,
            )
    return contact


def contact_url(contact: Contact) -> str:
    return reverse(
        "cases:contact_detail", kwargs={"case_id": contact.case_id, "contact_id": contact.pk}
    )


def contact_amend(
    *,
    contact: Contact,
    officer: User,
    expected_number: int,
    reason: str,
    occurred_at: datetime.datetime,
    location: str,
    officers,
    other_attendees: str,
    summary: str,
    follow_up: str,
) -> ContactVersion:
    """Correct a contact: a new version with the reason; the earlier text is kept, and the
    audit event carries both. Refused when someone amended it after the officer opened it."""
    _require(officer, contact.case)
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the amendment"})
    _check_contact_time(occurred_at)
    with transaction.atomic():
        Contact.objects.select_for_update().filter(pk=contact.pk).get()
        latest = contact.versions.order_by("-number").first()
        if latest.number != expected_number:
            raise ValidationError(
                f"Someone amended this contact (version {latest.number}) after you opened "
                f"version {expected_number}. Reload the page to see their amendment.",
                code="edit_conflict",
            )
        version = ContactVersion(
            contact=contact,
            number=latest.number + 1,
            occurred_at=occurred_at,
            location=location,
            other_attendees=other_attendees,
            summary=summary,
            follow_up=follow_up,
            reason=reason,
            created_by=officer,
        )
        version.full_clean()
        version.save()
        version.officers.set(officers)
        # The contact's version is its latest version's number (its ETag on the API).
        Contact.objects.filter(pk=contact.pk).update(
            version=version.number, updated_by=officer, updated_at=timezone.now()
        )
        contact.version = version.number
        changes = {
            name: {"old": getattr(latest, name), "new": getattr(version, name)}
            for name in CONTACT_CONTENT
            if getattr(latest, name) != getattr(version, name)
        }
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=contact.case,
            justification=reason,
            changes=changes,
            detail={"contact": str(contact.pk), "version": version.number},
        )
        case_event_add(
            case=contact.case,
            officer=officer,
            kind=EventKind.CONTACT,
            what=f"{contact.get_kind_display()} amended (version {version.number}): {reason}",
            link=contact_url(contact),
        )
    return version


# --- Reviews, panel decisions -----------------------------------------------------------
def review_complete(
    *, review: Review, officer: User, outcome: str, notes: str, extend_to_24: bool = False
) -> Review:
    """Record a review. A case review schedules the next; a post-exit review confirms the exit
    (the 12-month one may extend reviews to 24 months) or reopens the case (a supervisor)."""
    case = review.case
    _require(officer, case)
    post_exit = review.kind in POST_EXIT_KINDS
    allowed = (
        [ReviewOutcome.CONFIRMED, ReviewOutcome.REOPEN]
        if post_exit
        else [ReviewOutcome.CONTINUE, ReviewOutcome.EXIT_RECOMMENDED]
    )
    if outcome not in allowed:
        raise ValidationError({"outcome": "Select an outcome for this kind of review"})
    if not notes.strip():
        raise ValidationError({"notes": "Write the review's findings"})
    if post_exit and not access.has_capability(officer, SUPERVISE):
        raise PermissionDenied("A supervisor records post-exit reviews.")
    if extend_to_24:
        schedule = schedules.for_case_type(case.case_type)
        if schedule.extendable_at is None:
            raise ValidationError(
                {"extend_to_24": "This type of case's post-exit reviews cannot be extended"}
            )
        if POST_EXIT_MONTHS.get(review.kind) != schedule.extendable_at:
            raise ValidationError(
                {
                    "extend_to_24": f"Only the {schedule.extendable_at}-month review can extend "
                    f"the reviews to {schedule.extension_text}"
                }
            )
    with transaction.atomic():
        current = Review.objects.select_for_update().get(pk=review.pk)
        if current.status != ReviewStatus.DUE:
            raise ValidationError("This review was already recorded")
        current.status, current.outcome, current.notes = ReviewStatus.COMPLETED, outcome, notes
        current.completed_at, current.completed_by = timezone.now(), officer
        current.updated_by = officer
        current.save()
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=case,
            changes={"review_outcome": {"old": "", "new": outcome}},
            detail={"review": str(current.pk), "kind": current.kind},
        )
        case_event_add(
            case=case,
            officer=officer,
            kind=EventKind.REVIEW,
            what=f"{current.label} recorded: {current.get_outcome_display()}",
        )
        if not post_exit and case.is_live:
            _schedule_case_review(case, officer=officer, start=timezone.localdate())
        if outcome == ReviewOutcome.REOPEN:
            case_reopen(case=case, officer=officer, reason=f"Post-exit review: {notes}")
        elif extend_to_24:
            extension = [
                step
                for step in _schedule_steps(
                    case.case_type, ScheduleKind.POST_EXIT_REVIEW, extended=True
                )
                if step.on_extension
                and not case.reviews.filter(
                    kind=POST_EXIT_KIND_FOR_MONTHS[step.offset_months]
                ).exists()
            ]
            for step in extension:
                Review.objects.create(
                    case=case,
                    kind=POST_EXIT_KIND_FOR_MONTHS[step.offset_months],
                    due_on=_add_months(case.ended_at.date(), step.offset_months),
                    created_by=officer,
                )
            if extension:
                case_event_add(
                    case=case,
                    officer=officer,
                    kind=EventKind.REVIEW,
                    what="Post-exit reviews extended to "
                    + ", ".join(f"{step.offset_months}" for step in extension)
                    + " months",
                )
    return current


def panel_decision_record(
    *,
    case: Case,
    officer: User,
    decision: str,
    panel_date: datetime.date,
    referral_considered: bool,
    notes: str,
) -> ChannelPanelDecision:
    """A supervisor records the Channel panel's decision on a Channel case."""
    _require(officer, case, capability=SUPERVISE)
    if case.case_type != CaseType.CHANNEL:
        raise ValidationError("Panel decisions are recorded on Channel cases only")
    if panel_date > timezone.localdate():
        raise ValidationError({"panel_date": "The date of the panel must not be in the future"})
    if decision == PanelDecision.NOT_ADOPTED and not referral_considered:
        raise ValidationError(
            {
                "referral_considered": "A case not adopted must be considered for a health or "
                "social-care referral: confirm that it was"
            }
        )
    record = ChannelPanelDecision(
        case=case,
        decision=decision,
        panel_date=panel_date,
        referral_considered=referral_considered,
        notes=notes,
        created_by=officer,
    )
    record.full_clean()
    with transaction.atomic():
        record.save()
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=case,
            detail={"panel_decision": decision, "panel_date": panel_date},
        )
        case_event_add(
            case=case,
            officer=officer,
            kind=EventKind.PANEL,
            what=f"Channel panel on {panel_date:%-d %B %Y}: {record.get_decision_display()}",
        )
    return record


# --- Review schedules and re-offending checks ---------------------------------------------
def _schedule_steps(
    case_type: str, kind: str, *, anchor: str | None = None, extended: bool = False
) -> list[ReviewSchedule]:
    """The active steps of the case type's schedule (data: `ReviewSchedule`), by months."""
    steps = ReviewSchedule.objects.filter(case_type=case_type, kind=kind, is_active=True)
    if anchor is not None:
        steps = steps.filter(anchor=anchor)
    if not extended:
        steps = steps.filter(on_extension=False)
    return list(steps.order_by("offset_months"))


def _cancel_due_checks(case: Case, *, anchors) -> int:
    return ReoffendingCheck.objects.filter(
        case=case, status=CheckStatus.DUE, anchor__in=list(anchors)
    ).update(status=CheckStatus.CANCELLED, updated_at=timezone.now())


def _months_text(steps) -> str:
    return ", ".join(
        "at the anchor" if step.offset_months == 0 else f"{step.offset_months} months"
        for step in steps
    )


def review_schedule_start(
    *, case: Case, anchor: str, anchored_on: datetime.date, officer: User | None
) -> list[ReoffendingCheck]:
    """Create the case type's re-offending checks counted from `anchor` on `anchored_on`.

    Checks of that anchor still due are replaced (a later end of support starts the count
    again); checks already done stay. Only a person completes a check
    (`reoffending_check_record`): nothing here or anywhere else marks one done.
    """
    if anchor not in ScheduleAnchor.values:
        raise ValidationError(f"Unknown anchor {anchor!r}")
    steps = _schedule_steps(case.case_type, ScheduleKind.REOFFENDING_CHECK, anchor=anchor)
    if not steps:
        return []
    with transaction.atomic():
        replaced = _cancel_due_checks(case, anchors=[anchor])
        checks = [
            ReoffendingCheck.objects.create(
                case=case,
                anchor=anchor,
                anchored_on=anchored_on,
                offset_months=step.offset_months,
                due_on=_add_months(anchored_on, step.offset_months),
                created_by=officer,
            )
            for step in steps
        ]
        registry.reoffending_checks_scheduled(case=case, checks=checks, officer=officer)
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=case,
            detail={
                "reoffending_checks_scheduled": [check.due_on for check in checks],
                "anchor": anchor,
                "replaced": replaced,
            },
        )
        case_event_add(
            case=case,
            officer=officer,
            kind=EventKind.CHECK,
            what=f"Re-offending checks scheduled from {ScheduleAnchor(anchor).label.lower()} on "
            f"{anchored_on:%-d %B %Y}: {_months_text(steps)}",
        )
    return checks


def case_support_ended(
    *, case: Case, officer: User, ended_on: datetime.date
) -> list[ReoffendingCheck]:
    """The case's last current intervention ended (apps.interventions calls this): its
    re-offending checks counted from the end of the intervention start, if its type has any."""
    access.require(officer, access.VIEW, case)
    return review_schedule_start(
        case=case, anchor=ScheduleAnchor.INTERVENTION_END, anchored_on=ended_on, officer=officer
    )


def reoffending_check_record(
    *,
    check: ReoffendingCheck,
    officer: User,
    checked_on: datetime.date,
    systems,
    result: str,
    notes: str,
) -> ReoffendingCheck:
    """The officer records the check they did: which systems, when, what they found, audited.

    A check that finds re-offending, an arrest or a re-referral does not reopen the case by
    itself: the supervisor decides, and the case's timeline and My work show the result."""
    case = check.case
    _require(officer, case)
    systems = list(systems)
    errors = {}
    if checked_on is None:
        errors["checked_on"] = "Enter the date you checked"
    elif checked_on > timezone.localdate():
        errors["checked_on"] = "The date you checked must not be in the future"
    elif checked_on < check.anchored_on:
        errors["checked_on"] = (
            f"The date you checked must be on or after {check.anchored_on:%-d %B %Y}"
        )
    if not systems:
        errors["systems"] = "Select the systems you checked"
    elif any(not isinstance(system, CheckSystem) or not system.is_active for system in systems):
        errors["systems"] = "Select systems from the list"
    if result not in CheckResult.values:
        errors["result"] = "Select what the check found"
    elif result != CheckResult.NO_TRACE and not notes.strip():
        errors["notes"] = "Say what the check found"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = ReoffendingCheck.objects.select_for_update().get(pk=check.pk)
        if current.status != CheckStatus.DUE:
            raise ValidationError("This check was already recorded or is no longer needed")
        current.status = CheckStatus.DONE
        current.checked_on, current.checked_by = checked_on, officer
        current.result, current.notes = result, notes.strip()
        current.updated_by = officer
        current.version += 1
        current.save()
        current.systems.set(systems)
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=case,
            changes={"reoffending_check_result": {"old": "", "new": result}},
            detail={
                "reoffending_check": str(current.pk),
                "checked_on": checked_on,
                "systems": sorted(system.code for system in systems),
            },
        )
        case_event_add(
            case=case,
            officer=officer,
            kind=EventKind.CHECK,
            what=f"{current.label} done: {current.get_result_display().lower()} "
            f"({', '.join(system.name for system in systems)})",
            link=current.get_absolute_url(),
        )
    current.case = case
    return current
