import io

import pytest

from apps.accounts.models import User
from apps.cases.tests.factories import ExitedCaseFactory
from apps.cyber_packages.choices import Progress
from apps.cyber_packages.models import IntelligencePackage, Operation, PackageSubject
from apps.cyber_packages.selectors import subject_list
from apps.interventions.choices import InterventionStatus
from apps.interventions.tests.factories import CyberCaseFactory, PlannedInterventionFactory
from apps.work.models import Allocation, Task
from demo.cyber_packages import seed_cyber_packages
from demo.users import seed_teams_and_users

pytestmark = pytest.mark.django_db


def test_an_operation_with_two_packages_and_subjects_in_every_state_is_seeded_once(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo password for tests")
    seed_teams_and_users(io.StringIO(), people=0)
    officer = User.objects.get(username="cyber.officer")
    team = officer.team
    CyberCaseFactory(team=team)
    PlannedInterventionFactory(
        case=CyberCaseFactory(team=team), status=InterventionStatus.COMPLETED
    )
    ExitedCaseFactory(team=team, case_type="cyber_prevent")

    seed_cyber_packages(io.StringIO(), people=0)

    assert Operation.objects.count() == 1
    assert IntelligencePackage.objects.count() == 2
    assert PackageSubject.objects.count() == 23
    progress = set(subject_list(user=officer).values_list("progress", flat=True))
    assert progress == set(Progress.values)
    assert Allocation.objects.count() == 23  # every force area allocated
    assert Task.objects.count() >= 2
    out = io.StringIO()
    seed_cyber_packages(out, people=0)
    assert "already present" in out.getvalue()
    assert PackageSubject.objects.count() == 23
