import time

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts.middleware import LAST_ACTIVITY, SESSION_STARTED
from apps.accounts.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def age_session(client, **offsets):
    session = client.session
    for key, seconds in offsets.items():
        session[key] = time.time() - seconds
    session.save()


def test_session_ends_after_the_idle_timeout(client, gateway_officer, settings):
    client.force_login(gateway_officer)
    assert client.get(reverse("core:home")).status_code == 200
    age_session(client, **{LAST_ACTIVITY: settings.SESSION_IDLE_TIMEOUT_SECONDS + 5})
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert client.get(reverse("core:home")).status_code == 302


def test_activity_keeps_the_session_alive(client, gateway_officer, settings):
    client.force_login(gateway_officer)
    client.get(reverse("core:home"))
    age_session(client, **{LAST_ACTIVITY: settings.SESSION_IDLE_TIMEOUT_SECONDS - 60})
    assert client.get(reverse("core:home")).status_code == 200


def test_session_ends_at_the_absolute_limit_however_active(client, gateway_officer, settings):
    client.force_login(gateway_officer)
    client.get(reverse("core:home"))
    age_session(client, **{SESSION_STARTED: settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS + 5})
    assert client.get(reverse("core:home")).status_code == 302


def test_api_answers_401_when_the_session_has_expired(client, supervisor, settings):
    client.force_login(supervisor)
    client.get(reverse("core:home"))
    age_session(client, **{LAST_ACTIVITY: settings.SESSION_IDLE_TIMEOUT_SECONDS + 5})
    assert client.get("/api/v1/audit/events/").status_code == 401


def test_password_change_ends_other_sessions_but_keeps_this_one(gateway_officer):
    this_browser, other_browser = Client(), Client()
    for browser in (this_browser, other_browser):
        browser.post(
            reverse("accounts:login"), {"username": "gateway.officer", "password": TEST_PASSWORD}
        )
        assert browser.get(reverse("core:home")).status_code == 200
    response = this_browser.post(
        reverse("accounts:password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "lantern orchard meadow violin",
            "new_password2": "lantern orchard meadow violin",
        },
    )
    assert response.status_code == 302
    assert this_browser.get(reverse("core:home")).status_code == 200
    assert other_browser.get(reverse("core:home")).status_code == 302


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short pass", "too short"),
        ("password1234", "too common"),
        ("123456789012345", "entirely numeric"),
    ],
)
def test_weak_passwords_are_refused(client, gateway_officer, password, message):
    client.force_login(gateway_officer)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    gateway_officer.refresh_from_db()
    assert gateway_officer.check_password(TEST_PASSWORD)
