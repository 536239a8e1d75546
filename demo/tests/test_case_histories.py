import io

import pytest

from apps.cases.choices import CaseStatus, ReviewKind
from apps.cases.models import Case, ContactVersion
from demo import seeders
from demo.cases import seed_case_histories
from demo.referrals import seed_referrals
from demo.users import seed_teams_and_users

pytestmark = pytest.mark.django_db


def test_the_demo_gives_the_opened_cases_histories_once(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo password for tests")
    assert seeders.SEEDERS.index(seed_case_histories) > seeders.SEEDERS.index(seed_referrals)
    out = io.StringIO()
    seed_teams_and_users(out, people=120)
    seed_referrals(out, people=120)
    seed_case_histories(out, people=120)
    cases = Case.objects.all()
    assert cases.count() >= 6
    assert all(case.events.count() > 1 for case in cases)
    assert cases.filter(status=CaseStatus.EXITED).exists()
    assert cases.filter(times_reopened=1).exists()
    assert cases.filter(reviews__kind=ReviewKind.POST_EXIT_12).exists()
    assert ContactVersion.objects.filter(number=2).exists()
    events = Case.objects.first().events.count()
    seed_case_histories(out, people=120)
    assert Case.objects.first().events.count() == events
    assert "already present" in out.getvalue()
