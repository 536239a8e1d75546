import io

import pytest

from apps.accounts.models import User
from apps.assessments.models import Assessment
from apps.cases.tests.factories import OpenCaseFactory
from apps.interventions.models import ConsentRecord, Intervention, Signposting, SupportPlan
from demo.case_support import seed_case_support
from demo.users import seed_teams_and_users

pytestmark = pytest.mark.django_db


def test_the_demo_cases_get_assessments_support_and_consent_once(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo password for tests")
    seed_teams_and_users(io.StringIO(), people=0)
    team = User.objects.get(username="prevent.officer").team
    cases = [OpenCaseFactory(team=team) for _ in range(4)]
    seed_case_support(io.StringIO(), people=0)
    assert Assessment.objects.filter(status="signed_off").count() == 4
    assert Assessment.objects.filter(status="returned").count() == 2  # the 1st and 4th cases
    assert SupportPlan.objects.count() == 4
    assert Intervention.objects.filter(status="completed").count() == 1
    assert Intervention.objects.filter(status="stopped").count() == 1  # consent withdrawn
    assert ConsentRecord.objects.filter(status="withdrawn").count() == 1
    assert Signposting.objects.count() == 4
    out = io.StringIO()
    seed_case_support(out, people=0)
    assert "already present" in out.getvalue()
    assert Assessment.objects.filter(case__in=cases).count() == 6
