"""Owners are told 30 days before an agreement or a provider's approval expires, once."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from apps.accounts.models import Notification
from apps.partners.choices import CheckOutcome
from apps.partners.services import expiry_reminders_send
from apps.partners.tests.factories import (
    AgreementFactory,
    ProviderCheckFactory,
    ProviderFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


def days(number: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=number)


def test_an_agreement_expiring_within_30_days_notifies_its_owner(officer):
    agreement = AgreementFactory(owner=officer, signed_on=days(-300), expires_on=days(30))

    sent = expiry_reminders_send(on=TODAY)

    assert sent == {"agreements": 1, "provider_checks": 0}
    notification = Notification.objects.get(recipient=officer)
    assert agreement.organisation.reference in notification.subject
    assert "1 July 2026" in notification.subject
    assert notification.link == agreement.organisation.get_absolute_url()


def test_an_agreement_expiring_in_31_days_is_not_reminded_yet(officer):
    AgreementFactory(owner=officer, signed_on=days(-300), expires_on=days(31))

    assert expiry_reminders_send(on=TODAY)["agreements"] == 0


def test_an_agreement_already_expired_is_not_reminded(officer):
    AgreementFactory(owner=officer, signed_on=days(-400), expires_on=days(-1))

    assert expiry_reminders_send(on=TODAY)["agreements"] == 0


def test_each_agreement_is_reminded_once(officer):
    AgreementFactory(owner=officer, signed_on=days(-300), expires_on=days(20))

    expiry_reminders_send(on=TODAY)
    expiry_reminders_send(on=days(1))

    assert Notification.objects.filter(recipient=officer).count() == 1


def test_a_provider_approval_expiring_notifies_the_managing_officer(officer, supervisor):
    provider = ProviderFactory(owner=officer)
    ProviderCheckFactory(
        provider=provider, reviewer=supervisor, checked_on=days(-335), expires_on=days(30)
    )

    sent = expiry_reminders_send(on=TODAY)

    assert sent["provider_checks"] == 1
    notification = Notification.objects.get(recipient=officer)
    assert provider.reference in notification.subject
    assert not Notification.objects.filter(recipient=supervisor).exists()


def test_without_a_managing_officer_the_reviewer_is_told(supervisor):
    provider = ProviderFactory(owner=None)
    ProviderCheckFactory(
        provider=provider, reviewer=supervisor, checked_on=days(-335), expires_on=days(10)
    )

    expiry_reminders_send(on=TODAY)

    assert Notification.objects.filter(recipient=supervisor).count() == 1


def test_a_check_replaced_by_a_later_one_is_not_reminded(officer):
    provider = ProviderFactory(owner=officer)
    ProviderCheckFactory(provider=provider, checked_on=days(-335), expires_on=days(10))
    ProviderCheckFactory(provider=provider, checked_on=days(-5), expires_on=days(360))

    assert expiry_reminders_send(on=TODAY)["provider_checks"] == 0


def test_a_refused_check_is_not_reminded(officer):
    provider = ProviderFactory(owner=officer)
    ProviderCheckFactory(
        provider=provider,
        outcome=CheckOutcome.REFUSED,
        checked_on=days(-335),
        expires_on=days(10),
    )

    assert expiry_reminders_send(on=TODAY)["provider_checks"] == 0


def test_the_daily_command_reports_what_it_sent(officer):
    AgreementFactory(
        owner=officer,
        signed_on=datetime.date.today() - datetime.timedelta(days=300),
        expires_on=datetime.date.today() + datetime.timedelta(days=5),
    )
    out = StringIO()

    call_command("send_partner_reminders", stdout=out)

    assert "Reminders sent: 1 agreements, 0 provider checks." in out.getvalue()
