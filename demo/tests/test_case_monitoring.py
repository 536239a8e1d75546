import io

import pytest

from apps.accounts.models import Team
from apps.cases.choices import CaseType, CheckStatus, TransferStatus
from apps.cases.models import CaseTransfer, ReoffendingCheck
from apps.cases.tests.factories import SupportCaseFactory
from demo import seeders
from demo.case_monitoring import seed_case_monitoring
from demo.case_support import seed_case_support
from demo.cases import seed_case_histories
from demo.referrals import seed_referrals
from demo.users import CYBER_TEAM, seed_teams_and_users

pytestmark = pytest.mark.django_db


def test_the_demo_has_checks_done_and_overdue_and_cases_offered_once(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo password for tests")
    assert seeders.SEEDERS.index(seed_case_monitoring) > seeders.SEEDERS.index(seed_case_support)
    out = io.StringIO()
    seed_teams_and_users(out, people=120)
    seed_referrals(out, people=120)
    seed_case_histories(out, people=120)
    cyber = Team.objects.get(name=CYBER_TEAM)
    for number in range(2):  # live Cyber Prevent cases, as the routed referrals open
        SupportCaseFactory(
            team=cyber,
            case_type=CaseType.CYBER_PREVENT,
            reference=f"CS-2026-9900{number}",
            person__reference=f"PN-2026-9900{number}",
            gateway_decision__outcome="cyber",
            gateway_decision__referral__reference=f"PR-2026-9900{number}",
        )
    seed_case_monitoring(out, people=120)
    checks = ReoffendingCheck.objects.filter(case__case_type=CaseType.CYBER_PREVENT)
    assert checks.filter(status=CheckStatus.DONE, checked_by__username="cyber.officer").exists()
    overdue = [check for check in checks.filter(status=CheckStatus.DUE) if check.is_overdue()]
    assert overdue
    offers = CaseTransfer.objects.filter(to_team__name="CTP North East Prevent")
    assert set(offers.values_list("status", flat=True)) == {
        TransferStatus.ACCEPTED,
        TransferStatus.AWAITING,
        TransferStatus.WITHDRAWN,
    }
    done = checks.filter(status=CheckStatus.DONE).count()
    seed_case_monitoring(out, people=120)
    assert checks.filter(status=CheckStatus.DONE).count() == done
    assert offers.count() == 3
