"""Reads for assessments. Access follows the case: who may see the case may see its assessments."""

from django.db.models import QuerySet
from django.http import Http404

from apps.accounts.models import User
from apps.assessments.choices import AssessmentStatus
from apps.assessments.models import Assessment, AssessmentFramework, FactorJudgement
from apps.cases.models import Case
from apps.cases.selectors import case_get, case_list
from apps.core import access, audit


def _cases(user: User) -> QuerySet[Case]:
    return case_list(user=user)


def case_for_assessments(*, user: User, case_id) -> Case:
    """The case, if the user may see it and its assessments (a 404 otherwise), recorded."""
    access.require_capability(user, "assessments.view_assessment")
    return case_get(user=user, case_id=case_id)


def assessment_list(*, user: User) -> QuerySet[Assessment]:
    """Assessments of the cases the user may see (restricted cases' assessments vanish)."""
    if not access.has_capability(user, "assessments.view_assessment"):
        return Assessment.objects.none()
    return Assessment.objects.filter(case__in=_cases(user)).select_related(
        "case", "framework", "submitted_by"
    )


def assessments_for_case(*, user: User, case: Case) -> list[Assessment]:
    """The case's assessments, newest first; `case` came from case_for_assessments."""
    return list(assessment_list(user=user).filter(case=case).order_by("-number"))


def assessment_get(*, user: User, assessment_id) -> Assessment:
    access.require_capability(user, "assessments.view_assessment")
    assessment = (
        Assessment.objects.select_related("case", "framework", "submitted_by", "decided_by")
        .filter(pk=assessment_id)
        .first()
    )
    if assessment is None:
        audit.record_access_denied(
            user=user,
            model=Assessment,
            object_id=str(assessment_id),
            action=access.VIEW,
            status=404,
            reason=access.REFUSED_MISSING,
        )
        raise Http404("No such record.")
    access.require(user, access.VIEW, assessment.case)
    audit.record_view(user=user, subject=assessment)
    return assessment


def previous_assessment(*, assessment: Assessment) -> Assessment | None:
    """The last signed-off assessment of the same case before this one (shown side by side).

    Read as part of the assessment's page, whose consultation is already recorded; the
    event names it (see assessment_comparison).
    """
    return (
        Assessment.objects.filter(
            case_id=assessment.case_id,
            number__lt=assessment.number,
            status=AssessmentStatus.SIGNED_OFF,
        )
        .order_by("-number")
        .first()
    )


def assessment_comparison(*, user: User, assessment: Assessment) -> dict:
    """Each dimension's factors with this assessment's judgement and the previous one's.

    Factors are matched by dimension and factor code, so a new framework version still
    lines up where its factors are the same; a factor new in this version shows nothing
    before it. The previous assessment's consultation is recorded too.
    """
    previous = previous_assessment(assessment=assessment)
    earlier = {}
    if previous is not None:
        audit.record_view(
            user=user, subject=previous, justification=f"Compared with {assessment.reference}"
        )
        for row in FactorJudgement.objects.filter(assessment=previous).select_related(
            "factor__dimension"
        ):
            earlier[(row.factor.dimension.code, row.factor.code)] = row
    dimensions: list[dict] = []
    rows = FactorJudgement.objects.filter(assessment=assessment).select_related("factor__dimension")
    for row in rows:
        dimension = row.factor.dimension
        if not dimensions or dimensions[-1]["dimension"].pk != dimension.pk:
            dimensions.append({"dimension": dimension, "factors": []})
        dimensions[-1]["factors"].append(
            {
                "factor": row.factor,
                "current": row,
                "previous": earlier.get((dimension.code, row.factor.code)),
            }
        )
    return {"previous": previous, "dimensions": dimensions}


def assessments_awaiting_sign_off(*, user: User) -> QuerySet[Assessment]:
    if not access.has_capability(user, "assessments.sign_off_assessment"):
        return Assessment.objects.none()
    return (
        assessment_list(user=user)
        .filter(status=AssessmentStatus.SUBMITTED)
        .exclude(submitted_by=user)
        .order_by("submitted_at")
    )


def framework_list(*, user: User) -> QuerySet[AssessmentFramework]:
    """Frameworks are reference data (no personal data): for those who load them."""
    access.require_capability(user, "assessments.add_assessmentframework")
    return AssessmentFramework.objects.prefetch_related("dimensions__factors").order_by(
        "-is_current", "name", "-loaded_at"
    )


def latest_signed_off(*, case: Case) -> Assessment | None:
    """The case's newest signed-off assessment (for documents built from a case read already)."""
    return (
        Assessment.objects.filter(case=case, status=AssessmentStatus.SIGNED_OFF)
        .select_related("framework")
        .order_by("-number")
        .first()
    )


def assessment_list_consult(*, user: User, assessments, terms: dict) -> list[Assessment]:
    """Assessments listed through the API: the listing is recorded with their references."""
    assessments = list(assessments)
    audit.record_search(
        user=user,
        scope="api assessments",
        terms=terms,
        result_count=len(assessments),
        detail={"references": [assessment.reference for assessment in assessments]},
    )
    return assessments
