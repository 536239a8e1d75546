"""Reads for Cyber Prevent impact. Access follows the case (cases.selectors decides it); every
record shown is recorded as consulted. The reports are aggregates only: they read counts, never
a person, and pass through core.disclosure (reports.py)."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from apps.accounts.choices import TeamKind
from apps.accounts.models import User
from apps.cases.choices import CaseType
from apps.cases.models import Case
from apps.cases.selectors import case_get, case_list
from apps.core import access, audit
from apps.cyber_impact.choices import MeasurePoint
from apps.cyber_impact.models import (
    IntelligenceInterview,
    IntelligenceRequirement,
    InterviewAnswer,
    OutcomeMeasure,
    RequirementOption,
    due_on,
)
from apps.interventions.choices import InterventionStatus
from apps.interventions.models import Intervention
from apps.work import selectors as work_selectors

VIEW_INTERVIEW = "cyber_impact.view_intelligenceinterview"
VIEW_MEASURE = "cyber_impact.view_outcomemeasure"
VIEW_REPORT = "reporting.view_aggregates"


def cyber_cases(*, user: User) -> QuerySet[Case]:
    """The Cyber Prevent cases the user may see."""
    return case_list(user=user).filter(case_type=CaseType.CYBER_PREVENT)


def case_for_impact(*, user: User, case_id) -> Case:
    """Any case the user may see, for the case's Impact tab (403 without the capability)."""
    access.require_capability(user, VIEW_MEASURE)
    return case_get(user=user, case_id=case_id)


def cyber_case_get(*, user: User, case_id, capability: str) -> Case:
    """A Cyber Prevent case for one of this app's pages (403 without the capability, 404 when
    out of reach or not a Cyber Prevent case), its consultation recorded."""
    access.require_capability(user, capability)
    case = case_get(user=user, case_id=case_id)
    if case.case_type != CaseType.CYBER_PREVENT:
        raise Http404("Not a Cyber Prevent case.")
    return case


def requirements() -> list[IntelligenceRequirement]:
    """The requirements an interview asks about, with their active answers."""
    return list(
        IntelligenceRequirement.objects.filter(is_active=True).prefetch_related(
            Prefetch(
                "options",
                queryset=RequirementOption.objects.filter(is_active=True).order_by("order"),
            )
        )
    )


def interview_list(*, user: User) -> QuerySet[IntelligenceInterview]:
    """Interviews on the Cyber Prevent cases the user may see."""
    if not access.has_capability(user, VIEW_INTERVIEW):
        return IntelligenceInterview.objects.none()
    return IntelligenceInterview.objects.filter(case__in=cyber_cases(user=user)).select_related(
        "case", "created_by"
    )


def _get(queryset: QuerySet, *, user: User, pk, capability: str):
    access.require_capability(user, capability)
    model = queryset.model
    try:
        record = queryset.select_related("case").filter(pk=pk).first()
    except (ValueError, TypeError):
        record = None
    if record is None:
        audit.record_access_denied(
            user=user,
            model=model,
            object_id=str(pk),
            action=access.VIEW,
            status=404,
            reason=access.REFUSED_MISSING,
        )
        raise Http404("No such record.")
    access.require(user, access.VIEW, record.case)
    audit.record_view(user=user, subject=record)
    return record


def interview_get(*, user: User, interview_id) -> IntelligenceInterview:
    """One interview with its answers (404 outside the user's reach), consultation recorded."""
    queryset = IntelligenceInterview.objects.select_related("case", "contact", "created_by")
    return _get(queryset, user=user, pk=interview_id, capability=VIEW_INTERVIEW)


def interview_answers(*, interview: IntelligenceInterview) -> list[InterviewAnswer]:
    """The interview's answers (the interview came through interview_get, so it is recorded)."""
    return list(interview.answers.select_related("requirement").prefetch_related("options"))


def measure_list(*, user: User) -> QuerySet[OutcomeMeasure]:
    """Outcome measures on the Cyber Prevent cases the user may see."""
    if not access.has_capability(user, VIEW_MEASURE):
        return OutcomeMeasure.objects.none()
    return OutcomeMeasure.objects.filter(case__in=cyber_cases(user=user)).select_related(
        "case",
        "intervention",
        "intervention__intervention_type",
        "reoffending_check__checked_by",
    )


def measure_get(*, user: User, measure_id) -> OutcomeMeasure:
    queryset = OutcomeMeasure.objects.select_related(
        "case",
        "intervention",
        "intervention__intervention_type",
        "reoffending_check__checked_by",
    )
    return _get(queryset, user=user, pk=measure_id, capability=VIEW_MEASURE)


def case_interventions(*, case: Case) -> list[Intervention]:
    """The case's interventions an outcome can be measured against (case from cyber_case_get)."""
    return list(
        case.interventions.select_related("intervention_type").order_by("-start_date", "reference")
    )


def case_impact(*, case: Case) -> dict:
    """The case's interviews and measures, for its impact page (case from cyber_case_get)."""
    return {
        "interviews": list(case.intelligence_interviews.order_by("-interviewed_at")),
        "measures": list(
            case.outcome_measures.select_related(
                "intervention", "intervention__intervention_type", "reoffending_check"
            ).order_by("intervention__reference", "measured_on")
        ),
        "interventions": case_interventions(case=case),
    }


@dataclass(frozen=True)
class MeasureDue:
    """An outcome measure due (or due within a month) and not yet recorded."""

    intervention: Intervention
    point: str
    due_on: datetime.date

    @property
    def point_label(self) -> str:
        return MeasurePoint(self.point).label


MEASURES_AHEAD_DAYS = 30
ENDED = [InterventionStatus.COMPLETED, InterventionStatus.STOPPED]


def is_cyber_worker(user: User) -> bool:
    """A Cyber Prevent officer or supervisor: their team is a Cyber Prevent team and they may
    record outcome measures."""
    team = getattr(user, "team", None)
    return (
        team is not None
        and team.kind == TeamKind.CYBER
        and access.has_capability(user, "cyber_impact.add_outcomemeasure")
    )


def measures_due_for(*, user: User, supervisor: bool = False) -> list[MeasureDue]:
    """Outcome measures due within a month or overdue and not yet recorded: on the ended
    Cyber Prevent interventions of the cases the officer holds (a supervisor: every Cyber
    Prevent case of theirs they may see), overdue first (the earliest due first)."""
    if not is_cyber_worker(user):
        return []
    cases = cyber_cases(user=user)
    if not supervisor:
        cases = work_selectors.allocated_to(cases, officer=user)
    horizon = timezone.localdate() + datetime.timedelta(days=MEASURES_AHEAD_DAYS)
    interventions = (
        Intervention.objects.filter(
            case__in=cases.values("pk"),
            status__in=ENDED,
            end_date__isnull=False,
            end_date__lte=horizon,
        )
        .select_related("case", "intervention_type")
        .order_by("end_date", "reference")
    )
    recorded = set(
        OutcomeMeasure.objects.filter(intervention__in=interventions).values_list(
            "intervention_id", "point"
        )
    )
    due = [
        MeasureDue(intervention=intervention, point=point, due_on=day)
        for intervention in interventions
        for point in MeasurePoint.values
        if (intervention.pk, point) not in recorded
        and (day := due_on(intervention.end_date, point)) <= horizon
    ]
    return sorted(due, key=lambda item: (item.due_on, item.intervention.reference, item.point))


def list_consult(*, user: User, records, terms: dict, scope: str) -> list:
    """Records listed through the API: the listing is recorded with their references, and
    each record shown is a consultation."""
    records = list(records)
    audit.record_search(
        user=user,
        scope=scope,
        terms=terms,
        result_count=len(records),
        detail={"references": [record.reference for record in records]},
    )
    for record in records:
        audit.record_view(user=user, subject=record)
    return records
