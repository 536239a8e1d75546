"""Starting de-confliction twice at once records one change (the referral row is locked)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.core.tests.concurrency import run_together, slow_down
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
    # Hold the first start open while the second one arrives.
    slow_down(monkeypatch, services, "_save_status")

    def begin():
        stale = Referral.objects.get(pk=referral.pk)
        services.referral_begin_deconfliction(referral=stale, officer=gateway_officer)
        return "recorded"

    outcomes = [
        result.code if isinstance(result, ValidationError) else result
        for result in run_together(begin, begin)
    ]
    assert sorted(outcomes) == ["invalid_stage", "recorded"]
    assert transitions(referral).count() == 1
