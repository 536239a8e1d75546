import pytest
from django.urls import reverse

from apps.accounts.tests.factories import TEST_PASSWORD
from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def sign_in(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


@pytest.mark.smoke
def test_it_signs_in_and_records_the_login(client, gateway_officer):
    response = sign_in(client, "gateway.officer", TEST_PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    event = AuditEvent.objects.filter(action=AuditAction.LOGIN).get()
    assert event.actor == gateway_officer
    assert event.ip_address == "127.0.0.1"


def test_wrong_password_is_refused_with_an_error_summary_and_audited(client, gateway_officer):
    response = sign_in(client, "gateway.officer", "not the password at all")
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    failed = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert failed.actor_username == "gateway.officer"
    assert "not the password" not in str(failed.detail)


def test_account_locks_after_five_failures_even_with_the_right_password(client, gateway_officer):
    for _ in range(5):
        sign_in(client, "gateway.officer", "wrong password attempt")
    response = sign_in(client, "gateway.officer", TEST_PASSWORD)
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.LOCKED_OUT).exists()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account_not_per_address(client, gateway_officer, colleague):
    for _ in range(5):
        sign_in(client, "gateway.officer", "wrong password attempt")
    response = sign_in(client, "prevent.officer", TEST_PASSWORD)
    assert response.status_code == 302


def test_sign_out_records_the_logout_and_only_accepts_post(client, gateway_officer):
    client.force_login(gateway_officer)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor=gateway_officer).exists()


def test_inactive_user_cannot_sign_in(client, gateway_officer):
    gateway_officer.is_active = False
    gateway_officer.save()
    response = sign_in(client, "gateway.officer", TEST_PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
