import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.tests.factories import TEST_PASSWORD
from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def require_2fa(settings):
    settings.REQUIRE_2FA = True


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def sign_in(client):
    return client.post(
        reverse("accounts:login"), {"username": "gateway.officer", "password": TEST_PASSWORD}
    )


def test_first_sign_in_must_enrol_an_authenticator(client, gateway_officer):
    sign_in(client)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor"))
    page = client.get(response.url)
    assert "Set up two-factor authentication" in page.content.decode()
    device = TOTPDevice.objects.get(user=gateway_officer, confirmed=False)
    response = client.post(reverse("accounts:two_factor"), {"token": current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("core:home")).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR_ENROLLED).exists()


def test_enrolled_user_must_enter_a_code_each_sign_in(client, gateway_officer):
    device = TOTPDevice.objects.create(user=gateway_officer, name="app", confirmed=True)
    sign_in(client)
    page = client.get(reverse("accounts:two_factor"))
    assert "Enter your security code" in page.content.decode()
    client.post(reverse("accounts:two_factor"), {"token": current_code(device)})
    assert client.get(reverse("core:home")).status_code == 200


def test_wrong_code_is_refused_with_a_specific_error(client, gateway_officer):
    TOTPDevice.objects.create(user=gateway_officer, name="app", confirmed=True)
    sign_in(client)
    response = client.post(reverse("accounts:two_factor"), {"token": "000000"})
    assert response.status_code == 200
    assert "The security code is not correct" in response.content.decode()
    assert client.get(reverse("core:home")).status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR_FAILED).exists()


def test_malformed_code_is_refused(client, gateway_officer):
    TOTPDevice.objects.create(user=gateway_officer, name="app", confirmed=True)
    sign_in(client)
    response = client.post(reverse("accounts:two_factor"), {"token": "12ab56"})
    assert "The security code must be 6 digits" in response.content.decode()


def test_api_refuses_a_user_who_has_not_passed_two_factor(client, supervisor):
    client.force_login(supervisor)
    response = client.get("/api/v1/audit/events/")
    assert response.status_code == 403


def test_two_factor_is_off_when_not_required(client, settings, gateway_officer):
    settings.REQUIRE_2FA = False
    sign_in(client)
    assert client.get(reverse("core:home")).status_code == 200
