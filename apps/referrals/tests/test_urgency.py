"""An urgent referral heads every referral queue, with its reason; marking it is audited."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.referrals.choices import ReferralStatus
from apps.referrals.models import Referral
from apps.referrals.selectors import gateway_queue, referral_list
from apps.referrals.services import referral_mark_urgent, referral_unmark_urgent
from apps.referrals.tests.factories import ReceivedReferralFactory

pytestmark = pytest.mark.django_db


def test_marking_a_referral_urgent_keeps_the_reason_and_who_marked_it_and_is_audited(
    gateway_officer, team
):
    referral = ReceivedReferralFactory(team=team)
    referral_mark_urgent(
        referral=referral, officer=gateway_officer, reason="Travel booked for Friday"
    )
    referral.refresh_from_db()
    assert referral.is_urgent
    assert referral.urgent_reason == "Travel booked for Friday"
    assert referral.urgent_marked_by == gateway_officer
    assert referral.urgent_marked_at is not None
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(referral.pk))
    assert event.changes == {
        "is_urgent": {"old": False, "new": True},
        "urgent_reason": {"old": "", "new": "Travel booked for Friday"},
    }


def test_an_urgent_referral_needs_a_reason(gateway_officer, team):
    referral = ReceivedReferralFactory(team=team)
    with pytest.raises(ValidationError) as refused:
        referral_mark_urgent(referral=referral, officer=gateway_officer, reason="   ")
    assert refused.value.message_dict == {"urgent_reason": ["Enter why the referral is urgent"]}
    referral.refresh_from_db()
    assert not referral.is_urgent
    assert not AuditEvent.objects.filter(action=AuditAction.UPDATE).exists()


def test_the_database_refuses_an_urgent_referral_without_a_reason(team):
    with pytest.raises(ValidationError):
        ReceivedReferralFactory.build(team=team, is_urgent=True, urgent_reason="").full_clean(
            exclude=["status", "sector", "concern_type", "team"]
        )


def test_unmarking_takes_the_referral_back_to_its_place_and_is_audited(gateway_officer, team):
    referral = ReceivedReferralFactory(team=team)
    referral_mark_urgent(referral=referral, officer=gateway_officer, reason="Risk to others")
    referral_unmark_urgent(referral=referral, officer=gateway_officer)
    referral.refresh_from_db()
    assert not referral.is_urgent
    assert referral.urgent_reason == ""
    assert referral.urgent_marked_by is None
    last = AuditEvent.objects.filter(action=AuditAction.UPDATE).order_by("-sequence").first()
    assert last.changes["is_urgent"] == {"old": True, "new": False}
    assert last.detail == {"what": "no longer urgent"}


def test_unmarking_a_referral_that_is_not_urgent_is_refused(gateway_officer, team):
    referral = ReceivedReferralFactory(team=team)
    with pytest.raises(ValidationError, match="not marked urgent"):
        referral_unmark_urgent(referral=referral, officer=gateway_officer)


def test_a_decided_referral_cannot_be_marked_urgent(gateway_officer, team):
    referral = ReceivedReferralFactory(team=team, status=ReferralStatus.DECIDED)
    with pytest.raises(ValidationError, match="only an open referral"):
        referral_mark_urgent(referral=referral, officer=gateway_officer, reason="Too late")


def test_a_role_that_may_only_read_or_another_team_may_not_mark_urgent(make_user, outsider, team):
    referral = ReceivedReferralFactory(team=team)
    reader = make_user("prevent_officer")
    with pytest.raises(PermissionDenied):
        referral_mark_urgent(referral=referral, officer=reader, reason="Not theirs to say")
    with pytest.raises(Http404):
        referral_mark_urgent(referral=referral, officer=outsider, reason="Not theirs to say")
    assert not Referral.objects.get(pk=referral.pk).is_urgent


def test_urgent_referrals_head_the_gateway_queue_and_the_referral_list(gateway_officer, team):
    soon = ReceivedReferralFactory(team=team, due_date=datetime.date(2026, 11, 20))
    later = ReceivedReferralFactory(team=team, due_date=datetime.date(2026, 12, 20))
    referral_mark_urgent(referral=later, officer=gateway_officer, reason="Weapon mentioned")
    assert list(gateway_queue(user=gateway_officer)) == [later, soon]
    assert list(referral_list(user=gateway_officer)) == [later, soon]


def test_an_officer_marks_a_referral_urgent_on_its_page_and_the_queue_shows_the_reason(
    client, gateway_officer, team
):
    soon = ReceivedReferralFactory(team=team, due_date=datetime.date(2026, 11, 20))
    later = ReceivedReferralFactory(team=team, due_date=datetime.date(2026, 12, 20))
    client.force_login(gateway_officer)
    page = client.get(later.get_absolute_url()).content.decode()
    assert "Mark as urgent" in page
    response = client.post(
        reverse("referrals:referral_urgent", args=[later.pk]),
        {"urgent_reason": "Travel booked for Friday"},
    )
    assert response.status_code == 302
    assert response.url == later.get_absolute_url()
    page = client.get(later.get_absolute_url()).content.decode()
    assert "Urgent: Travel booked for Friday" in page
    assert "No longer urgent" in page
    queue = client.get(reverse("referrals:referral_list")).content.decode()
    assert queue.index(later.reference) < queue.index(soon.reference)
    assert "Travel booked for Friday" in queue
    export = client.get(reverse("referrals:referral_list"), {"export": "csv"}).content.decode()
    assert "Urgent: Travel booked for Friday" in export


def test_a_search_lists_urgent_referrals_first_too(client, gateway_officer, team):
    soon = ReceivedReferralFactory(
        team=team, due_date=datetime.date(2026, 11, 20), subject_family_name="Fletcher"
    )
    later = ReceivedReferralFactory(
        team=team, due_date=datetime.date(2026, 12, 20), subject_family_name="Fletcher"
    )
    referral_mark_urgent(referral=later, officer=gateway_officer, reason="Weapon mentioned")
    client.force_login(gateway_officer)
    page = client.get(reverse("referrals:referral_list"), {"q": "Fletcher"}).content.decode()
    assert page.index(later.reference) < page.index(soon.reference)


def test_the_urgent_filter_lists_only_urgent_referrals(client, gateway_officer, team):
    calm = ReceivedReferralFactory(team=team)
    urgent = ReceivedReferralFactory(team=team)
    referral_mark_urgent(referral=urgent, officer=gateway_officer, reason="Weapon mentioned")
    client.force_login(gateway_officer)
    page = client.get(reverse("referrals:referral_list"), {"urgent": "yes"}).content.decode()
    assert urgent.reference in page
    assert calm.reference not in page


def test_marking_urgent_without_a_reason_shows_the_error_summary(client, gateway_officer, team):
    referral = ReceivedReferralFactory(team=team)
    client.force_login(gateway_officer)
    response = client.post(
        reverse("referrals:referral_urgent", args=[referral.pk]), {"urgent_reason": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter why the referral is urgent" in page
    assert not Referral.objects.get(pk=referral.pk).is_urgent


def test_an_officer_unmarks_a_referral_on_its_page(client, gateway_officer, team):
    referral = ReceivedReferralFactory(team=team)
    referral_mark_urgent(referral=referral, officer=gateway_officer, reason="Weapon mentioned")
    client.force_login(gateway_officer)
    response = client.post(reverse("referrals:referral_not_urgent", args=[referral.pk]))
    assert response.status_code == 302
    assert not Referral.objects.get(pk=referral.pk).is_urgent


def test_the_urgent_pages_refuse_a_reader_with_403_and_another_team_with_404(
    client, make_user, outsider, team
):
    referral = ReceivedReferralFactory(team=team)
    mark = reverse("referrals:referral_urgent", args=[referral.pk])
    unmark = reverse("referrals:referral_not_urgent", args=[referral.pk])
    client.force_login(make_user("prevent_officer"))
    assert client.get(mark).status_code == 403
    assert client.post(mark, {"urgent_reason": "Mine"}).status_code == 403
    assert client.post(unmark).status_code == 403
    client.force_login(outsider)
    assert client.get(mark).status_code == 404
    assert client.post(unmark).status_code == 404
    assert not Referral.objects.get(pk=referral.pk).is_urgent


def test_the_api_shows_urgency(client, gateway_officer, team):
    referral = ReceivedReferralFactory(team=team)
    referral_mark_urgent(referral=referral, officer=gateway_officer, reason="Weapon mentioned")
    client.force_login(gateway_officer)
    body = client.get(f"/api/v1/referrals/{referral.pk}/").json()
    assert body["is_urgent"] is True
    assert body["urgent_reason"] == "Weapon mentioned"


def test_the_api_marks_and_unmarks_urgency_with_the_same_service(client, gateway_officer, team):
    referral = ReceivedReferralFactory(team=team)
    client.force_login(gateway_officer)
    url = f"/api/v1/referrals/{referral.pk}/urgency/"
    response = client.put(
        url, {"is_urgent": True, "reason": "Weapon mentioned"}, content_type="application/json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["urgent_reason"] == "Weapon mentioned"
    assert Referral.objects.get(pk=referral.pk).is_urgent
    response = client.put(url, {"is_urgent": False}, content_type="application/json")
    assert response.status_code == 200
    assert not Referral.objects.get(pk=referral.pk).is_urgent
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE).count() == 2


def test_the_api_needs_a_reason_and_refuses_readers_and_other_teams(
    client, make_user, outsider, team
):
    referral = ReceivedReferralFactory(team=team)
    url = f"/api/v1/referrals/{referral.pk}/urgency/"
    client.force_login(make_user("gateway_officer", username="officer.two"))
    response = client.put(url, {"is_urgent": True}, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"reason": ["Enter why the referral is urgent"]}
    client.force_login(make_user("prevent_officer"))
    body = {"is_urgent": True, "reason": "x"}
    assert client.put(url, body, content_type="application/json").status_code == 403
    client.force_login(outsider)
    assert client.put(url, body, content_type="application/json").status_code == 404
    assert not Referral.objects.get(pk=referral.pk).is_urgent
