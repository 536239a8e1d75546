"""Writes to assessments: loading a framework version, and an assessment's life."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from apps.accounts.models import User
from apps.assessments.choices import AssessmentStatus
from apps.assessments.frameworks import parse_framework
from apps.assessments.models import (
    Assessment,
    AssessmentFramework,
    FactorJudgement,
    FrameworkDimension,
    FrameworkFactor,
)
from apps.audit.choices import AuditAction
from apps.cases.models import Case
from apps.core import access, audit
from apps.core.concurrency import EditConflict, save_if_unchanged, three_way_merge
from apps.core.references import next_reference
from apps.core.workflow import run_transition

TEXT_FIELDS = ["summary", "management_plan", "changes_since_last"]


def framework_load(
    *, content: str | bytes, loaded_by: User | None, make_current: bool = True
) -> AssessmentFramework:
    """Load a framework version from a file's content; a name and version is loaded once.

    `loaded_by` is None only for the data migration and the management command run
    without a user; pages require the capability.
    """
    if loaded_by is not None:
        access.require_capability(loaded_by, "assessments.add_assessmentframework")
    data = parse_framework(content)
    with transaction.atomic():
        if AssessmentFramework.objects.filter(name=data["name"], version=data["version"]).exists():
            raise ValidationError(
                {
                    "file": f"{data['name']} version {data['version']} is already loaded: "
                    "give the new file a new version"
                }
            )
        if make_current:
            AssessmentFramework.objects.filter(is_current=True).update(is_current=False)
        framework = AssessmentFramework.objects.create(
            name=data["name"],
            version=data["version"],
            description=data["description"],
            is_current=make_current,
            loaded_by=loaded_by,
            source=data,
        )
        factor_count = 0
        for order, dimension in enumerate(data["dimensions"], start=1):
            row = FrameworkDimension.objects.create(
                framework=framework,
                code=dimension["code"],
                name=dimension["name"],
                description=dimension["description"],
                order=order,
            )
            FrameworkFactor.objects.bulk_create(
                FrameworkFactor(dimension=row, order=number, **factor)
                for number, factor in enumerate(dimension["factors"], start=1)
            )
            factor_count += len(dimension["factors"])
        audit.record(
            AuditAction.CREATE,
            user=loaded_by,
            subject=framework,
            username="" if loaded_by else "system",
            detail={
                "framework": data["name"],
                "version": data["version"],
                "dimensions": len(data["dimensions"]),
                "factors": factor_count,
                "current": make_current,
            },
        )
    return framework


def framework_make_current(*, framework: AssessmentFramework, officer: User) -> None:
    access.require_capability(officer, "assessments.add_assessmentframework")
    with transaction.atomic():
        AssessmentFramework.objects.filter(is_current=True).update(is_current=False)
        AssessmentFramework.objects.filter(pk=framework.pk).update(is_current=True)
        audit.record(AuditAction.UPDATE, user=officer, subject=framework, detail={"current": True})


def assessment_start(*, case: Case, officer: User) -> Assessment:
    """Start the case's next assessment on the current framework, one judgement per factor."""
    access.require_capability(officer, "assessments.add_assessment")
    access.require(officer, access.VIEW, case)
    framework = AssessmentFramework.objects.filter(is_current=True).first()
    if framework is None:
        raise ValidationError("No assessment framework is loaded: ask an administrator")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.assessments.filter(
            status__in=[
                AssessmentStatus.DRAFT,
                AssessmentStatus.RETURNED,
                AssessmentStatus.SUBMITTED,
            ]
        ).exists():
            raise ValidationError(
                "This case already has an assessment in progress: finish that one first"
            )
        number = (case.assessments.aggregate(last=Max("number"))["last"] or 0) + 1
        assessment = Assessment(
            reference=next_reference("AS"),
            case=case,
            number=number,
            framework=framework,
            created_by=officer,
            updated_by=officer,
        )
        assessment.full_clean(exclude=["status"])
        assessment.save()
        factors = FrameworkFactor.objects.filter(dimension__framework=framework)
        FactorJudgement.objects.bulk_create(
            FactorJudgement(assessment=assessment, factor=factor) for factor in factors
        )
        audit.record(
            AuditAction.CREATE,
            user=officer,
            subject=assessment,
            detail={"case": case.reference, "number": number, "framework": str(framework)},
        )
    return assessment


def assessment_values(assessment: Assessment) -> dict:
    """Everything the edit page changes, by form field name (judgements by factor id)."""
    values = {name: getattr(assessment, name) for name in TEXT_FIELDS}
    for row in assessment.judgements.all():
        values[f"judgement_{row.factor_id}"] = row.judgement
        values[f"evidence_{row.factor_id}"] = row.evidence
    return values


def assessment_update(
    *,
    assessment: Assessment,
    officer: User,
    expected_version: int,
    values: dict,
    base: dict | None = None,
) -> Assessment:
    """Save the officer's text without overwriting a colleague's (core.concurrency's rule).

    `values` maps form field names (assessment_values) to text. With `base`, the values the
    page started from, a colleague's save in between is merged field by field and the same
    field changed by both is refused (EditConflict with both values); without it, any save
    since `expected_version` refuses the change.
    """
    if not assessment._may_edit(officer):
        access.require(officer, access.VIEW, assessment.case)
        access.require_capability(officer, "assessments.change_assessment")
    with transaction.atomic():
        current = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if not current.is_editable:
            raise ValidationError(
                "This assessment has been submitted: it can be changed again only if it is returned"
            )
        theirs = assessment_values(current)
        values = {name: value for name, value in values.items() if name in theirs}
        if base is None:
            if current.version != expected_version:
                raise EditConflict(current=current)
            changes = values
        else:
            merge = three_way_merge(base=base, theirs=theirs, mine=values)
            if merge.conflicts:
                raise EditConflict(
                    conflicts=merge.conflicts, theirs_kept=merge.theirs_kept, current=current
                )
            changes = merge.changes
        text = {name: value for name, value in changes.items() if name in TEXT_FIELDS}
        audit_changes = {
            name: {"old": theirs[name], "new": value}
            for name, value in text.items()
            if theirs[name] != value
        }
        for name, value in text.items():
            setattr(current, name, value)
        current.updated_by = officer
        save_if_unchanged(current, expected_version=current.version, fields=[*text, "updated_by"])
        for row in current.judgements.select_related("factor"):
            keys = (f"judgement_{row.factor_id}", f"evidence_{row.factor_id}")
            if not any(key in changes for key in keys):
                continue
            old = {"judgement": row.judgement, "evidence": row.evidence}
            row.judgement = changes.get(keys[0], row.judgement)
            row.evidence = changes.get(keys[1], row.evidence)
            new = {"judgement": row.judgement, "evidence": row.evidence}
            if old != new:
                row.save(update_fields=["judgement", "evidence"])
                audit_changes[f"factor {row.factor.code}"] = {"old": old, "new": new}
        if audit_changes:
            audit.record(AuditAction.UPDATE, user=officer, subject=current, changes=audit_changes)
    return current


def assessment_submit(*, assessment: Assessment, officer: User) -> Assessment:
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        missing = assessment.missing()
        run_transition(
            assessment.submit,
            user=officer,
            wrong_stage="This assessment has already been submitted",
            not_ready=missing,
        )
        assessment.submitted_by = officer
        assessment.submitted_at = timezone.now()
        assessment.decision_comment = ""
        assessment.updated_by = officer
        assessment.version += 1  # an edit page opened before this step is now stale
        assessment.save()
        audit.record(
            AuditAction.TRANSITION,
            user=officer,
            subject=assessment,
            detail={"step": "submit", "case": assessment.case.reference},
        )
    return assessment


def assessment_decide(
    *, assessment: Assessment, supervisor: User, approve: bool, comment: str = ""
) -> Assessment:
    """A supervisor signs the assessment off, or returns it saying what more is needed."""
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        assessment.decision_comment = comment
        run_transition(
            assessment.sign_off if approve else assessment.return_for_more_work,
            user=supervisor,
            wrong_stage="This assessment is not awaiting sign-off",
            not_ready={"comment": "Say what more is needed before you return it"},
        )
        assessment.decided_by = supervisor
        assessment.decided_at = timezone.now()
        assessment.updated_by = supervisor
        assessment.version += 1
        assessment.save()
        audit.record(
            AuditAction.SIGN_OFF,
            user=supervisor,
            subject=assessment,
            justification=comment,
            detail={"approved": approve, "case": assessment.case.reference},
        )
    return assessment
