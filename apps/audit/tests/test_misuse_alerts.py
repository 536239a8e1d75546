"""Misuse alerts: rules over staff access, raised for the data protection officer."""

import uuid

import pytest
from django.urls import reverse

from apps.audit.choices import AlertStatus, AuditAction, MisuseRule
from apps.audit.misuse import detect_misuse
from apps.audit.models import AuditEvent, MisuseAlert
from apps.core import audit
from apps.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/audit/alerts/"


@pytest.fixture
def rules(settings):
    settings.AUDIT_MISUSE_RULES = {
        "records_outside_team": {"threshold": 3, "hours": 24},
        "repeated_break_glass": {"threshold": 2, "hours": 24},
        "colleague_name_search": {"threshold": 1, "hours": 24},
    }
    return settings.AUDIT_MISUSE_RULES


@pytest.fixture
def browsing(rules, gateway_officer, other_team, person):
    """Three records of another team viewed, and one of the officer's own."""
    audit.record_view(user=gateway_officer, subject=person)
    others = PersonFactory.create_batch(3, team=other_team)
    for other in others:
        audit.record_view(user=gateway_officer, subject=other)
    return others


@pytest.fixture
def alert(browsing):
    (raised,) = detect_misuse()
    return raised


def test_viewing_many_records_outside_the_team_raises_an_alert_with_the_events(
    alert, browsing, gateway_officer
):
    assert alert.rule == MisuseRule.RECORDS_OUTSIDE_TEAM
    assert alert.actor == gateway_officer
    assert alert.status == AlertStatus.OPEN
    assert "3 records outside their team" in alert.summary
    viewed = {event.object_id for event in alert.events.all()}
    assert viewed == {str(other.pk) for other in browsing}


def test_views_within_the_team_do_not_count(rules, gateway_officer, team):
    for person in PersonFactory.create_batch(5, team=team):
        audit.record_view(user=gateway_officer, subject=person)
    assert detect_misuse() == []


def test_running_the_rules_again_raises_nothing_new_and_adds_later_events(
    alert, gateway_officer, other_team
):
    assert detect_misuse() == []
    audit.record_view(user=gateway_officer, subject=PersonFactory(team=other_team))
    (again,) = detect_misuse()
    assert again.pk == alert.pk
    assert again.events.count() == 4
    assert MisuseAlert.objects.count() == 1


def test_repeated_break_glass_raises_an_alert(rules, colleague, person):
    for _ in range(2):
        audit.record(AuditAction.BREAK_GLASS_GRANTED, user=colleague, subject=person)
    (alert,) = detect_misuse()
    assert alert.rule == MisuseRule.REPEATED_BREAK_GLASS
    assert alert.events.count() == 2


def test_searching_for_a_colleagues_name_raises_an_alert(rules, gateway_officer, colleague):
    colleague.first_name, colleague.last_name = "Ada", "Quill-Lovelace"
    colleague.save()
    audit.record_search(
        user=gateway_officer,
        scope="people",
        terms={"given_name": "ada", "family_name": "Quill-Lovelace"},
        result_count=0,
    )
    audit.record_search(user=gateway_officer, scope="people", terms={"q": "Quill"}, result_count=0)
    audit.record_search(
        user=gateway_officer, scope="audit", terms={"q": "Ada Quill-Lovelace"}, result_count=0
    )
    (alert,) = detect_misuse()
    assert alert.rule == MisuseRule.COLLEAGUE_NAME_SEARCH
    assert alert.events.count() == 1
    assert alert.events.get().detail["scope"] == "people"


def test_a_rule_with_threshold_zero_is_off(rules, browsing):
    rules["records_outside_team"]["threshold"] = 0
    assert detect_misuse() == []


def test_the_data_protection_officer_lists_alerts_and_the_listing_is_audited(
    client, data_protection_officer, alert
):
    client.force_login(data_protection_officer)
    response = client.get(reverse("audit:alert_list"))
    assert response.status_code == 200
    assert alert.reference in response.content.decode()
    search = AuditEvent.objects.filter(action=AuditAction.SEARCH).order_by("-sequence").first()
    assert search.detail["scope"] == "misuse alerts"
    assert search.detail["references"] == [alert.reference]


def test_an_alert_page_shows_the_events_and_records_the_view(
    client, data_protection_officer, alert, browsing
):
    client.force_login(data_protection_officer)
    response = client.get(reverse("audit:alert_detail", args=[alert.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for other in browsing:
        assert other.reference in page
    assert "Viewed many records outside their team" in page
    view = AuditEvent.objects.filter(action=AuditAction.VIEW).order_by("-sequence").first()
    assert view.object_reference == alert.reference
    assert view.actor == data_protection_officer


def test_reviewing_an_alert_needs_a_note(client, data_protection_officer, alert):
    client.force_login(data_protection_officer)
    response = client.post(reverse("audit:alert_review", args=[alert.pk]), {"note": "  "})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "Enter what you found" in response.content.decode()
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN


def test_reviewing_an_alert_closes_it_and_is_audited(
    client, data_protection_officer, alert, gateway_officer, other_team
):
    client.force_login(data_protection_officer)
    response = client.post(
        reverse("audit:alert_review", args=[alert.pk]),
        {"note": "Covering for the North East team this week; confirmed with their supervisor."},
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.status == AlertStatus.REVIEWED
    assert alert.reviewed_by == data_protection_officer
    change = AuditEvent.objects.filter(action=AuditAction.UPDATE).order_by("-sequence").first()
    assert change.object_reference == alert.reference
    assert change.changes["status"] == {"old": "open", "new": "reviewed"}
    assert detect_misuse() == []  # the reviewed events do not raise it again
    audit.record_view(user=gateway_officer, subject=PersonFactory(team=other_team))
    (new,) = detect_misuse()
    assert new.pk != alert.pk


@pytest.mark.parametrize("user", ["supervisor", "gateway_officer", "administrator"])
def test_only_the_data_protection_role_sees_misuse_alerts(client, request, user, alert):
    client.force_login(request.getfixturevalue(user))
    assert client.get(reverse("audit:alert_list")).status_code == 403
    assert client.get(reverse("audit:alert_detail", args=[alert.pk])).status_code == 403
    response = client.post(reverse("audit:alert_review", args=[alert.pk]), {"note": "x"})
    assert response.status_code == 403
    assert client.get(API).status_code == 403
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN


def test_an_alert_that_does_not_exist_is_a_404(client, data_protection_officer):
    client.force_login(data_protection_officer)
    missing = uuid.uuid4()
    assert client.get(reverse("audit:alert_detail", args=[missing])).status_code == 404
    assert client.get(f"{API}{missing}/").status_code == 404
    assert client.get(f"{API}999999/").status_code == 404


def test_the_api_lists_and_shows_alerts_with_their_events(client, data_protection_officer, alert):
    client.force_login(data_protection_officer)
    listed = client.get(API).json()
    assert [row["reference"] for row in listed["results"]] == [alert.reference]
    shown = client.get(f"{API}{alert.pk}/").json()
    assert shown["rule"] == "records_outside_team"
    assert sorted(shown["events"]) == sorted(alert.events.values_list("sequence", flat=True))
    assert client.post(API, {}, content_type="application/json").status_code == 405
