"""Audit searches follow the access decision for the record each event describes.

Issue 7, item 4: a supervisor not on a restricted referral's access list found its
events, with the trace's reason and the SIO's name, by searching the audit trail.
"""

import pytest
from django.urls import reverse

from apps.accounts.models import Team
from apps.accounts.services import break_glass_grant
from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.audit.tests.traces import traced_referral
from apps.core import audit
from apps.core.choices import ProtectiveMarking
from apps.people.tests.factories import PersonFactory
from apps.referrals.tests.factories import ReceivedReferralFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/audit/events/"
NOTE = "Synthetic operation reference HAWTHORN-7"


@pytest.fixture
def sio(make_user):
    return make_user("sio", username="sio.kestrel")


@pytest.fixture
def traced(team, gateway_officer, sio, make_user):
    return traced_referral(
        team=team,
        officer=gateway_officer,
        sio=sio,
        supervisor=make_user("supervisor", username="named.supervisor"),
        note=NOTE,
    )


def test_supervisor_off_the_access_list_finds_nothing_by_reference(client, supervisor, traced):
    client.force_login(supervisor)
    response = client.get(reverse("audit:event_list"), {"record": traced.reference})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    content = response.content.decode()
    assert NOTE not in content
    assert "sio.kestrel" not in content


@pytest.mark.smoke  # also on SQLite, which stores UUIDs differently
def test_supervisor_off_the_access_list_finds_nothing_by_id_through_the_api(
    client, supervisor, traced
):
    client.force_login(supervisor)
    response = client.get(API, {"record": str(traced.pk)})
    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert response.json()["results"] == []


def test_unfiltered_search_leaves_restricted_record_events_out_of_results_and_count(
    client, supervisor, gateway_officer, traced, person
):
    audit.record_view(user=gateway_officer, subject=person)
    client.force_login(supervisor)
    results = client.get(API, {"limit": 200}).json()
    shown = {event["object_id"] for event in results["results"]}
    assert str(traced.pk) not in shown
    assert str(traced.person_id) not in shown
    assert str(person.pk) in shown
    assert results["count"] == len(results["results"])
    page = client.get(reverse("audit:event_list"))
    assert NOTE not in page.content.decode()


@pytest.mark.smoke  # also on SQLite, which stores UUIDs differently
def test_user_on_the_access_list_sees_the_events_in_full(client, supervisor, traced):
    traced.access_list.add(supervisor)
    client.force_login(supervisor)
    results = client.get(API, {"record": str(traced.pk)}).json()["results"]
    assert {event["action"] for event in results} >= {"view", "update"}
    update = next(
        event
        for event in results
        if event["action"] == "update" and "live_investigation_check" in event["changes"]
    )
    assert update["justification"] == NOTE
    assert update["detail"] == {"sio": "sio.kestrel", "supervisor": "named.supervisor"}
    assert update["restricted_record"] is False


@pytest.mark.smoke  # also on SQLite, which stores UUIDs differently
def test_data_protection_officer_sees_restricted_record_events_by_reference_only(
    client, data_protection_officer, traced
):
    client.force_login(data_protection_officer)
    response = client.get(API, {"record": str(traced.pk)})
    results = response.json()["results"]
    assert {event["action"] for event in results} >= {"view", "update"}
    for event in results:
        assert event["object_reference"] == traced.reference
        assert event["restricted_record"] is True
        assert event["justification"] == ""
        assert event["changes"] == {}
        assert event["detail"] == {}
    assert NOTE not in response.content.decode()
    assert "sio.kestrel" not in response.content.decode()


def test_data_protection_officer_page_shows_restricted_record_by_reference_only(
    client, data_protection_officer, traced
):
    client.force_login(data_protection_officer)
    response = client.get(reverse("audit:event_list"), {"record": traced.reference})
    content = response.content.decode()
    assert response.context["page"].paginator.count >= 2
    assert traced.reference in content
    assert "Restricted record: shown by reference only" in content
    assert NOTE not in content
    assert "sio.kestrel" not in content


def test_data_protection_officer_sees_unrestricted_record_events_in_full(
    client, data_protection_officer, gateway_officer, person
):
    audit.record_view(user=gateway_officer, subject=person, justification="Safeguarding check")
    client.force_login(data_protection_officer)
    results = client.get(API, {"record": str(person.pk)}).json()["results"]
    assert [event["justification"] for event in results] == ["Safeguarding check"]
    assert results[0]["restricted_record"] is False


def test_data_protection_officers_search_of_restricted_records_is_audited(
    client, data_protection_officer, traced
):
    client.force_login(data_protection_officer)
    client.get(API, {"record": str(traced.pk)})
    search = AuditEvent.objects.get(action=AuditAction.SEARCH, actor=data_protection_officer)
    assert search.detail["terms"] == {"record": str(traced.pk)}
    assert search.detail["restricted_record_events"] >= 2


def test_one_event_through_the_api_follows_the_record_too(
    client, supervisor, data_protection_officer, traced
):
    update = AuditEvent.objects.get(
        action=AuditAction.UPDATE,
        object_id=str(traced.pk),
        changes__has_key="live_investigation_check",
    )
    client.force_login(supervisor)
    assert client.get(f"{API}{update.sequence}/").status_code == 404
    client.force_login(data_protection_officer)
    shown = client.get(f"{API}{update.sequence}/").json()
    assert shown["restricted_record"] is True
    assert shown["justification"] == ""
    assert shown["detail"] == {}


def test_supervisor_does_not_see_events_about_another_teams_record(
    client, supervisor, gateway_officer, other_team
):
    elsewhere = ReceivedReferralFactory(team=other_team)
    audit.record_view(user=gateway_officer, subject=elsewhere)
    client.force_login(supervisor)
    assert client.get(API, {"record": elsewhere.reference}).json()["count"] == 0


def test_supervisor_does_not_see_events_about_a_record_above_their_clearance(
    client, make_user, gateway_officer, person
):
    cleared_lower = make_user(
        "supervisor", username="official.supervisor", clearance=ProtectiveMarking.OFFICIAL
    )
    gateway_officer.line_manager = cleared_lower
    gateway_officer.save()
    audit.record_view(user=gateway_officer, subject=person)
    client.force_login(cleared_lower)
    assert client.get(API, {"record": person.reference}).json()["count"] == 0


def test_events_about_no_record_stay_visible(client, supervisor, gateway_officer, traced):
    audit.record(AuditAction.LOGIN, user=gateway_officer)
    client.force_login(supervisor)
    results = client.get(API, {"action": "login", "username": "gateway.officer"}).json()
    assert results["count"] == 1


def test_search_cost_does_not_grow_with_the_number_of_records(
    client, supervisor, gateway_officer, team, django_assert_max_num_queries
):
    client.force_login(supervisor)
    for _ in range(2):
        audit.record_view(user=gateway_officer, subject=PersonFactory(team=team))
    with django_assert_max_num_queries(50) as first:
        before = client.get(API, {"limit": 200}).json()["count"]
    for _ in range(20):
        audit.record_view(user=gateway_officer, subject=PersonFactory(team=team))
        audit.record_view(user=gateway_officer, subject=ReceivedReferralFactory(team=team))
    with django_assert_max_num_queries(len(first.captured_queries)):
        after = client.get(API, {"limit": 200}).json()["count"]
    assert after == before + 40 + 1  # and the first search itself


def test_line_manager_sees_a_reports_break_glass_grant_on_a_third_teams_record(
    client, supervisor, colleague, make_user
):
    third_team = Team.objects.create(name="CTP West Midlands Prevent")
    elsewhere = PersonFactory(team=third_team)
    broken_glass_by = make_user(
        "gateway_officer", username="night.officer", line_manager=supervisor
    )
    break_glass_grant(
        user=broken_glass_by,
        record=elsewhere,
        purpose="Urgent safeguarding check out of hours for a synthetic case",
    )
    audit.record_view(user=colleague, subject=elsewhere)
    client.force_login(supervisor)
    results = client.get(API, {"record": elsewhere.reference}).json()["results"]
    assert [(event["action"], event["actor_username"]) for event in results] == [
        ("break_glass_granted", "night.officer")
    ]
