"""Starting de-confliction twice at once records one change (the referral row is locked)."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connections
from django.urls import reverse

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.referrals import services
from apps.referrals.models import Referral
from apps.referrals.tests.factories import ReceivedReferralFactory


def transitions(referral):
    return AuditEvent.objects.filter(action=AuditAction.TRANSITION, object_id=str(referral.pk))


@pytest.mark.django_db
def test_a_start_made_on_a_page_opened_before_the_first_start_is_refused(gateway_officer, team):
    referral = ReceivedReferralFactory(team=team)
    stale = Referral.objects.get(pk=referral.pk)  # both pages showed the referral as received
    services.referral_begin_deconfliction(referral=referral, officer=gateway_officer)
    with pytest.raises(ValidationError, match="not possible while the record is at"):
        services.referral_begin_deconfliction(referral=stale, officer=gateway_officer)
    assert transitions(referral).count() == 1


@pytest.mark.django_db
def test_a_second_click_on_start_records_nothing_more(client, gateway_officer, team):
    referral = ReceivedReferralFactory(team=team)
    client.force_login(gateway_officer)
    url = reverse("referrals:referral_begin_deconfliction", args=[referral.pk])
    assert client.post(url).url == reverse("gateway:deconfliction", args=[referral.pk])
    client.post(url)
    referral.refresh_from_db()
    assert referral.status == "deconfliction"
    assert transitions(referral).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_starts_record_one_change(gateway_officer, team, monkeypatch):
    referral = ReceivedReferralFactory(team=team)
    real_save_status = services._save_status

    def slow_save_status(*args, **kwargs):
        time.sleep(0.5)  # hold the first start open while the second one arrives
        return real_save_status(*args, **kwargs)

    monkeypatch.setattr(services, "_save_status", slow_save_status)
    start = threading.Barrier(2)
    outcomes = []

    def begin():
        try:
            stale = Referral.objects.get(pk=referral.pk)
            start.wait()
            services.referral_begin_deconfliction(referral=stale, officer=gateway_officer)
            outcomes.append("recorded")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=begin) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["invalid_stage", "recorded"]
    assert transitions(referral).count() == 1
