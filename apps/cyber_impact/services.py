"""Writes for Cyber Prevent impact: intelligence interviews and outcome measures.

Each write checks the capability and the case (a Cyber Prevent case the officer may work on),
validates, saves in one transaction and is audited. The interview is also the case's contact
(a debrief interview), made through the cases app's own service.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.audit.choices import AuditAction
from apps.cases import services as case_services
from apps.cases.choices import CaseType, CheckStatus, ContactKind, ScheduleAnchor
from apps.cases.models import Case, ReoffendingCheck
from apps.core import access, audit, dates
from apps.core.concurrency import merge_edit, save_if_unchanged
from apps.core.references import next_reference
from apps.cyber_impact.choices import (
    MONTHS_AFTER_END,
    InterviewConsent,
    LegalUse,
    MeasurePoint,
    ReoffendingResult,
)
from apps.cyber_impact.models import (
    IntelligenceInterview,
    IntelligenceRequirement,
    InterviewAnswer,
    InterviewVersion,
    OutcomeMeasure,
    RequirementOption,
    due_on,
)
from apps.interventions.models import Intervention

INTERVIEW_PREFIX = "CI"
MEASURE_PREFIX = "OM"
MEASURE_FIELDS = (
    "measured_on",
    "engagement",
    "completion",
    "education_employment",
    "legal_use",
    "legal_use_detail",
    "notes",
)


@dataclass
class Answer:
    """The person's answer to one requirement: the options chosen and a note."""

    requirement: IntelligenceRequirement
    options: list[RequirementOption] = field(default_factory=list)
    note: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.options and not self.note.strip()


def _require_cyber_case(officer: User, case: Case, capability: str) -> None:
    access.require_capability(officer, capability)
    access.require(officer, access.CHANGE, case)
    if case.case_type != CaseType.CYBER_PREVENT:
        raise ValidationError({"case": "Only a Cyber Prevent case has this record"})


def _check_answers(answers: list[Answer], *, consent: str) -> list[Answer]:
    given = [answer for answer in answers if not answer.is_empty]
    if consent != InterviewConsent.GIVEN and given:
        raise ValidationError(
            {"consent": "Record answers only when the person (or their parent) consents"}
        )
    seen = set()
    errors = {}
    for answer in given:
        requirement = answer.requirement
        name = f"requirement_{requirement.code}"
        if requirement.pk in seen:
            errors[name] = f"{requirement.name} is answered twice"
        seen.add(requirement.pk)
        if not requirement.is_active:
            errors[name] = f"{requirement.name} is no longer asked"
        if any(option.requirement_id != requirement.pk for option in answer.options):
            errors[name] = f"An answer given for {requirement.name} belongs to another question"
        if not requirement.multiple and len(answer.options) > 1:
            errors[name] = f"Select one answer for {requirement.name}"
    if errors:
        raise ValidationError(errors)
    return given


def interview_record(
    *,
    case: Case,
    officer: User,
    disposal: str,
    disposal_date: datetime.date,
    interviewed_at: datetime.datetime,
    consent: str,
    consent_given_by: str = "",
    appropriate_adult: str = "",
    location: str = "",
    summary: str,
    answers: list[Answer] | None = None,
) -> IntelligenceInterview:
    """Record a Prevent intelligence interview after disposal, with consent, as a debrief
    interview contact on the case; its answers feed only the suppressed insight report."""
    _require_cyber_case(officer, case, "cyber_impact.add_intelligenceinterview")
    errors = {}
    if problem := dates.happened_problem(interviewed_at, noun="The interview date"):
        errors["interviewed_at"] = problem
    elif timezone.localtime(interviewed_at).date() < disposal_date:
        errors["interviewed_at"] = "The interview is after the disposal: check the dates"
    if problem := dates.happened_problem(disposal_date, noun="The date of the disposal"):
        errors["disposal_date"] = problem
    if consent == InterviewConsent.GIVEN and not consent_given_by:
        errors["consent_given_by"] = "Select who gave consent"
    if errors:
        raise ValidationError(errors)
    given = _check_answers(answers or [], consent=consent)
    with transaction.atomic():
        contact = case_services.contact_record(
            case=case,
            officer=officer,
            kind=ContactKind.DEBRIEF_INTERVIEW,
            occurred_at=interviewed_at,
            location=location,
            officers=[officer],
            other_attendees=appropriate_adult,
            summary=f"{CONTACT_PREFIX}{summary}",
            follow_up="",
        )
        interview = IntelligenceInterview(
            reference=next_reference(INTERVIEW_PREFIX),
            case=case,
            contact=contact,
            disposal=disposal,
            disposal_date=disposal_date,
            interviewed_at=interviewed_at,
            consent=consent,
            consent_given_by=consent_given_by if consent == InterviewConsent.GIVEN else "",
            appropriate_adult=appropriate_adult,
            summary=summary,
            created_by=officer,
        )
        interview.full_clean()
        interview.save()
        for answer in given:
            row = InterviewAnswer.objects.create(
                interview=interview, requirement=answer.requirement, note=answer.note.strip()
            )
            row.options.set(answer.options)
        audit.record(
            AuditAction.CREATE,
            user=officer,
            subject=interview,
            detail={
                "case": case.reference,
                "consent": consent,
                "requirements_answered": sorted(answer.requirement.code for answer in given),
            },
        )
    return interview


INTERVIEW_FIELDS = (
    "disposal",
    "disposal_date",
    "consent_given_by",
    "appropriate_adult",
    "summary",
)
CONTACT_PREFIX = "Prevent intelligence interview after disposal. "


def _version_of(interview: IntelligenceInterview, *, number: int, reason: str, officer):
    return InterviewVersion(
        interview=interview,
        number=number,
        reason=reason,
        created_by=officer,
        **{name: getattr(interview, name) for name in INTERVIEW_FIELDS},
    )


def _check_interview(interview: IntelligenceInterview) -> dict[str, str]:
    errors = {}
    interviewed_on = timezone.localtime(interview.interviewed_at).date()
    if interview.disposal_date and interview.disposal_date > interviewed_on:
        errors["disposal_date"] = (
            f"The disposal must be on or before the interview ({interviewed_on:%-d %B %Y})"
        )
    if interview.consent == InterviewConsent.GIVEN and not interview.consent_given_by:
        errors["consent_given_by"] = "Select who gave consent"
    if interview.consent != InterviewConsent.GIVEN and interview.consent_given_by:
        errors["consent_given_by"] = "Consent was declined: leave who gave it empty"
    if not (interview.summary or "").strip():
        errors["summary"] = "Enter the summary of the interview"
    return errors


def interview_amend(
    *,
    interview: IntelligenceInterview,
    officer: User,
    expected_version: int,
    reason: str,
    base: dict | None = None,
    **values,
) -> IntelligenceInterview:
    """Correct an intelligence interview: amended, never overwritten. The correction is a new
    version with its reason (the first amendment keeps the interview as first recorded as
    version 1), field by field over a colleague's change (core.concurrency), audited with both
    texts; the case's debrief-interview contact is amended with the same reason."""
    case = interview.case
    _require_cyber_case(officer, case, "cyber_impact.change_intelligenceinterview")
    unknown = set(values) - set(INTERVIEW_FIELDS)
    if unknown:
        raise ValidationError(f"Cannot change: {', '.join(sorted(unknown))}")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Give the reason for the amendment"})
    reason = reason.strip()
    with transaction.atomic():
        merge = merge_edit(interview, expected_version=expected_version, changes=values, base=base)
        before = audit.snapshot(interview, INTERVIEW_FIELDS)
        first = interview.versions.order_by("number").first()
        for name, value in merge.changes.items():
            setattr(interview, name, value)
        if errors := _check_interview(interview):
            raise ValidationError(errors)
        interview.updated_by, interview.updated_at = officer, timezone.now()
        interview.full_clean()
        changes = audit.diff(interview, before, INTERVIEW_FIELDS)
        if not changes:
            return interview
        latest = interview.versions.order_by("-number").first()
        if first is None:
            # Version 1: the interview as first recorded, by whoever recorded it.
            original = InterviewVersion(
                interview=interview,
                number=1,
                created_by=interview.created_by,
                **{name: before[name] for name in INTERVIEW_FIELDS},
            )
            original.full_clean()
            original.save()
            latest = original
        save_if_unchanged(
            interview,
            expected_version=interview.version,
            fields=[*merge.changes, "updated_by", "updated_at"],
        )
        version = _version_of(interview, number=latest.number + 1, reason=reason, officer=officer)
        version.full_clean()
        version.save()
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=interview,
            justification=reason,
            changes=changes,
            detail={"case": case.reference, "version": version.number},
        )
        if {"summary", "appropriate_adult"} & set(changes):
            _amend_contact(interview, officer=officer, reason=reason)
    return interview


def _amend_contact(interview: IntelligenceInterview, *, officer: User, reason: str) -> None:
    contact = interview.contact
    current = contact.versions.order_by("-number").first()
    case_services.contact_amend(
        contact=contact,
        officer=officer,
        expected_number=current.number,
        reason=f"Intelligence interview {interview.reference} amended: {reason}",
        occurred_at=current.occurred_at,
        location=current.location,
        officers=list(current.officers.all()),
        other_attendees=interview.appropriate_adult,
        summary=f"{CONTACT_PREFIX}{interview.summary}",
        follow_up=current.follow_up,
    )


def _check_measure(
    *, intervention: Intervention, point: str, values: dict, officer: User
) -> dict[str, str]:
    errors = {}
    today = timezone.localdate()
    measured_on = values.get("measured_on")
    if measured_on and measured_on > today:
        errors["measured_on"] = "The date measured must not be in the future"
    due = due_on(intervention.end_date, point)
    if measured_on and due and measured_on < due:
        errors["measured_on"] = (
            f"This measure is due from {due:%-d %B %Y}: it cannot be recorded before then"
        )
    if (
        values.get("legal_use") == LegalUse.TAKEN_UP
        and not (values.get("legal_use_detail") or "").strip()
    ):
        errors["legal_use_detail"] = "Say what they took up"
    return errors


def outcome_measure_record(
    *,
    intervention: Intervention,
    officer: User,
    point: str,
    measured_on: datetime.date,
    engagement: str,
    completion: str,
    education_employment: str,
    legal_use: str,
    reoffending: str | None = None,
    legal_use_detail: str = "",
    notes: str = "",
) -> OutcomeMeasure:
    """Record what became of the subject at the intervention's end or 6, 12 or 24 months
    after. The re-referral or re-offending part is the case's re-offending check for the same
    point, done by a person (apps.cases): linked, never typed in again. A `reoffending` given
    (the API's) must say what that check found, or "not yet checked" while it is not done."""
    case = intervention.case
    _require_cyber_case(officer, case, "cyber_impact.add_outcomemeasure")
    values = {
        "measured_on": measured_on,
        "engagement": engagement,
        "completion": completion,
        "education_employment": education_employment,
        "legal_use": legal_use,
        "legal_use_detail": legal_use_detail,
        "notes": notes,
    }
    errors = _check_measure(intervention=intervention, point=point, values=values, officer=officer)
    if OutcomeMeasure.objects.filter(intervention=intervention, point=point).exists():
        errors["point"] = "This measure is already recorded for the intervention: change it instead"
    check = matching_check(case=case, point=point) if point in MeasurePoint.values else None
    errors.update(_check_reoffending(check, reoffending))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        measure = OutcomeMeasure(
            reference=next_reference(MEASURE_PREFIX),
            case=case,
            intervention=intervention,
            point=point,
            reoffending_check=check,
            created_by=officer,
            **values,
        )
        measure.full_clean()
        measure.save()
        audit.record(
            AuditAction.CREATE,
            user=officer,
            subject=measure,
            changes={name: {"old": None, "new": value} for name, value in values.items()},
            detail={
                "case": case.reference,
                "intervention": intervention.reference,
                "point": point,
                **_check_detail(measure),
            },
        )
    return measure


def outcome_measure_update(
    *,
    measure: OutcomeMeasure,
    officer: User,
    expected_version: int,
    base: dict | None = None,
    reoffending: str | None = None,
    **values,
) -> OutcomeMeasure:
    """Correct or complete a measure, never over a colleague's change (core.concurrency). Its
    link to the case's re-offending check for the point is brought up to date (a check
    scheduled again after a later end of support replaces the one it linked)."""
    case = measure.case
    _require_cyber_case(officer, case, "cyber_impact.change_outcomemeasure")
    unknown = set(values) - set(MEASURE_FIELDS)
    if unknown:
        raise ValidationError(f"Cannot change: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        merge = merge_edit(measure, expected_version=expected_version, changes=values, base=base)
        before = audit.snapshot(measure, MEASURE_FIELDS)
        for name, value in merge.changes.items():
            setattr(measure, name, value)
        current = {name: getattr(measure, name) for name in MEASURE_FIELDS}
        errors = _check_measure(
            intervention=measure.intervention, point=measure.point, values=current, officer=officer
        )
        check = matching_check(case=case, point=measure.point)
        errors.update(_check_reoffending(check, reoffending))
        if errors:
            raise ValidationError(errors)
        relinked = check != measure.reoffending_check
        before_check = _check_detail(measure).get("reoffending_check")
        measure.reoffending_check = check
        measure.updated_by, measure.updated_at = officer, timezone.now()
        measure.full_clean()
        changes = audit.diff(measure, before, MEASURE_FIELDS)
        if relinked:
            changes["reoffending_check"] = {
                "old": before_check,
                "new": _check_detail(measure).get("reoffending_check"),
            }
        if not changes:
            return measure
        save_if_unchanged(
            measure,
            expected_version=measure.version,
            fields=[*merge.changes, "reoffending_check", "updated_by", "updated_at"],
        )
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=measure,
            changes=changes,
            detail={"case": case.reference, **_check_detail(measure)},
        )
    return measure


def matching_check(*, case: Case, point: str) -> ReoffendingCheck | None:
    """The case's re-offending check for a measure's point: counted from the end of the
    intervention, the same number of months after it, the latest still standing (a check
    cancelled because the count started again is never the one)."""
    return (
        ReoffendingCheck.objects.filter(
            case=case,
            anchor=ScheduleAnchor.INTERVENTION_END,
            offset_months=MONTHS_AFTER_END[MeasurePoint(point)],
        )
        .exclude(status=CheckStatus.CANCELLED)
        .select_related("checked_by")
        .order_by("-anchored_on", "-created_at")
        .first()
    )


def measures_link_checks(*, case: Case, checks=(), officer: User | None = None) -> int:
    """The case's re-offending checks were (re)scheduled (cases.registry): each outcome measure
    of the case takes the check now standing for its point, audited. Nothing is marked done:
    only a person does a check."""
    relinked = 0
    for measure in OutcomeMeasure.objects.select_for_update().filter(case=case):
        check = matching_check(case=case, point=measure.point)
        if check == measure.reoffending_check:
            continue
        before = _check_detail(measure)
        measure.reoffending_check = check
        measure.version += 1
        measure.save(update_fields=["reoffending_check", "version", "updated_at"])
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=measure,
            changes={
                "reoffending_check": {
                    "old": before["reoffending_check"],
                    "new": _check_detail(measure)["reoffending_check"],
                }
            },
            detail={"case": case.reference, "linked_when": "re-offending checks scheduled"},
        )
        relinked += 1
    return relinked


def _check_reoffending(check: ReoffendingCheck | None, given: str | None) -> dict[str, str]:
    """A re-offending result given must be the linked check's (or "not yet checked" while no
    check for the point is done): the measure never contradicts what a person recorded."""
    if given in (None, ""):
        return {}
    if given not in ReoffendingResult.values:
        return {"reoffending": "Select a re-offending result from the list"}
    done = check is not None and check.status == CheckStatus.DONE
    actual = check.result if done else ReoffendingResult.NOT_CHECKED
    if given == actual:
        return {}
    if not done:
        return {
            "reoffending": "No re-offending check for this point is done yet: the measure says "
            "not yet checked until an officer records the check on the case"
        }
    return {
        "reoffending": f"The re-offending check for this point, done by "
        f"{check.checked_by.display_name} on {check.checked_on:%-d %B %Y}, found "
        f"{ReoffendingResult(actual).label.lower()}: the measure takes its result from that check"
    }


def _check_detail(measure: OutcomeMeasure) -> dict:
    check = measure.reoffending_check
    if check is None:
        return {"reoffending_check": None, "reoffending": measure.reoffending}
    return {"reoffending_check": str(check.pk), "reoffending": measure.reoffending}
