"""Refused requests leave a security event, even when the request's work is rolled back.

Issue 7, item 10: a 404 for a restricted or other-team record, and a 403, left no
trace in the audit trail. See docs/decisions/0013.
"""

import uuid

import pytest
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.test import Client
from django.urls import path, reverse

from apps.audit.choices import AuditAction, DataProtectionCategory
from apps.audit.models import AuditEvent
from apps.audit.tests.traces import traced_referral
from apps.core import access, audit
from apps.referrals.models import Referral
from apps.referrals.tests.factories import ReceivedReferralFactory
from prevent.urls import urlpatterns as service_urlpatterns

pytestmark = pytest.mark.django_db


@login_required
def change_inside_a_transaction(request, referral_id):
    """Writes, then checks access, inside one transaction: as a service does."""
    with transaction.atomic():
        referral = Referral.objects.get(pk=referral_id)
        audit.record(AuditAction.UPDATE, user=request.user, subject=referral, detail={"n": 1})
        access.require(request.user, access.CHANGE, referral)
    return HttpResponse("changed")


urlpatterns = [
    path("test-only/<uuid:referral_id>/change/", change_inside_a_transaction),
    *service_urlpatterns,
]


@pytest.fixture
def traced(team, gateway_officer, sio, make_user):
    return traced_referral(
        team=team,
        officer=gateway_officer,
        sio=sio,
        supervisor=make_user("supervisor", username="named.supervisor"),
        note="Synthetic",
        with_person=False,
    )


def denials():
    return AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED)


def test_page_404_on_a_restricted_record_is_recorded(client, supervisor, traced):
    client.force_login(supervisor)
    response = client.get(traced.get_absolute_url())
    assert response.status_code == 404
    denial = denials().get()
    assert denial.actor == supervisor
    assert denial.category == DataProtectionCategory.SECURITY
    assert denial.content_type == ContentType.objects.get_for_model(Referral)
    assert denial.object_id == str(traced.pk)
    assert denial.object_reference == traced.reference
    assert denial.request_id == response["X-Request-ID"]
    assert denial.channel == "web"
    assert denial.detail == {
        "path": traced.get_absolute_url(),
        "status": 404,
        "reason": access.REFUSED_UNSEEN,
        "attempted": "view",
    }


def test_page_404_on_another_teams_person_is_recorded(client, outsider, person):
    client.force_login(outsider)
    assert client.get(person.get_absolute_url()).status_code == 404
    denial = denials().get()
    assert (denial.actor, denial.object_id) == (outsider, str(person.pk))


def test_api_404_on_another_teams_referral_is_recorded(client, outsider, team):
    referral = ReceivedReferralFactory(team=team)
    client.force_login(outsider)
    url = f"/api/v1/referrals/{referral.pk}/"
    assert client.get(url).status_code == 404
    denial = denials().get()
    assert (denial.actor, denial.object_id, denial.channel) == (outsider, str(referral.pk), "api")
    assert denial.detail["path"] == url


def test_404_for_a_record_that_does_not_exist_is_recorded_as_a_probe(client, gateway_officer):
    missing = uuid.uuid4()
    client.force_login(gateway_officer)
    assert client.get(reverse("people:person_detail", args=[missing])).status_code == 404
    probe = denials().get()
    assert probe.object_id == str(missing)
    assert probe.object_reference == ""
    assert probe.detail["reason"] == access.REFUSED_MISSING


def test_403_for_a_role_without_the_capability_is_recorded(client, gateway_officer):
    client.force_login(gateway_officer)
    assert client.get(reverse("audit:event_list")).status_code == 403
    denial = denials().get()
    assert denial.actor == gateway_officer
    assert denial.detail["status"] == 403
    assert denial.detail["reason"] == f"{access.REFUSED_CAPABILITY}: audit.search"


def test_403_no_access_check_saw_is_recorded_too(gateway_officer):
    csrf_checking = Client(enforce_csrf_checks=True)
    csrf_checking.force_login(gateway_officer)
    assert csrf_checking.post(reverse("referrals:referral_start"), {}).status_code == 403
    denial = denials().get()
    assert denial.actor == gateway_officer
    assert denial.detail["reason"] == "refused"


def test_each_refused_request_is_recorded_once(client, outsider, person):
    client.force_login(outsider)
    client.get(person.get_absolute_url())
    client.get(person.get_absolute_url())
    assert denials().count() == 2
    assert len({denial.request_id for denial in denials()}) == 2


@pytest.mark.urls(__name__)
def test_refusal_survives_the_rollback_of_the_request_work(client, supervisor, traced):
    client.force_login(supervisor)
    response = client.get(f"/test-only/{traced.pk}/change/")
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE, detail={"n": 1}).exists()
    denial = denials().get()
    assert (denial.actor, denial.object_id) == (supervisor, str(traced.pk))
    assert denial.detail["attempted"] == "change"


def test_refusal_outside_a_request_is_written_at_once(outsider, person):
    with pytest.raises(Http404):
        access.require(outsider, access.VIEW, person)
    assert denials().get().object_id == str(person.pk)


def test_a_record_that_may_be_seen_but_not_changed_gives_a_recorded_403(colleague, team):
    referral = ReceivedReferralFactory(team=team)

    with pytest.raises(PermissionDenied):
        access.require(colleague, access.CHANGE, referral)
    denial = denials().get()
    assert denial.detail["status"] == 403
    assert denial.detail["reason"] == access.REFUSED_CHANGE


def test_supervisor_sees_a_refusal_about_a_record_they_may_see(client, supervisor, colleague, team):
    referral = ReceivedReferralFactory(team=team)
    client.force_login(colleague)
    client.get(reverse("referrals:attachment_create", args=[referral.pk]))
    client.force_login(supervisor)
    results = client.get("/api/v1/audit/events/", {"action": "access_denied"}).json()
    assert [event["object_id"] for event in results["results"]] == [str(referral.pk)]


def test_supervisor_does_not_see_a_refusal_about_a_restricted_record(
    client, supervisor, colleague, traced
):
    client.force_login(colleague)
    assert client.get(traced.get_absolute_url()).status_code == 404
    client.force_login(supervisor)
    results = client.get("/api/v1/audit/events/", {"action": "access_denied"}).json()
    assert results["count"] == 0


def test_the_audit_page_shows_why_and_where_a_request_was_refused(client, supervisor, outsider):
    outsider.line_manager = supervisor
    outsider.save()
    client.force_login(outsider)
    client.get(reverse("audit:event_list"))
    client.force_login(supervisor)
    content = client.get(reverse("audit:event_list"), {"action": "access_denied"}).content
    assert "Role lacks the capability: audit.search: /audit/" in content.decode()
