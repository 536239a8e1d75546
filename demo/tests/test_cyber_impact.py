import io

import pytest

from apps.accounts.models import User
from apps.cases.choices import CaseType, CheckStatus
from apps.cases.models import ReoffendingCheck
from apps.cyber_impact import reports
from apps.cyber_impact.choices import Breakdown, MeasurePoint
from apps.cyber_impact.models import IntelligenceInterview, OutcomeMeasure
from apps.cyber_impact.tests.factories import CyberCaseFactory
from demo.cyber_impact import seed_cyber_impact
from demo.users import seed_teams_and_users

pytestmark = pytest.mark.django_db


def test_the_cyber_cases_get_a_year_of_measures_and_interviews_once(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo password for tests")
    seed_teams_and_users(io.StringIO(), people=0)
    team = User.objects.get(username="cyber.officer").team
    for _ in range(12):
        CyberCaseFactory(team=team)
    seed_cyber_impact(io.StringIO(), people=0)
    assert IntelligenceInterview.objects.count() == 8  # two cases in three
    ends = OutcomeMeasure.objects.filter(point=MeasurePoint.END).count()
    assert ends >= 24
    assert OutcomeMeasure.objects.filter(point=MeasurePoint.MONTHS_6).exists()
    # The re-offending part comes from checks a person did: linked, and never all done.
    linked = OutcomeMeasure.objects.filter(reoffending_check__isnull=False)
    assert linked.filter(reoffending_check__status=CheckStatus.DONE).exists()
    assert ReoffendingCheck.objects.filter(
        case__case_type=CaseType.CYBER_PREVENT, status=CheckStatus.DUE
    ).exists()
    report = reports.impact_report(
        point=MeasurePoint.END,
        breakdown=Breakdown.INTERVENTION_TYPE,
        period=reports.Period.last_year(),
    )
    assert report.tables[0][1].any_suppressed  # a real-looking report withholds some cells
    out = io.StringIO()
    seed_cyber_impact(out, people=0)
    assert "already present" in out.getvalue()
    assert IntelligenceInterview.objects.count() == 8
