import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.core import audit

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(gateway_officer, colleague, person):
    audit.record_view(user=gateway_officer, subject=person)
    audit.record_view(user=colleague, subject=person)
    audit.record(AuditAction.LOGIN, user=colleague)


def test_supervisor_searches_by_user(client, supervisor, history):
    client.force_login(supervisor)
    response = client.get(reverse("audit:event_list"), {"username": "prevent.officer"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 2


def test_supervisor_searches_by_record_reference(client, supervisor, person, history):
    client.force_login(supervisor)
    response = client.get(reverse("audit:event_list"), {"record": person.reference})
    assert response.context["page"].paginator.count == 2


def test_search_by_date_range(client, supervisor, history):
    client.force_login(supervisor)
    response = client.get(
        reverse("audit:event_list"), {"date_from": "2000-01-01", "date_to": "2000-12-31"}
    )
    assert response.context["page"].paginator.count == 0


def test_bad_date_is_reported_not_ignored(client, supervisor, history):
    client.force_login(supervisor)
    response = client.get(reverse("audit:event_list"), {"date_from": "31/31/2026"})
    assert response.status_code == 200
    assert "Date from must be a real date" in response.content.decode()


def test_searching_the_audit_is_itself_audited(client, supervisor, history):
    client.force_login(supervisor)
    client.get(reverse("audit:event_list"), {"username": "prevent.officer"})
    search = AuditEvent.objects.get(action=AuditAction.SEARCH, actor=supervisor)
    assert search.detail["terms"] == {"username": "prevent.officer"}
    assert search.detail["scope"] == "audit"


@pytest.mark.parametrize("role_fixture", ["gateway_officer", "analyst", "administrator"])
def test_roles_without_audit_search_get_403(client, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(reverse("audit:event_list")).status_code == 403
    assert client.get("/api/v1/audit/events/").status_code == 403


def test_data_protection_officer_may_search(client, data_protection_officer, history):
    client.force_login(data_protection_officer)
    assert client.get(reverse("audit:event_list")).status_code == 200


def test_api_lists_events_for_a_supervisor(client, supervisor, history):
    client.force_login(supervisor)
    response = client.get("/api/v1/audit/events/", {"username": "gateway.officer"})
    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert response.json()["results"][0]["action"] == "view"


def test_api_cannot_change_or_delete_events(client, supervisor, history):
    client.force_login(supervisor)
    sequence = AuditEvent.objects.first().sequence
    assert client.delete(f"/api/v1/audit/events/{sequence}/").status_code == 405
    assert client.patch(f"/api/v1/audit/events/{sequence}/", {}).status_code == 405
    assert client.post("/api/v1/audit/events/", {}).status_code == 405


def test_who_viewed_this_lists_views_of_the_record(client, supervisor, person, history):
    client.force_login(supervisor)
    content_type = ContentType.objects.get_for_model(person)
    response = client.get(reverse("audit:record_history", args=[content_type.pk, person.pk]))
    assert response.status_code == 200
    usernames = {event.actor_username for event in response.context["page"].object_list}
    assert {"gateway.officer", "prevent.officer"} <= usernames


def test_who_viewed_this_is_404_for_a_record_outside_reach(client, make_user, other_team, person):
    stranger = make_user("supervisor", username="other.supervisor", team=other_team)
    client.force_login(stranger)
    content_type = ContentType.objects.get_for_model(person)
    response = client.get(reverse("audit:record_history", args=[content_type.pk, person.pk]))
    assert response.status_code == 404


def test_no_admin_page_for_audit_events(client, administrator):
    client.force_login(administrator)
    assert client.get("/admin/audit/auditevent/").status_code == 404


def test_supervisor_sees_only_their_own_teams_activity(client, supervisor, outsider, history):
    audit.record(AuditAction.LOGIN, user=outsider)
    client.force_login(supervisor)
    response = client.get(reverse("audit:event_list"), {"username": "outsider"})
    assert response.context["page"].paginator.count == 0


def test_data_protection_officer_sees_every_team(client, data_protection_officer, outsider):
    audit.record(AuditAction.LOGIN, user=outsider)
    client.force_login(data_protection_officer)
    response = client.get(reverse("audit:event_list"), {"username": "outsider"})
    assert response.context["page"].paginator.count == 1


def test_error_pages_use_the_service_layout(client, gateway_officer):
    client.force_login(gateway_officer)
    not_found = client.get("/people/00000000-0000-4000-8000-000000000000/")
    assert not_found.status_code == 404
    assert "Page not found" in not_found.content.decode()
    assert "OFFICIAL-SENSITIVE" in not_found.content.decode()
    forbidden = client.get(reverse("audit:event_list"))
    assert forbidden.status_code == 403
    assert "You cannot do this" in forbidden.content.decode()


def test_line_manager_sees_their_reports_events_in_another_team(
    client, supervisor, outsider, history
):
    outsider.line_manager = supervisor
    outsider.save()
    audit.record(AuditAction.LOGIN, user=outsider)
    client.force_login(supervisor)
    response = client.get(reverse("audit:event_list"), {"username": "outsider"})
    assert response.context["page"].paginator.count == 1
