"""Writes for a case's support: the plan, consent, interventions and signposting.

The consent rule lives here and on the model's `start` transition: support whose type
needs consent cannot start unless the case's current consent is "given", and withdrawing
consent stops the support that needed it, each stop audited.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.audit.choices import AuditAction
from apps.cases import services as case_services
from apps.cases.models import Case
from apps.core import access, audit
from apps.core.concurrency import EditConflict, merge_edit, save_if_unchanged
from apps.core.references import next_reference
from apps.core.workflow import run_transition
from apps.interventions.choices import (
    ConsentGivenBy,
    ConsentStatus,
    InterventionStatus,
    SignpostingResponse,
)
from apps.interventions.models import (
    ConsentRecord,
    Intervention,
    InterventionType,
    Signposting,
    SupportPlan,
)
from apps.interventions.selectors import current_consent, provider_choices
from apps.partners.models import Provider
from apps.reference.models import SupportService

PLAN_FIELDS = ["objectives", "consent_approach", "review_on"]
INTERVENTION_FIELDS = ["objective", "end_date", "sessions_held", "outcome"]
NO_CONSENT = (
    "This support needs consent: record that consent was given before it starts "
    "(the case's current consent is {status})"
)


def _require(officer: User, capability: str, case: Case) -> None:
    access.require(officer, access.VIEW, case)
    access.require_capability(officer, capability)


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
    if recorded_on and recorded_on > timezone.localdate():
        errors["recorded_on"] = "The date must be today or in the past"
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
) -> Intervention:
    """Plan a piece of support. A provider must be one the directory offers for the person."""
    _require(officer, "interventions.add_intervention", case)
    errors = {}
    if not objective.strip():
        errors["objective"] = "Enter the objective of the support"
    if end_date and start_date and end_date < start_date:
        errors["end_date"] = "The planned end date must be on or after the start date"
    if not intervention_type.is_active:
        errors["intervention_type"] = "That type of intervention is no longer offered"
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
            created_by=officer,
            updated_by=officer,
        )
        intervention.full_clean(exclude=["status"])
        intervention.save()
        audit.record(
            AuditAction.CREATE,
            user=officer,
            subject=intervention,
            detail={
                "case": case.reference,
                "type": intervention_type.code,
                "provider": provider.reference if provider else None,
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
            else NO_CONSENT.format(
                status=current.get_status_display().lower() if current else "not yet sought"
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
