"""The My work page: my referrals by SLA, the team's unallocated ones, sign-offs, my tasks."""

import datetime

import pytest
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.gateway.models import GatewayDecision
from apps.referrals.choices import ReferralStatus
from apps.referrals.tests.factories import AssessmentReferralFactory, ReceivedReferralFactory
from apps.work import services
from apps.work.tests.factories import OpenTaskFactory, OverdueTaskFactory

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")
TODAY = datetime.date.today()


def work_lists(response) -> dict:
    return {work.key: work for work in response.context["work_lists"]}


def references(work) -> list[str]:
    return [row["cells"][0] for row in work.rows]


def test_my_referrals_come_first_by_gateway_target_then_the_teams_unallocated(
    client, team, gateway_officer, colleague
):
    later = ReceivedReferralFactory(team=team, due_date=TODAY + datetime.timedelta(days=5))
    sooner = ReceivedReferralFactory(team=team, due_date=TODAY - datetime.timedelta(days=1))
    unallocated = ReceivedReferralFactory(team=team, due_date=TODAY)
    for referral in (later, sooner):
        services.allocation_allocate(record=referral, officer=gateway_officer, by=gateway_officer)
    client.force_login(gateway_officer)

    response = client.get(HOME)
    lists = work_lists(response)
    assert references(lists["my-referrals"]) == [sooner.reference, later.reference]
    assert lists["my-referrals"].count == 2
    assert lists["my-referrals"].overdue == 1
    assert references(lists["unallocated-referrals"]) == [unallocated.reference]
    keys = [work.key for work in response.context["work_lists"]]
    # Lists with overdue items come first.
    assert keys.index("my-referrals") < keys.index("unallocated-referrals")


def test_the_page_no_longer_repeats_the_role_and_team(client, gateway_officer):
    client.force_login(gateway_officer)
    page = client.get(HOME).content.decode()
    assert '<h1 class="govuk-heading-l">My work</h1>' in page
    assert 'data-testid="home-role"' not in page
    assert 'data-testid="home-team"' not in page


def test_a_decision_awaiting_sign_off_is_on_the_supervisors_list_not_the_proposers(
    client, team, gateway_officer, supervisor
):
    referral = AssessmentReferralFactory(team=team, status=ReferralStatus.AWAITING_SIGN_OFF)
    services.allocation_allocate(record=referral, officer=gateway_officer, by=gateway_officer)
    GatewayDecision.objects.create(
        referral=referral,
        outcome="channel",
        rationale="Synthetic rationale.",
        threshold_met=True,
        proposed_by=gateway_officer,
    )

    client.force_login(gateway_officer)
    officer_lists = work_lists(client.get(HOME))
    assert referral.reference not in references(officer_lists["my-referrals"])
    assert "sign-off" not in officer_lists

    client.force_login(supervisor)
    supervisor_lists = work_lists(client.get(HOME))
    assert references(supervisor_lists["sign-off"]) == [referral.reference]
    assert referral.reference not in references(supervisor_lists["unallocated-referrals"])


def test_take_from_my_work_allocates_and_returns_home(client, team, gateway_officer):
    referral = ReceivedReferralFactory(team=team)
    client.force_login(gateway_officer)
    [row] = work_lists(client.get(HOME))["unallocated-referrals"].rows

    response = client.post(row["action"]["url"])
    assert response.status_code == 302
    assert response.url == HOME
    lists = work_lists(client.get(HOME))
    assert references(lists["my-referrals"]) == [referral.reference]
    assert references(lists["unallocated-referrals"]) == []


def test_another_teams_and_restricted_referrals_stay_off_my_work(
    client, team, other_team, gateway_officer
):
    ReceivedReferralFactory(team=other_team)
    ReceivedReferralFactory(team=team, is_restricted=True)
    client.force_login(gateway_officer)
    lists = work_lists(client.get(HOME))
    assert lists["unallocated-referrals"].count == 0
    assert lists["my-referrals"].count == 0


def test_my_tasks_show_overdue_first_and_the_listing_is_recorded(client, gateway_officer):
    later = OpenTaskFactory(assignee=gateway_officer)
    overdue = OverdueTaskFactory(assignee=gateway_officer)
    client.force_login(gateway_officer)

    tasks = work_lists(client.get(HOME))["my-tasks"]
    assert references(tasks) == [overdue.reference, later.reference]
    assert tasks.overdue == 1
    assert tasks.rows[0]["overdue"]
    search = AuditEvent.objects.get(action="search", detail__scope="my work: tasks")
    assert search.detail["references"] == [overdue.reference, later.reference]


def test_roles_without_such_work_see_none_of_these_lists(client, analyst):
    client.force_login(analyst)
    response = client.get(HOME)
    assert response.context["work_lists"] == []
    assert "Nothing is waiting for you" in response.content.decode()


def test_my_work_runs_a_bounded_number_of_queries(
    client, team, gateway_officer, django_assert_max_num_queries
):
    for _ in range(15):
        referral = ReceivedReferralFactory(team=team)
        services.allocation_allocate(record=referral, officer=gateway_officer, by=gateway_officer)
        ReceivedReferralFactory(team=team)
        OpenTaskFactory(assignee=gateway_officer)
    client.force_login(gateway_officer)
    with django_assert_max_num_queries(40):
        assert client.get(HOME).status_code == 200


def test_urgent_referrals_go_on_top_of_my_work(client, team, gateway_officer):
    due = ReceivedReferralFactory(team=team, due_date=TODAY - datetime.timedelta(days=2))
    urgent = ReceivedReferralFactory(
        team=team,
        due_date=TODAY + datetime.timedelta(days=4),
        is_urgent=True,
        urgent_reason="Threat to a named school this week",
    )
    client.force_login(gateway_officer)

    response = client.get(HOME)
    unallocated = work_lists(response)["unallocated-referrals"]
    assert references(unallocated) == [urgent.reference, due.reference]
    assert unallocated.urgent == 1
    assert unallocated.rows[0]["urgent"]
    assert response.context["work_lists"][0].key == "unallocated-referrals"
    assert "1 urgent" in response.content.decode()
