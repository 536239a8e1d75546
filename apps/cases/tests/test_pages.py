"""The case pages: who sees them, what they show, and the bounded number of queries."""

import re

import pytest
from django.urls import reverse

from apps.accounts import services as account_services
from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.cases.services import case_event_add, case_restrict
from apps.cases.tests.factories import (
    DueReviewFactory,
    OutstandingDirectionFactory,
    RecordedContactFactory,
    SupportCaseFactory,
)
from apps.work import services as work_services

pytestmark = pytest.mark.django_db

PAGES = [
    "cases:case_detail",
    "cases:case_timeline",
    "cases:direction_list",
    "cases:contact_list",
    "cases:review_list",
]


@pytest.mark.parametrize("page", PAGES)
def test_each_case_page_shows_the_identity_bar_and_sub_navigation_to_the_team(
    signed_in, colleague, team, page
):
    case = SupportCaseFactory(team=team)
    response = signed_in(colleague).get(reverse(page, args=[case.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="case-identity-bar"' in body
    assert case.person.full_name in body
    assert 'class="moj-sub-navigation__list"' in body
    assert 'aria-current="page"' in body
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(case.pk)).count() == 1


@pytest.mark.parametrize("page", PAGES)
def test_each_case_page_is_a_404_for_another_team(signed_in, outside_officer, team, page):
    case = SupportCaseFactory(team=team)
    assert signed_in(outside_officer).get(reverse(page, args=[case.pk])).status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_each_case_page_is_a_404_for_a_colleague_off_a_restricted_cases_list(
    signed_in, colleague, sio, team, page
):
    case = SupportCaseFactory(team=team)
    case_restrict(case=case, officer=sio, readers=[sio], reason="Live investigation")
    assert signed_in(colleague).get(reverse(page, args=[case.pk])).status_code == 404
    assert signed_in(sio).get(reverse(page, args=[case.pk])).status_code == 200


def test_a_case_opened_by_break_glass_shows_no_steps_or_changes(
    signed_in, colleague, outside_officer, team
):
    case = SupportCaseFactory(team=team)
    account_services.break_glass_grant(
        user=outside_officer, record=case, purpose="Urgent safeguarding enquiry from A&E tonight"
    )
    opened = signed_in(outside_officer).get(reverse("cases:case_detail", args=[case.pk]))
    assert opened.status_code == 200
    assert "Change the case details" not in opened.content.decode()
    own = signed_in(colleague).get(reverse("cases:case_detail", args=[case.pk]))
    assert "Change the case details" in own.content.decode()


def test_anonymous_users_are_sent_to_sign_in(client, team):
    case = SupportCaseFactory(team=team)
    response = client.get(reverse("cases:case_detail", args=[case.pk]))
    assert response.status_code == 302
    assert "sign-in" in response.url


def test_the_case_list_leaves_out_restricted_cases_and_other_teams(
    signed_in, colleague, sio, team, other_team
):
    mine = SupportCaseFactory(team=team)
    restricted = SupportCaseFactory(team=team)
    elsewhere = SupportCaseFactory(team=other_team)
    case_restrict(case=restricted, officer=sio, readers=[sio], reason="Live investigation")
    client = signed_in(colleague)
    body = client.get(reverse("cases:case_list")).content.decode()
    assert mine.reference in body
    assert restricted.reference not in body
    assert elsewhere.reference not in body
    export = client.get(reverse("cases:case_list") + "?export=csv").content.decode()
    assert mine.reference in export
    assert restricted.reference not in export


def test_the_case_list_filters_by_status(signed_in, colleague, team):
    support = SupportCaseFactory(team=team)
    response = signed_in(colleague).get(reverse("cases:case_list") + "?status=closed")
    body = response.content.decode()
    assert support.reference not in body
    # The filter shows what was chosen, and nothing else as chosen.
    assert re.findall(r'<option value="([^"]*)" selected>', body) == ["closed"]


def test_the_timeline_is_newest_first_and_filterable_by_kind(signed_in, colleague, team):
    case = SupportCaseFactory(team=team)
    case_event_add(case=case, officer=colleague, kind="flag", what="Older flag entry")
    case_event_add(case=case, officer=colleague, kind="contact", what="Newer contact entry")
    client = signed_in(colleague)
    body = client.get(reverse("cases:case_timeline", args=[case.pk])).content.decode()
    assert body.index("Newer contact entry") < body.index("Older flag entry")
    filtered = client.get(reverse("cases:case_timeline", args=[case.pk]) + "?kind=flag")
    assert "Older flag entry" in filtered.content.decode()
    assert "Newer contact entry" not in filtered.content.decode()


def _busy_case(team, officer, size: int):
    case = SupportCaseFactory(team=team)
    work_services.allocation_allocate(record=case, officer=officer, by=officer)
    for number in range(size):
        OutstandingDirectionFactory(case=case, tasked_officer=officer)
        RecordedContactFactory(case=case, created_by=officer)
        DueReviewFactory(case=case)
        case_event_add(case=case, officer=officer, kind="case", what=f"Entry {number}")
    return case


@pytest.mark.parametrize("page", PAGES)
def test_each_case_page_runs_the_same_bounded_number_of_queries_whatever_the_size(
    signed_in, colleague, team, page, django_assert_max_num_queries
):
    client = signed_in(colleague)
    small = _busy_case(team, colleague, 1)
    large = _busy_case(team, colleague, 12)
    client.get(reverse(page, args=[small.pk]))
    with django_assert_max_num_queries(40):
        assert client.get(reverse(page, args=[large.pk])).status_code == 200


def test_the_case_list_and_team_view_run_a_bounded_number_of_queries(
    signed_in, supervisor, team, django_assert_max_num_queries
):
    for _ in range(8):
        _busy_case(team, supervisor, 2)
    client = signed_in(supervisor)
    with django_assert_max_num_queries(30):
        assert client.get(reverse("cases:case_list")).status_code == 200
    # The work app's team view, with the case columns registered into it.
    with django_assert_max_num_queries(45):
        assert client.get(reverse("work:team")).status_code == 200
    # My work: one query more each for the re-offending checks and the cases offered.
    with django_assert_max_num_queries(42):
        assert client.get(reverse("core:home")).status_code == 200
