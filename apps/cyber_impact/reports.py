"""The impact and insight reports: counts only, every one through core.disclosure.

The impact report counts outcome measures (one per intervention and point) by intervention
type, referral source or age band against each outcome; the insight report counts the answers
given in intelligence interviews. Both cover every Cyber Prevent team's records (aggregates,
never a person), so analysts in any team see the same figures; no count from 1 to 4 leaves.
"""

import datetime
import io
from collections import Counter
from dataclasses import dataclass

import openpyxl
import weasyprint
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl.styles import Font
from weasyprint.urls import URLFetcher

from apps.core import disclosure
from apps.core.disclosure import SuppressedSeries, SuppressedTable
from apps.cyber_impact.choices import (
    Breakdown,
    Completion,
    EducationEmployment,
    Engagement,
    InterviewConsent,
    LegalUse,
    MeasurePoint,
    ReoffendingResult,
)
from apps.cyber_impact.models import (
    IntelligenceInterview,
    IntelligenceRequirement,
    InterviewAnswer,
    OutcomeMeasure,
)
from apps.interventions.choices import InterventionScheme
from apps.interventions.models import InterventionType
from apps.reference.models import ReferralSector

# The outcomes the impact report tabulates: field, heading, scale.
OUTCOMES = [
    ("engagement", "Engagement", Engagement),
    ("completion", "Completion", Completion),
    ("reoffending", "Re-referral or re-offending check", ReoffendingResult),
    ("education_employment", "Education or employment", EducationEmployment),
    ("legal_use", "Legal use of skills", LegalUse),
]
# The Home Office statistics age bands (docs: ../shared/DOMAIN.md, reference data).
AGE_BANDS = [
    (10, "10 or under"),
    (15, "11 to 15"),
    (17, "16 to 17"),
    (20, "18 to 20"),
    (30, "21 to 30"),
    (40, "31 to 40"),
    (50, "41 to 50"),
    (None, "51 and over"),
]
UNKNOWN_AGE = "Unknown"
NOT_RECORDED = "Not recorded"
NOT_ANSWERED = "Not answered"


def age_band(age: int | None) -> str:
    if age is None:
        return UNKNOWN_AGE
    for upper, label in AGE_BANDS:
        if upper is None or age <= upper:
            return label
    return UNKNOWN_AGE


def age_on(born: datetime.date | None, day: datetime.date) -> int | None:
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @classmethod
    def last_year(cls, today: datetime.date | None = None) -> "Period":
        today = today or timezone.localdate()
        return cls(start=today.replace(year=today.year - 1) + datetime.timedelta(days=1), end=today)

    def as_terms(self) -> dict:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


@dataclass(frozen=True)
class ImpactReport:
    point: str
    breakdown: str
    period: Period
    measured: disclosure.Cell
    tables: list[tuple[str, SuppressedTable]]

    @property
    def title(self) -> str:
        return "Cyber Prevent impact report"

    @property
    def description(self) -> str:
        return (
            f"Outcome measures {MeasurePoint(self.point).label.lower()}, by "
            f"{Breakdown(self.breakdown).label.lower()}, measured from "
            f"{_words(self.period.start)} to {_words(self.period.end)}"
        )

    @property
    def breakdown_label(self) -> str:
        return Breakdown(self.breakdown).label

    def terms(self) -> dict:
        return {"point": self.point, "breakdown": self.breakdown, **self.period.as_terms()}


@dataclass(frozen=True)
class InsightReport:
    period: Period
    interviews: disclosure.Cell
    sections: list[tuple[IntelligenceRequirement, SuppressedSeries]]

    @property
    def title(self) -> str:
        return "Cyber Prevent insight report"

    @property
    def description(self) -> str:
        return (
            "Answers given in Prevent intelligence interviews (with consent) from "
            f"{_words(self.period.start)} to {_words(self.period.end)}"
        )

    def terms(self) -> dict:
        return self.period.as_terms()


def _words(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _row_labels(breakdown: str, seen: set[str]) -> list[str]:
    """Every row the breakdown has (zeros included, so the table's shape is stable), then any
    other value the data holds."""
    if breakdown == Breakdown.INTERVENTION_TYPE:
        known = list(
            InterventionType.objects.filter(scheme=InterventionScheme.CYBER).values_list(
                "name", flat=True
            )
        )
    elif breakdown == Breakdown.REFERRAL_SOURCE:
        known = list(ReferralSector.objects.filter(is_active=True).values_list("name", flat=True))
    else:
        known = [label for _, label in AGE_BANDS] + [UNKNOWN_AGE]
    return known + sorted(seen - set(known))


def _dimension(measure: OutcomeMeasure, breakdown: str) -> str:
    if breakdown == Breakdown.INTERVENTION_TYPE:
        return measure.intervention.intervention_type.name
    referral = measure.case.referral
    if breakdown == Breakdown.REFERRAL_SOURCE:
        return referral.sector.name if referral.sector_id else NOT_RECORDED
    born = referral.subject_date_of_birth or measure.case.person.date_of_birth
    age = age_on(born, referral.date_received)
    if age is None:
        age = referral.subject_estimated_age
    return age_band(age)


def impact_report(*, point: str, breakdown: str, period: Period) -> ImpactReport:
    """Outcome measures at `point`, measured within `period`, by `breakdown`, suppressed."""
    measures = list(
        OutcomeMeasure.objects.filter(
            point=point, measured_on__gte=period.start, measured_on__lte=period.end
        ).select_related(
            "intervention__intervention_type",
            "case__referral__sector",
            "case__person",
            "reoffending_check",
        )
    )
    dimension = {measure.pk: _dimension(measure, breakdown) for measure in measures}
    rows = _row_labels(breakdown, set(dimension.values()))
    tables = []
    for field, heading, scale in OUTCOMES:
        counts = Counter(
            (dimension[measure.pk], scale(getattr(measure, field)).label) for measure in measures
        )
        tables.append(
            (
                heading,
                disclosure.suppress_table(rows, [label for _, label in scale.choices], counts),
            )
        )
    return ImpactReport(
        point=point,
        breakdown=breakdown,
        period=period,
        measured=disclosure.suppress_count(len(measures)),
        tables=tables,
    )


def insight_report(*, period: Period) -> InsightReport:
    """What people said in intelligence interviews within `period`, suppressed.

    A one-answer requirement is a partition of the interviews (with "Not answered"), shown with
    its total. Where several answers may be given the counts overlap and add up to nothing, so
    no total is shown; a single small count still takes the next-smallest with it.
    """
    interviews = IntelligenceInterview.objects.filter(
        consent=InterviewConsent.GIVEN,
        interviewed_at__date__gte=period.start,
        interviewed_at__date__lte=period.end,
    )
    interview_count = interviews.count()
    answers = InterviewAnswer.objects.filter(interview__in=interviews)
    chosen = Counter(
        {
            (row["requirement_id"], row["options__id"]): row["n"]
            for row in answers.filter(options__isnull=False)
            .values("requirement_id", "options__id")
            .annotate(n=Count("interview", distinct=True))
        }
    )
    answered = Counter(
        {
            row["requirement_id"]: row["n"]
            for row in answers.filter(options__isnull=False)
            .values("requirement_id")
            .annotate(n=Count("interview", distinct=True))
        }
    )
    sections = []
    for requirement in IntelligenceRequirement.objects.filter(is_active=True).prefetch_related(
        "options"
    ):
        options = [option for option in requirement.options.all() if option.is_active]
        labels = [option.label for option in options]
        counts = [chosen[(requirement.pk, option.pk)] for option in options]
        if not requirement.multiple:
            labels.append(NOT_ANSWERED)
            counts.append(interview_count - answered[requirement.pk])
        sections.append((requirement, disclosure.suppress_series(labels, counts)))
    return InsightReport(
        period=period,
        interviews=disclosure.suppress_count(interview_count),
        sections=sections,
    )


# --- Exports -----------------------------------------------------------------------------
def _cell(value) -> str | int:
    return disclosure.display(value) if value is disclosure.SUPPRESSED else value


def impact_xlsx(report: ImpactReport) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Impact"
    bold = Font(bold=True)
    sheet.append([report.title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([report.description])
    sheet.append(["Outcome measures counted", _cell(report.measured)])
    for heading, table in report.tables:
        sheet.append([])
        sheet.append([heading])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        sheet.append([Breakdown(report.breakdown).label, *table.cols, "Total"])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for label, cells, total in table.body:
            sheet.append([label, *[_cell(value) for value in cells], _cell(total)])
        sheet.append(["Total", *[_cell(value) for value in table.col_totals], _cell(table.total)])
    sheet.append([])
    sheet.append([disclosure.note()])
    return _save(workbook)


def insight_xlsx(report: InsightReport) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Insight"
    bold = Font(bold=True)
    sheet.append([report.title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([report.description])
    sheet.append(["Interviews with consent", _cell(report.interviews)])
    for requirement, series in report.sections:
        sheet.append([])
        sheet.append([requirement.name])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        sheet.append(["Answer", "Interviews"])
        for label, value in series.rows:
            sheet.append([label, _cell(value)])
        if not requirement.multiple:
            sheet.append(["Total", _cell(series.total)])
        else:
            sheet.append(["More than one answer may be given: the counts do not add up."])
    sheet.append([])
    sheet.append([disclosure.note()])
    return _save(workbook)


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_pdf(template: str, context: dict) -> bytes:
    """A report as PDF from its print template; nothing is fetched from anywhere."""
    html = render_to_string(template, context)
    return weasyprint.HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()
