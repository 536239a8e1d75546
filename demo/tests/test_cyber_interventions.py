import io

import pytest

from apps.accounts.models import User
from apps.interventions.models import Intervention, InterventionType, LetterDelivery
from apps.interventions.tests.factories import CyberCaseFactory
from demo.cyber_interventions import seed_cyber_interventions
from demo.users import seed_teams_and_users

pytestmark = pytest.mark.django_db


def test_the_cyber_cases_get_every_type_of_intervention_once(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo password for tests")
    seed_teams_and_users(io.StringIO(), people=0)
    team = User.objects.get(username="cyber.officer").team
    for _ in range(5):
        CyberCaseFactory(team=team)
    seed_cyber_interventions(io.StringIO(), people=0)
    cyber = Intervention.objects.filter(intervention_type__scheme="cyber")
    every_type = InterventionType.objects.filter(scheme="cyber")
    assert set(cyber.values_list("intervention_type", flat=True)) == set(
        every_type.values_list("pk", flat=True)
    )
    assert cyber.count() == 2 * every_type.count()
    # One visit Pursue said not to go ahead with stays planned; the rest started.
    held = cyber.filter(status="planned")
    assert held.count() == 1
    assert held.get().investigation_checks.get().answer == "live_investigation"
    assert LetterDelivery.objects.count() == 4  # two of each cease-and-desist type
    assert cyber.filter(status="completed").exists()
    assert all(intervention.cma_sections.exists() for intervention in cyber)
    out = io.StringIO()
    seed_cyber_interventions(out, people=0)
    assert "already present" in out.getvalue()
    assert cyber.count() == 2 * every_type.count()
