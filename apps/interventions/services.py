"""Writes for a case's support: the plan, consent, interventions and signposting.

The consent rule lives here and on the model's `start` transition: support whose type
needs consent cannot start unless the case's current consent is "given", and withdrawing
consent stops the support that needed it, each stop audited.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from apps.accounts.choices import TeamKind
from apps.accounts.models import User
from apps.audit.choices import AuditAction
from apps.cases import services as case_services
from apps.cases.choices import CaseType
from apps.cases.models import Case
from apps.core import access, audit, dates
from apps.core.concurrency import EditConflict, merge_edit, save_if_unchanged
from apps.core.references import next_reference
from apps.core.workflow import run_transition
from apps.interventions.choices import (
    ConsentGivenBy,
    ConsentStatus,
    InterventionScheme,
    InterventionStatus,
    InvestigationAnswer,
    LetterDeliveryMethod,
    SignpostingResponse,
)
from apps.interventions.models import (
    CMASection,
    ConsentRecord,
    Intervention,
    InterventionType,
    InvestigationCheck,
    LetterDelivery,
    Signposting,
    SupportPlan,
)
from apps.interventions.selectors import (
    current_consent,
    officer_choices,
    partner_choices,
    provider_choices,
    start_refusals,
)
from apps.partners.models import Organisation, Provider
from apps.reference.models import SupportService

PLAN_FIELDS = ["objectives", "consent_approach", "review_on"]
INTERVENTION_FIELDS = [
    "objective",
    "end_date",
    "sessions_held",
    "outcome",
    "appropriate_adult_name",
    "appropriate_adult_relationship",
]
CYBER_TEAMS_ONLY = (
    "Only Cyber Prevent officers and their supervisors record a Cyber Prevent case's support"
)
NO_CONSENT = (
    "This support needs consent: record that consent was given before it starts "
    "(the case's current consent is {status})"
)


def _require(officer: User, capability: str, case: Case) -> None:
    access.require(officer, access.VIEW, case)
    access.require_capability(officer, capability)
    _require_scheme_team(officer, case)


def _require_scheme_team(officer: User, case: Case) -> None:
    """A Cyber Prevent case's support is recorded by a Cyber Prevent team (issue 13)."""
    if case.case_type != CaseType.CYBER_PREVENT:
        return
    if officer.team is not None and officer.team.kind == TeamKind.CYBER:
        return
    audit.record_access_denied(
        user=officer, subject=case, action=access.CHANGE, status=403, reason=CYBER_TEAMS_ONLY
    )
    raise PermissionDenied(CYBER_TEAMS_ONLY + ".")


def scheme_for(case: Case) -> str:
    """Cyber Prevent types on Cyber Prevent cases, Prevent types on the others."""
    if case.case_type == CaseType.CYBER_PREVENT:
        return InterventionScheme.CYBER
    return InterventionScheme.PREVENT


def support_plan_save(
    *,
    case: Case,
    officer: User,
    expected_version: int | None,
    objectives: str,
    consent_approach: str,
    review_on: datetime.date | None,
    base: dict | None = None,
) -> SupportPlan:
    """Write the case's plan; an edit made from a page opened before another save is refused."""
    _require(officer, "interventions.change_supportplan", case)
    if not objectives.strip():
        raise ValidationError({"objectives": "Enter the objectives of the support"})
    with transaction.atomic():
        plan = SupportPlan.objects.select_for_update().filter(case=case).first()
        if plan is None:
            if expected_version is not None:
                raise EditConflict("The plan changed after you opened it: reload the page")
            plan = SupportPlan(
                case=case,
                objectives=objectives,
                consent_approach=consent_approach,
                review_on=review_on,
                created_by=officer,
                updated_by=officer,
            )
            plan.full_clean()
            plan.save()
            audit.record(
                AuditAction.CREATE,
                user=officer,
                subject=case,
                detail={"support_plan": str(plan.pk)},
                changes={name: {"old": None, "new": getattr(plan, name)} for name in PLAN_FIELDS},
            )
            return plan
        merge = merge_edit(
            plan,
            expected_version=expected_version or 0,
            changes={
                "objectives": objectives,
                "consent_approach": consent_approach,
                "review_on": review_on,
            },
            base=base,
        )
        before = audit.snapshot(plan, PLAN_FIELDS)
        for name, value in merge.changes.items():
            setattr(plan, name, value)
        plan.updated_by = officer
        save_if_unchanged(
            plan, expected_version=plan.version, fields=[*merge.changes, "updated_by"]
        )
        changes = audit.diff(plan, before, PLAN_FIELDS)
        if changes:
            audit.record(
                AuditAction.UPDATE,
                user=officer,
                subject=case,
                changes=changes,
                detail={"support_plan": str(plan.pk)},
            )
    return plan


def consent_record(
    *,
    case: Case,
    officer: User,
    status: str,
    recorded_on: datetime.date,
    given_by: str = "",
    guardian_name: str = "",
    how_sought: str = "",
    note: str = "",
) -> ConsentRecord:
    """Record a step of the consent lifecycle. Withdrawing consent stops the support needing it."""
    _require(officer, "interventions.add_consentrecord", case)
    errors = {}
    if recorded_on and (problem := dates.happened_problem(recorded_on)):
        errors["recorded_on"] = problem
    if status != ConsentStatus.NOT_SOUGHT:
        if not given_by:
            errors["given_by"] = "Select who gave, declined or withdrew consent"
        if not how_sought:
            errors["how_sought"] = "Select how consent was sought"
    if given_by == ConsentGivenBy.PARENT_GUARDIAN and not guardian_name.strip():
        errors["guardian_name"] = "Enter the parent or guardian's name"
    current = current_consent(case=case)
    if status == ConsentStatus.WITHDRAWN and (
        current is None or current.status != ConsentStatus.GIVEN
    ):
        errors["status"] = "Consent can be withdrawn only after it was given"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=case.pk).first()
        record = ConsentRecord(
            case=case,
            status=status,
            given_by=given_by if status != ConsentStatus.NOT_SOUGHT else "",
            guardian_name=guardian_name if given_by == ConsentGivenBy.PARENT_GUARDIAN else "",
            recorded_on=recorded_on,
            how_sought=how_sought,
            sought_by=officer,
            note=note,
            created_by=officer,
            updated_by=officer,
        )
        record.full_clean()
        record.save()
        audit.record(
            AuditAction.CREATE,
            user=officer,
            subject=case,
            detail={
                "consent": status,
                "given_by": record.given_by,
                "previous": current.status if current else None,
            },
        )
        if status in (ConsentStatus.WITHDRAWN, ConsentStatus.DECLINED):
            stopping = Intervention.objects.select_for_update().filter(
                case=case,
                intervention_type__needs_consent=True,
                status__in=[InterventionStatus.PLANNED, InterventionStatus.ACTIVE],
            )
            for intervention in stopping:
                label = ConsentStatus(status).label.lower()
                intervention.outcome = (
                    f"Stopped: consent {label} on {recorded_on:%d/%m/%Y}. {intervention.outcome}"
                ).strip()
                _transition(intervention, officer=officer, step="stop", system=True)
    return record


def intervention_create(
    *,
    case: Case,
    officer: User,
    intervention_type: InterventionType,
    provider: Provider | None,
    objective: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    intervention_officer: User | None = None,
    cma_sections: list[CMASection] | tuple = (),
    partners: list[Organisation] | tuple = (),
    appropriate_adult_name: str = "",
    appropriate_adult_relationship: str = "",
) -> Intervention:
    """Plan a piece of support. A provider must be one the directory offers for the person.

    The type must be of the case's scheme (Cyber Prevent types only on Cyber Prevent cases);
    the officer delivering it is one of the case's team (the recording officer by default);
    partners come from the directory.
    """
    _require(officer, "interventions.add_intervention", case)
    errors = {}
    if not objective.strip():
        errors["objective"] = "Enter the objective of the support"
    if end_date and start_date and end_date < start_date:
        errors["end_date"] = "The planned end date must be on or after the start date"
    if not intervention_type.is_active:
        errors["intervention_type"] = "That type of intervention is no longer offered"
    elif intervention_type.scheme != scheme_for(case):
        errors["intervention_type"] = (
            "Only Cyber Prevent types can be recorded on a Cyber Prevent case"
            if scheme_for(case) == InterventionScheme.CYBER
            else "Cyber Prevent types can be recorded only on a Cyber Prevent case"
        )
    intervention_officer = intervention_officer or officer
    if intervention_officer != officer and intervention_officer not in officer_choices(case=case):
        errors["intervention_officer"] = "Choose an officer of the case's team"
    if any(not section.is_active for section in cma_sections):
        errors["cma_sections"] = "That Computer Misuse Act section is no longer offered"
    if partners:
        offered = partner_choices(user=officer, case=case)
        if offered.filter(pk__in=[p.pk for p in partners]).count() != len(set(partners)):
            errors["partners"] = "Choose partners from the directory"
    if bool(appropriate_adult_name.strip()) != bool(appropriate_adult_relationship.strip()):
        field = (
            "appropriate_adult_relationship"
            if appropriate_adult_name.strip()
            else ("appropriate_adult_name")
        )
        errors[field] = "Enter both the parent or appropriate adult's name and relationship"
    if provider is not None:
        offered = provider_choices(user=officer, case=case, intervention_type=intervention_type)
        if not offered.filter(pk=provider.pk).exists():
            errors["provider"] = (
                "That provider is not approved and in date, or does not cover the person's "
                "area and this kind of support: choose another"
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        intervention = Intervention(
            reference=next_reference("IV"),
            case=case,
            intervention_type=intervention_type,
            provider=provider,
            objective=objective,
            start_date=start_date,
            end_date=end_date,
            officer=intervention_officer,
            appropriate_adult_name=appropriate_adult_name.strip(),
            appropriate_adult_relationship=appropriate_adult_relationship.strip(),
            created_by=officer,
            updated_by=officer,
        )
        intervention.full_clean(exclude=["status"])
        intervention.save()
        intervention.cma_sections.set(cma_sections)
        intervention.partners.set(partners)
        audit.record(
            AuditAction.CREATE,
            user=officer,
            subject=intervention,
            detail={
                "case": case.reference,
                "type": intervention_type.code,
                "provider": provider.reference if provider else None,
                "officer": intervention_officer.username,
                "cma_sections": sorted(section.code for section in cma_sections),
                "partners": sorted({partner.reference for partner in partners}),
                "appropriate_adult_recorded": bool(appropriate_adult_name.strip()),
            },
        )
    return intervention


def intervention_update(
    *,
    intervention: Intervention,
    officer: User,
    expected_version: int,
    base: dict | None = None,
    **changes,
) -> Intervention:
    """Record sessions, dates, objective and outcome, merging with a colleague's save
    field by field (core.concurrency: the same field changed by both is refused)."""
    _require(officer, "interventions.change_intervention", intervention.case)
    unknown = set(changes) - set(INTERVENTION_FIELDS)
    if unknown:
        raise ValidationError(f"Cannot change: {', '.join(sorted(unknown))}")
    if changes.get("end_date") and changes["end_date"] < intervention.start_date:
        raise ValidationError({"end_date": "The planned end date must be on or after the start"})
    adult = changes.get("appropriate_adult_name")
    relationship = changes.get("appropriate_adult_relationship")
    if (
        adult is not None
        and relationship is not None
        and bool(adult.strip()) != bool(relationship.strip())
    ):
        field = "appropriate_adult_relationship" if adult.strip() else "appropriate_adult_name"
        raise ValidationError(
            {field: "Enter both the parent or appropriate adult's name and relationship"}
        )
    with transaction.atomic():
        # merge_edit refreshes every field of the instance it is given; the protected state
        # machine field may be set only once, so it gets a copy read without it.
        intervention = Intervention.objects.defer("status").get(pk=intervention.pk)
        merge = merge_edit(
            intervention, expected_version=expected_version, changes=changes, base=base
        )
        ended = intervention.status in (InterventionStatus.COMPLETED, InterventionStatus.STOPPED)
        if ended and "objective" in merge.changes:
            raise ValidationError({"objective": "The objective of ended support cannot change"})
        before = audit.snapshot(intervention, INTERVENTION_FIELDS)
        for name, value in merge.changes.items():
            setattr(intervention, name, value)
        intervention.updated_by = officer
        save_if_unchanged(
            intervention,
            expected_version=intervention.version,
            fields=[*merge.changes, "updated_by"],
        )
        changed = audit.diff(intervention, before, INTERVENTION_FIELDS)
        if changed:
            audit.record(AuditAction.UPDATE, user=officer, subject=intervention, changes=changed)
    return intervention


def intervention_links_set(
    *,
    intervention: Intervention,
    officer: User,
    expected_version: int,
    partners: list[Organisation],
    cma_sections: list[CMASection] | None = None,
) -> Intervention:
    """Change the partners involved (and, on a Cyber Prevent case, the Act's sections).

    A save by anyone to the intervention since the page was opened refuses this one (the
    version moved), so a colleague's change is never silently replaced.
    """
    _require(officer, "interventions.change_intervention", intervention.case)
    errors = {}
    if cma_sections and any(not section.is_active for section in cma_sections):
        errors["cma_sections"] = "That Computer Misuse Act section is no longer offered"
    offered = partner_choices(user=officer, case=intervention.case)
    already = set(intervention.partners.values_list("pk", flat=True))
    for partner in partners:
        if partner.pk not in already and not offered.filter(pk=partner.pk).exists():
            errors["partners"] = "Choose partners from the directory"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
        if intervention.version != expected_version:
            raise EditConflict(
                "Someone changed this intervention after you opened the page: reload it to "
                "see their changes, then make yours again."
            )
        before = {
            "cma_sections": sorted(intervention.cma_sections.values_list("code", flat=True)),
            "partners": sorted(intervention.partners.values_list("reference", flat=True)),
        }
        if cma_sections is not None:
            intervention.cma_sections.set(cma_sections)
        intervention.partners.set(partners)
        after = {
            "cma_sections": sorted(intervention.cma_sections.values_list("code", flat=True)),
            "partners": sorted(intervention.partners.values_list("reference", flat=True)),
        }
        changes = {
            name: {"old": before[name], "new": after[name]}
            for name in before
            if before[name] != after[name]
        }
        if changes:
            intervention.updated_by = officer
            intervention.updated_at = timezone.now()
            save_if_unchanged(
                intervention,
                expected_version=expected_version,
                fields=["updated_by", "updated_at"],
            )
            audit.record(AuditAction.UPDATE, user=officer, subject=intervention, changes=changes)
    return intervention


def _transition(intervention: Intervention, *, officer: User, step: str, system: bool = False):
    """Run `step` on a locked intervention and save it, audited. `system`: consent rule."""
    method = getattr(intervention, step)
    if system:
        method()  # the consent rule stops support; the officer recorded the consent
    else:
        current = current_consent(case=intervention.case)
        run_transition(
            method,
            user=officer,
            wrong_stage="This support is not at a stage where that can be done",
            not_ready={"outcome": "Record the outcome first"}
            if step != "start"
            else " ".join(
                start_refusals(intervention, consent=current, consent_message=NO_CONSENT)
            ),
        )
    intervention.updated_by = officer
    intervention.version += 1
    intervention.save()
    audit.record(
        AuditAction.TRANSITION,
        user=officer,
        subject=intervention,
        justification=intervention.outcome if step != "start" else "",
        detail={"step": step, "status": intervention.status, "by_consent_rule": system},
    )
    still_current = Intervention.objects.filter(
        case=intervention.case,
        status__in=[InterventionStatus.PLANNED, InterventionStatus.ACTIVE],
    )
    if step != "start" and not still_current.exists():
        # The case's support has ended: its re-offending checks start (cases' schedule).
        case_services.case_support_ended(
            case=intervention.case, officer=officer, ended_on=timezone.localdate()
        )


def intervention_transition(
    *, intervention: Intervention, officer: User, step: str, outcome: str = ""
) -> Intervention:
    """Start, complete or stop the support; completing or stopping records the outcome."""
    if step not in ("start", "complete", "stop"):
        raise ValidationError("No such step")
    access.require(officer, access.VIEW, intervention.case)
    _require_scheme_team(officer, intervention.case)
    with transaction.atomic():
        intervention = (
            Intervention.objects.select_for_update()
            .select_related("intervention_type", "case")
            .get(pk=intervention.pk)
        )
        if outcome:
            intervention.outcome = outcome
        _transition(intervention, officer=officer, step=step)
    return intervention


def investigation_check_record(
    *,
    intervention: Intervention,
    officer: User,
    asked: str,
    asked_on: datetime.date,
    answer: str,
    conditions: str = "",
) -> InvestigationCheck:
    """Record the check with Pursue and the NCCU before a visit or cease-and-desist.

    By reference only: who was asked, when, and the answer; never the investigation's
    detail. The newest check decides whether the intervention may start.
    """
    _require(officer, "interventions.add_investigationcheck", intervention.case)
    errors = {}
    if not intervention.intervention_type.needs_investigation_check:
        errors["answer"] = "This type of intervention does not need a live-investigation check"
    if intervention.status != InterventionStatus.PLANNED:
        errors["answer"] = "The check is recorded before the intervention starts"
    if not asked.strip():
        errors["asked"] = "Enter who was asked at Pursue or the NCCU"
    if asked_on and asked_on > timezone.localdate():
        errors["asked_on"] = "The date must be today or in the past"
    if answer not in InvestigationAnswer.values:
        errors["answer"] = "Select the answer"
    if answer == InvestigationAnswer.DECONFLICTED and not conditions.strip():
        errors["conditions"] = "Enter the conditions to proceed with"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Intervention.objects.select_for_update().filter(pk=intervention.pk).first()
        check = InvestigationCheck(
            intervention=intervention,
            asked=asked.strip(),
            asked_on=asked_on,
            answer=answer,
            conditions=conditions.strip() if answer == InvestigationAnswer.DECONFLICTED else "",
            created_by=officer,
            updated_by=officer,
        )
        check.full_clean()
        check.save()
        audit.record(
            AuditAction.CREATE,
            user=officer,
            subject=intervention,
            detail={
                "live_investigation_check": answer,
                "asked_on": asked_on.isoformat(),
                "check": str(check.pk),
            },
        )
    return check


def letter_delivery_record(
    *,
    intervention: Intervention,
    officer: User,
    method: str,
    delivered_on: datetime.date,
    delivered_by: User | None = None,
    note: str = "",
) -> LetterDelivery:
    """Record how, when and by whom the cease-and-desist letter was delivered."""
    _require(officer, "interventions.add_letterdelivery", intervention.case)
    delivered_by = delivered_by or officer
    errors = {}
    if not intervention.intervention_type.is_cease_and_desist:
        errors["method"] = "Only a cease-and-desist has a letter to deliver"
    if method not in LetterDeliveryMethod.values:
        errors["method"] = "Select how the letter was delivered"
    if delivered_on and delivered_on > timezone.localdate():
        errors["delivered_on"] = "The date must be today or in the past"
    if delivered_by != officer and delivered_by not in officer_choices(case=intervention.case):
        errors["delivered_by"] = "Choose an officer of the case's team"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        delivery = LetterDelivery(
            intervention=intervention,
            method=method,
            delivered_on=delivered_on,
            delivered_by=delivered_by,
            note=note.strip(),
            created_by=officer,
            updated_by=officer,
        )
        delivery.full_clean()
        delivery.save()
        audit.record(
            AuditAction.CREATE,
            user=officer,
            subject=intervention,
            detail={
                "letter_delivered": method,
                "delivered_on": delivered_on.isoformat(),
                "delivered_by": delivered_by.username,
                "delivery": str(delivery.pk),
            },
        )
    return delivery


def signposting_record(
    *,
    case: Case,
    officer: User,
    service: SupportService,
    signposted_on: datetime.date,
    reason: str,
) -> Signposting:
    _require(officer, "interventions.add_signposting", case)
    if signposted_on > timezone.localdate():
        raise ValidationError({"signposted_on": "The date must be today or in the past"})
    with transaction.atomic():
        signposting = Signposting(
            reference=next_reference("SG"),
            case=case,
            service=service,
            signposted_on=signposted_on,
            reason=reason,
            created_by=officer,
            updated_by=officer,
        )
        signposting.full_clean()
        signposting.save()
        audit.record(
            AuditAction.CREATE,
            user=officer,
            subject=signposting,
            detail={"case": case.reference, "service": service.code},
        )
    return signposting


SIGNPOSTING_FIELDS = ["response", "response_on", "response_note"]


def signposting_respond(
    *,
    signposting: Signposting,
    officer: User,
    expected_version: int,
    base: dict | None = None,
    **changes,
) -> Signposting:
    """Record what the service said, merging with a colleague's save field by field."""
    _require(officer, "interventions.change_signposting", signposting.case)
    unknown = set(changes) - set(SIGNPOSTING_FIELDS)
    if unknown:
        raise ValidationError(f"Cannot change: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        merge = merge_edit(
            signposting, expected_version=expected_version, changes=changes, base=base
        )
        before = audit.snapshot(signposting, SIGNPOSTING_FIELDS)
        for name, value in merge.changes.items():
            setattr(signposting, name, value)
        if signposting.response != SignpostingResponse.AWAITING and not signposting.response_on:
            raise ValidationError({"response_on": "Enter the date of the response"})
        if signposting.response_on and signposting.response_on < signposting.signposted_on:
            raise ValidationError({"response_on": "The response cannot be before the signposting"})
        signposting.updated_by = officer
        save_if_unchanged(
            signposting,
            expected_version=signposting.version,
            fields=[*merge.changes, "updated_by"],
        )
        changed = audit.diff(signposting, before, SIGNPOSTING_FIELDS)
        if changed:
            audit.record(AuditAction.UPDATE, user=officer, subject=signposting, changes=changed)
    return signposting
