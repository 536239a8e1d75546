"""The supervisor's team view: per officer what they hold and their tasks, with reallocation."""

import datetime

import pytest
from django.urls import reverse

from apps.cases.tests.factories import OpenCaseFactory
from apps.cyber_packages.tests.factories import PendingSubjectFactory, ReceivedPackageFactory
from apps.partners.tests.factories import EngagementFactory
from apps.referrals.models import Referral
from apps.referrals.tests.factories import ReceivedReferralFactory
from apps.work import registry, services, views
from apps.work.tests.factories import OpenTaskFactory, OverdueTaskFactory

pytestmark = pytest.mark.django_db

TEAM = reverse("work:team")


def test_the_supervisor_sees_each_officers_work(client, team, supervisor, gateway_officer):
    held = ReceivedReferralFactory(team=team)
    services.allocation_allocate(record=held, officer=gateway_officer, by=gateway_officer)
    OpenTaskFactory(assignee=gateway_officer)
    OverdueTaskFactory(assignee=gateway_officer)
    client.force_login(supervisor)

    response = client.get(TEAM)
    assert response.status_code == 200
    [row] = [r for r in response.context["rows"] if r["officer"] == gateway_officer]
    assert row["counts"][response.context["headings"].index("Referrals allocated")] == 1
    assert row["open_tasks"] == 2
    assert row["overdue_tasks"] == 1
    page = response.content.decode()
    assert held.reference in page
    reallocate = reverse(
        "work:record_allocate", kwargs={"record_type": "referral", "record_id": held.pk}
    )
    assert reallocate in page


def test_one_officers_work_can_be_picked_out(client, team, supervisor, gateway_officer):
    mine = ReceivedReferralFactory(team=team)
    theirs = ReceivedReferralFactory(team=team)
    services.allocation_allocate(record=mine, officer=gateway_officer, by=gateway_officer)
    services.allocation_allocate(record=theirs, officer=supervisor, by=supervisor)
    client.force_login(supervisor)

    response = client.get(TEAM, {"officer": gateway_officer.pk})
    assert [allocation.reference for _, allocation, _ in response.context["allocations"]] == [
        mine.reference
    ]


def test_restricted_work_is_left_out_of_the_counts_and_the_list(
    client, team, supervisor, gateway_officer
):
    hidden = ReceivedReferralFactory(team=team)
    services.allocation_allocate(record=hidden, officer=gateway_officer, by=gateway_officer)
    hidden.is_restricted = True
    hidden.save()
    hidden.access_list.add(gateway_officer)
    client.force_login(supervisor)

    response = client.get(TEAM)
    assert hidden.reference not in response.content.decode()
    [row] = [r for r in response.context["rows"] if r["officer"] == gateway_officer]
    assert row["counts"][response.context["headings"].index("Referrals allocated")] == 0


def test_an_officer_is_refused_the_team_view(client, gateway_officer):
    client.force_login(gateway_officer)
    assert client.get(TEAM).status_code == 403


def test_later_apps_add_their_columns(client, supervisor, gateway_officer):
    column = registry.TeamColumn(
        heading="Test things", counts=lambda user, officers: {gateway_officer.pk: 7}
    )
    registry.register_team_column(column)
    try:
        client.force_login(supervisor)
        response = client.get(TEAM)
        assert "Test things" in response.context["headings"]
        [row] = [r for r in response.context["rows"] if r["officer"] == gateway_officer]
        assert row["counts"][response.context["headings"].index("Test things")] == 7
    finally:
        registry._team_columns.remove(column)


def test_only_open_referrals_count_and_overdue_ones_are_counted_apart(
    client, team, supervisor, gateway_officer
):
    today = datetime.date.today()
    overdue = ReceivedReferralFactory(team=team, due_date=today - datetime.timedelta(days=2))
    on_time = ReceivedReferralFactory(team=team, due_date=today + datetime.timedelta(days=2))
    decided = ReceivedReferralFactory(team=team)
    for referral in (overdue, on_time, decided):
        services.allocation_allocate(record=referral, officer=gateway_officer, by=gateway_officer)
    Referral.objects.filter(pk=decided.pk).update(status="decided")
    client.force_login(supervisor)

    response = client.get(TEAM)
    headings = response.context["headings"]
    [row] = [r for r in response.context["rows"] if r["officer"] == gateway_officer]
    assert row["counts"][headings.index("Referrals allocated")] == 2
    assert row["counts"][headings.index("Overdue referrals")] == 1
    shown = [allocation.reference for _, allocation, _ in response.context["allocations"]]
    assert decided.reference not in shown


def test_the_allocated_work_is_paged_and_a_page_past_the_last_shows_the_last(
    client, team, supervisor, gateway_officer, monkeypatch
):
    monkeypatch.setattr(views, "TEAM_PAGE_SIZE", 2)
    held = [ReceivedReferralFactory(team=team) for _ in range(3)]
    for referral in held:
        services.allocation_allocate(record=referral, officer=gateway_officer, by=gateway_officer)
    client.force_login(supervisor)
    expected = sorted(referral.reference for referral in held)

    def shown(page):
        response = client.get(TEAM, {"page": page})
        assert response.status_code == 200
        return [allocation.reference for _, allocation, _ in response.context["allocations"]]

    assert shown(1) == expected[:2]
    assert shown(2) == expected[2:]
    assert shown(9) == expected[2:]  # read again for the last page
    assert shown("x") == expected[:2]
    assert shown(2) == expected[2:]  # the compiled page, reused


def test_each_record_types_link_is_its_page_without_reading_it(db):
    """The team view links a page of allocations to their records by id alone."""
    records = [
        ReceivedReferralFactory(),
        OpenCaseFactory(),
        EngagementFactory(),
        ReceivedPackageFactory(),
        PendingSubjectFactory(),
    ]
    assert {type(record) for record in records} == {
        record_type.model for record_type in registry.record_types()
    }
    for record in records:
        record_type = registry.record_type_for(type(record))
        assert record_type.url(record.pk) == record.get_absolute_url()
