"""Outcome measures due on My work: Cyber Prevent officers (cases they hold) and their
supervisors (the team's cases) only, overdue first, counted in full."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.core.worklists import for_user as work_lists
from apps.cyber_impact.choices import MeasurePoint
from apps.cyber_impact.tests.factories import (
    CompletedCyberInterventionFactory,
    OutcomeMeasureFactory,
)
from apps.interventions.tests.factories import PlannedInterventionFactory
from apps.work import services as work_services

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def held(cyber_team, cyber_officer, cyber_supervisor):
    """An intervention that ended 370 days ago on a case the officer holds: its measures at the
    end, 6 and 12 months are overdue; the 24-month one is not due yet."""
    intervention = CompletedCyberInterventionFactory(case__team=cyber_team)
    work_services.allocation_allocate(
        record=intervention.case, officer=cyber_officer, by=cyber_supervisor
    )
    return intervention


def measures_list(user):
    return {work.key: work for work in work_lists(user)}.get("cyber-measures")


def test_the_officer_sees_the_measures_due_on_cases_they_hold_overdue_first(
    signed_in, held, cyber_officer
):
    work = measures_list(cyber_officer)
    assert (work.count, work.overdue) == (3, 3)
    assert [row["cells"][2] for row in work.rows] == [
        "At intervention end",
        "6 months after",
        "12 months after",
    ]
    assert work.rows[0]["cells"][0] == held.case.reference
    assert work.rows[0]["cells"][3].startswith("Overdue: due ")
    assert f"intervention={held.pk}" in work.rows[0]["href"]
    page = signed_in(cyber_officer).get(reverse("core:home")).content.decode()
    assert "Outcome measures due" in page


def test_a_recorded_measure_leaves_the_list(held, cyber_officer):
    OutcomeMeasureFactory(intervention=held, point=MeasurePoint.END)
    work = measures_list(cyber_officer)
    assert work.count == 2
    assert "At intervention end" not in [row["cells"][2] for row in work.rows]


def test_a_measure_due_within_a_month_is_listed_but_not_overdue(
    cyber_team, cyber_officer, cyber_supervisor
):
    intervention = CompletedCyberInterventionFactory(
        case__team=cyber_team,
        start_date=TODAY - datetime.timedelta(days=40),
        end_date=TODAY + datetime.timedelta(days=10),
    )
    work_services.allocation_allocate(
        record=intervention.case, officer=cyber_officer, by=cyber_supervisor
    )
    work = measures_list(cyber_officer)
    assert (work.count, work.overdue) == (1, 0)
    assert work.rows[0]["cells"][3].startswith("Due ")


def test_an_intervention_still_under_way_has_no_measure_due(
    cyber_team, cyber_officer, cyber_supervisor
):
    case = CompletedCyberInterventionFactory(case__team=cyber_team).case
    case.interventions.update(status="active")
    work_services.allocation_allocate(record=case, officer=cyber_officer, by=cyber_supervisor)
    assert measures_list(cyber_officer).count == 0


def test_the_supervisor_sees_the_teams_measures_and_the_officer_only_theirs(
    held, cyber_team, cyber_officer, cyber_supervisor
):
    CompletedCyberInterventionFactory(case__team=cyber_team)  # nobody holds this case
    assert measures_list(cyber_supervisor).count == 6
    assert measures_list(cyber_officer).count == 3


def test_ct_prevent_officers_supervisors_and_analysts_have_no_such_list(
    held, colleague, supervisor, analyst, team
):
    PlannedInterventionFactory(case__team=team)
    for user in (colleague, supervisor, analyst):
        assert measures_list(user) is None


def test_another_cyber_teams_officer_sees_none_of_ours(held, other_cyber_officer):
    assert measures_list(other_cyber_officer).count == 0
