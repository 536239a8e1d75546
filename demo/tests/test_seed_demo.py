import io

import pytest
from django.core.management import call_command

from apps.accounts.models import Team, User
from apps.audit.models import MisuseAlert
from apps.partners.selectors import coverage_by_authority, coverage_list, provider_picker
from apps.referrals.models import Referral
from apps.work.models import Task
from demo import seeders
from demo.case_monitoring import NORTH_EAST_TEAM
from demo.partners import seed_partners
from demo.referrals import seed_referrals
from demo.users import CYBER_TEAM, PREVENT_TEAM, seed_teams_and_users

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = {
    "gateway.officer",
    "prevent.officer",
    "case.officer",
    "cyber.officer",
    "supervisor",
    "sio",
    "analyst",
    "panel.member",
    "admin",
}


@pytest.mark.smoke
def test_seed_demo_creates_the_teams_and_a_user_per_role_and_is_idempotent(monkeypatch, capsys):
    monkeypatch.setenv("DEMO_PASSWORD", "demo password for tests")
    call_command("seed_demo", people=25)
    call_command("seed_demo", people=25)
    # Two CT Prevent teams (a case is offered between them) and the Cyber Prevent team.
    assert set(Team.objects.values_list("name", flat=True)) == {
        PREVENT_TEAM,
        NORTH_EAST_TEAM,
        CYBER_TEAM,
    }  # and a year of referrals through the real services
    assert DEMO_USERNAMES <= set(User.objects.values_list("username", flat=True))
    assert User.objects.filter(username="gateway.officer").count() == 1
    user = User.objects.get(username="cyber.officer")
    assert user.team.name == "SEROCU Cyber Prevent"
    assert user.check_password("demo password for tests")
    output = capsys.readouterr().out
    assert "gateway.officer" in output
    assert "demo password for tests" in output
    assert "already present" in output
    referrals = Referral.objects.all()
    assert referrals.count() >= 25
    assert referrals.filter(status="decided").exists()
    assert referrals.filter(person__isnull=False).exists()


def test_seed_demo_runs_the_demo_seeders_in_their_order(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo password for tests")
    calls = []
    monkeypatch.setattr(
        seeders,
        "SEEDERS",
        [
            lambda stdout, *, people: calls.append(("teams and users", people)),
            lambda stdout, *, people: calls.append(("referrals", people)),
        ],
    )
    call_command("seed_demo", people=7, stdout=io.StringIO())
    assert calls == [("teams and users", 7), ("referrals", 7)]


def test_the_teams_and_users_are_seeded_before_the_records_that_need_them():
    assert seeders.SEEDERS[0] is seed_teams_and_users
    assert seed_referrals in seeders.SEEDERS[1:]


def test_seed_demo_raises_misuse_alerts_for_the_data_protection_officer(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo password for tests")
    call_command("seed_demo", people=40, stdout=io.StringIO())
    rules = set(MisuseAlert.objects.values_list("rule", flat=True))
    assert "colleague_name_search" in rules
    assert "records_outside_team" in rules
    count = MisuseAlert.objects.count()
    call_command("seed_demo", people=40, stdout=io.StringIO())
    assert MisuseAlert.objects.count() == count


def test_the_partners_demo_tells_the_coverage_story(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo password for tests")
    seed_teams_and_users(io.StringIO(), people=0)

    seed_partners(io.StringIO(), people=0)
    seed_partners(io.StringIO(), people=0)  # idempotent

    analyst = User.objects.get(username="analyst")
    rows = {
        row["local_authority"]: row for row in coverage_by_authority(coverage_list(user=analyst))
    }
    assert rows["Reading"]["percent"] >= 80
    assert rows["Slough"]["percent"] <= 25
    officer = User.objects.get(username="prevent.officer")
    offered = provider_picker(user=officer, area="E06000038", needs=["mentoring"])
    assert "Lapsed Learning Partnership" not in {provider.name for provider in offered}
    assert offered.exists()
    assert Task.objects.filter(assignee=officer).count() == 2  # the two follow-ups
