"""Owners are told 30 days before an agreement or a provider's approval expires, once.

Partners provides the reminders; the work layer's daily check sends each once.
"""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from apps.accounts.models import Notification
from apps.partners.choices import CheckOutcome
from apps.partners.services import expiry_reminders
from apps.partners.tests.factories import (
    AgreementFactory,
    ProviderCheckFactory,
    ProviderFactory,
)
from apps.work.services import reminders_send

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


def days(number: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=number)


def test_an_agreement_expiring_within_30_days_notifies_its_owner(officer):
    agreement = AgreementFactory(owner=officer, signed_on=days(-300), expires_on=days(30))

    reminders_send(today=TODAY)

    notification = Notification.objects.get(recipient=officer)
    assert agreement.organisation.reference in notification.subject
    assert "1 July 2026" in notification.subject
    assert notification.link == agreement.organisation.get_absolute_url()


def test_an_agreement_expiring_in_31_days_is_not_reminded_yet(officer):
    AgreementFactory(owner=officer, signed_on=days(-300), expires_on=days(31))

    assert expiry_reminders(today=TODAY) == []


def test_an_agreement_already_expired_is_not_reminded(officer):
    AgreementFactory(owner=officer, signed_on=days(-400), expires_on=days(-1))

    assert expiry_reminders(today=TODAY) == []


def test_each_agreement_is_reminded_once(officer):
    AgreementFactory(owner=officer, signed_on=days(-300), expires_on=days(20))

    reminders_send(today=TODAY)
    reminders_send(today=days(1))

    assert Notification.objects.filter(recipient=officer).count() == 1


def test_a_renewed_agreement_is_reminded_again_before_its_new_expiry(officer):
    agreement = AgreementFactory(owner=officer, signed_on=days(-300), expires_on=days(20))
    reminders_send(today=TODAY)
    agreement.expires_on = days(380)
    agreement.save()

    reminders_send(today=days(360))

    assert Notification.objects.filter(recipient=officer).count() == 2


def test_a_provider_approval_expiring_notifies_the_managing_officer(officer, supervisor):
    provider = ProviderFactory(owner=officer)
    ProviderCheckFactory(
        provider=provider, reviewer=supervisor, checked_on=days(-335), expires_on=days(30)
    )

    reminders_send(today=TODAY)

    notification = Notification.objects.get(recipient=officer)
    assert provider.reference in notification.subject
    assert not Notification.objects.filter(recipient=supervisor).exists()


def test_without_a_managing_officer_the_reviewer_is_told(supervisor):
    provider = ProviderFactory(owner=None)
    ProviderCheckFactory(
        provider=provider, reviewer=supervisor, checked_on=days(-335), expires_on=days(10)
    )

    reminders_send(today=TODAY)

    assert Notification.objects.filter(recipient=supervisor).count() == 1


def test_a_check_replaced_by_a_later_one_is_not_reminded(officer):
    provider = ProviderFactory(owner=officer)
    ProviderCheckFactory(provider=provider, checked_on=days(-335), expires_on=days(10))
    ProviderCheckFactory(provider=provider, checked_on=days(-5), expires_on=days(360))

    assert expiry_reminders(today=TODAY) == []


def test_a_refused_check_is_not_reminded(officer):
    provider = ProviderFactory(owner=officer)
    ProviderCheckFactory(
        provider=provider,
        outcome=CheckOutcome.REFUSED,
        checked_on=days(-335),
        expires_on=days(10),
    )

    assert expiry_reminders(today=TODAY) == []


def test_the_daily_command_sends_the_partners_reminders(officer):
    AgreementFactory(
        owner=officer,
        signed_on=datetime.date.today() - datetime.timedelta(days=300),
        expires_on=datetime.date.today() + datetime.timedelta(days=5),
    )

    call_command("send_reminders", stdout=StringIO())

    assert Notification.objects.filter(recipient=officer, subject__contains="Agreement").exists()
