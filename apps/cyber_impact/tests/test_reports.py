"""The impact and insight reports: hand-computed tables, with small numbers suppressed."""

import datetime
import io

import openpyxl
import pytest
from django.utils import timezone

from apps.core.disclosure import SUPPRESSED
from apps.cyber_impact import reports
from apps.cyber_impact.choices import Breakdown, Engagement, InterviewConsent, MeasurePoint
from apps.cyber_impact.tests.factories import (
    ConsentedInterviewFactory,
    OutcomeMeasureFactory,
    cyber_type,
)

pytestmark = pytest.mark.django_db

C = SUPPRESSED


@pytest.fixture
def period():
    return reports.Period.last_year()


def measures(cyber_team, kind, engagement, count, **fields):
    for _ in range(count):
        OutcomeMeasureFactory(
            intervention__case__team=cyber_team,
            intervention__intervention_type=kind,
            engagement=engagement,
            **fields,
        )


@pytest.fixture
def twenty_measures(cyber_team):
    mentoring = cyber_type("cyber-mentoring")
    workshop = cyber_type("cyber-workshop")
    measures(cyber_team, mentoring, Engagement.FULL, 6)
    measures(cyber_team, mentoring, Engagement.PARTIAL, 2)
    measures(cyber_team, workshop, Engagement.FULL, 7)
    measures(cyber_team, workshop, Engagement.PARTIAL, 5)


def test_the_impact_report_suppresses_the_small_cell_and_its_partners(twenty_measures, period):
    report = reports.impact_report(
        point=MeasurePoint.END, breakdown=Breakdown.INTERVENTION_TYPE, period=period
    )
    heading, table = report.tables[0]
    assert heading == "Engagement"
    assert table.cols == ("Engaged fully", "Engaged in part", "Did not engage")
    # By hand: Mentoring 6 | 2 | 0 (8), Workshop 7 | 5 | 0 (12); totals 13 | 7 | 0 (20).
    # The 2 is withheld; its row takes the 6, its column the 5, and the 7 completes the cycle.
    assert table.cell("Mentoring", "Engaged fully") is C
    assert table.cell("Mentoring", "Engaged in part") is C
    assert table.cell("Mentoring", "Did not engage") == 0
    assert table.cell("Workshop", "Engaged fully") is C
    assert table.cell("Workshop", "Engaged in part") is C
    assert table.cell("Workshop", "Did not engage") == 0
    assert table.row_totals[table.rows.index("Mentoring")] == 8
    assert table.row_totals[table.rows.index("Workshop")] == 12
    assert table.col_totals == (13, 7, 0)
    assert table.total == 20
    assert report.measured == 20


def test_the_impact_report_shows_everything_when_no_count_is_small(twenty_measures, period):
    report = reports.impact_report(
        point=MeasurePoint.END, breakdown=Breakdown.AGE_BAND, period=period
    )
    _, table = report.tables[0]
    # Every synthetic referral is for someone born in 2009, referred at 17.
    assert table.cell("16 to 17", "Engaged fully") == 13
    assert table.cell("16 to 17", "Engaged in part") == 7
    assert table.total == 20
    assert not table.any_suppressed


def test_the_impact_report_by_referral_source_withholds_a_small_total(cyber_team, period):
    mentoring = cyber_type()
    measures(cyber_team, mentoring, Engagement.FULL, 3)
    report = reports.impact_report(
        point=MeasurePoint.END, breakdown=Breakdown.REFERRAL_SOURCE, period=period
    )
    _, table = report.tables[0]
    assert table.cell("Education", "Engaged fully") is C
    assert table.row_totals[table.rows.index("Education")] is C
    assert table.total is C
    assert report.measured is C


def test_the_impact_report_counts_only_its_point_and_period(cyber_team, period):
    kind = cyber_type()
    measures(cyber_team, kind, Engagement.FULL, 5)
    measures(cyber_team, kind, Engagement.FULL, 5, point=MeasurePoint.MONTHS_6)
    measures(
        cyber_team,
        kind,
        Engagement.FULL,
        5,
        measured_on=timezone.localdate() - datetime.timedelta(days=400),
    )
    report = reports.impact_report(
        point=MeasurePoint.END, breakdown=Breakdown.INTERVENTION_TYPE, period=period
    )
    assert report.measured == 5


@pytest.fixture
def nine_interviews(cyber_team):
    for _ in range(6):
        ConsentedInterviewFactory(
            case__team=cyber_team,
            answers=[("age-started", ["13-15"]), ("pathway", ["gaming"])],
        )
    for _ in range(2):
        ConsentedInterviewFactory(
            case__team=cyber_team,
            answers=[("age-started", ["16-17"]), ("pathway", ["gaming", "peers"])],
        )
    ConsentedInterviewFactory(case__team=cyber_team, answers=[("pathway", ["gaming", "peers"])])
    ConsentedInterviewFactory(
        case__team=cyber_team, consent=InterviewConsent.DECLINED, consent_given_by=""
    )


def _section(report, code):
    return next(series for requirement, series in report.sections if requirement.code == code)


def test_the_insight_report_partitions_a_one_answer_question_with_its_total(
    nine_interviews, period
):
    report = reports.insight_report(period=period)
    series = _section(report, "age-started")
    # By hand: 13 to 15: 6, 16 to 17: 2, not answered: 1, others 0; total 9 (declined: none).
    assert series.labels[-1] == "Not answered"
    assert dict(series.rows) == {
        "Under 10": 0,
        "10 to 12": 0,
        "13 to 15": 6,
        "16 to 17": C,
        "18 or over": 0,
        "Not known": 0,
        "Not answered": C,
    }
    assert series.total == 9
    assert report.interviews == 9


def test_the_insight_report_protects_a_single_small_answer_of_a_several_answer_question(
    nine_interviews, period
):
    report = reports.insight_report(period=period)
    series = _section(report, "pathway")
    # By hand: gaming 9, peers 3: the 3 is withheld, and the 9 with it (the next smallest).
    rows = dict(series.rows)
    assert rows["Through friends or peers"] is C
    assert rows["Through gaming (mods, cheats, game servers)"] is C
    assert rows["Through online forums or chat groups"] == 0


def test_the_impact_workbook_opens_and_shows_c_for_withheld_cells(twenty_measures, period):
    report = reports.impact_report(
        point=MeasurePoint.END, breakdown=Breakdown.INTERVENTION_TYPE, period=period
    )
    workbook = openpyxl.load_workbook(io.BytesIO(reports.impact_xlsx(report)))
    values = [cell for row in workbook.active.iter_rows(values_only=True) for cell in row]
    assert "Cyber Prevent impact report" in values
    assert "[c]" in values
    assert not any(isinstance(value, int) and 1 <= value <= 4 for value in values)


def test_the_insight_workbook_opens_and_shows_no_small_number(nine_interviews, period):
    report = reports.insight_report(period=period)
    workbook = openpyxl.load_workbook(io.BytesIO(reports.insight_xlsx(report)))
    values = [cell for row in workbook.active.iter_rows(values_only=True) for cell in row]
    assert "Age started" in values
    assert not any(isinstance(value, int) and 1 <= value <= 4 for value in values)


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (None, "Unknown"),
        (9, "10 or under"),
        (10, "10 or under"),
        (11, "11 to 15"),
        (17, "16 to 17"),
        (18, "18 to 20"),
        (51, "51 and over"),
    ],
)
def test_ages_fall_in_the_home_office_bands(age, band):
    assert reports.age_band(age) == band
