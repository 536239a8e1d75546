"""An administrator cannot give themselves case access, and every change of access is chained.

Each test replays one escalation the security test found through /admin/
(issue 7, item 3; docs/decisions/0011).
"""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts import services
from apps.accounts.models import Role, User
from apps.accounts.tests.factories import TeamFactory, role
from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.audit.services import audit_chain_verify

pytestmark = pytest.mark.django_db

ESCALATING_CAPABILITIES = ["people.view_person", "referrals.view_referral", "audit.search_all"]


def user_form(user: User, **overrides) -> dict:
    """What the admin's user change page posts, as the page would send it."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": user.role_id or "",
        "team": user.team_id or "",
        "clearance": user.clearance,
        "line_manager": user.line_manager_id or "",
        "job_title": user.job_title,
    }
    if user.is_active:
        data["is_active"] = "on"
    data.update(overrides)
    return data


def role_form(target: Role, **overrides) -> dict:
    data = {
        "name": target.name,
        "description": target.description,
        "capabilities": json.dumps(target.capabilities),
    }
    if target.sees_personal_data:
        data["sees_personal_data"] = "on"
    data.update(overrides)
    return data


def last_event() -> AuditEvent:
    return AuditEvent.objects.order_by("-sequence").first()


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.mark.parametrize("capability", ESCALATING_CAPABILITIES)
def test_administrator_cannot_add_a_personal_data_capability_to_their_role(
    admin_client, administrator, capability
):
    administrator_role = role("administrator")
    before = list(administrator_role.capabilities)
    response = admin_client.post(
        f"/admin/accounts/role/{administrator_role.pk}/change/",
        role_form(administrator_role, capabilities=json.dumps([*before, capability])),
    )
    assert response.status_code == 403
    administrator_role.refresh_from_db()
    assert administrator_role.capabilities == before
    event = last_event()
    assert event.action == AuditAction.ACCESS_DENIED
    assert event.actor == administrator
    assert capability in event.changes["capabilities"]["new"]
    assert audit_chain_verify().ok


@pytest.mark.parametrize("capability", ESCALATING_CAPABILITIES)
def test_the_administrator_role_refuses_personal_data_capabilities_from_a_script(capability):
    administrator_role = role("administrator")
    administrator_role.capabilities = [*administrator_role.capabilities, capability]
    with pytest.raises(ValidationError):
        administrator_role.full_clean()
    with pytest.raises(ValidationError):
        administrator_role.save()
    assert capability not in Role.objects.get(code="administrator").capabilities


def test_a_new_role_cannot_both_manage_users_and_read_people(admin_client, administrator):
    response = admin_client.post(
        "/admin/accounts/role/add/",
        {
            "code": "helper",
            "name": "Helper",
            "description": "",
            "capabilities": json.dumps(["accounts.manage_users", "people.view_person"]),
        },
    )
    assert response.status_code == 200
    assert "A role that manages users cannot read personal data" in response.content.decode()
    assert not Role.objects.filter(name="Helper").exists()
    event = last_event()
    assert event.action == AuditAction.ACCESS_DENIED
    assert event.actor == administrator


def test_adding_a_role_is_chained_with_its_capabilities(admin_client, administrator):
    response = admin_client.post(
        "/admin/accounts/role/add/",
        {
            "code": "partner_analyst",
            "name": "Partner analyst",
            "description": "",
            "capabilities": json.dumps(["reporting.view_aggregates"]),
        },
    )
    assert response.status_code == 302
    created = Role.objects.get(code="partner_analyst")
    event = last_event()
    assert event.action == AuditAction.CREATE
    assert event.object_id == str(created.pk)
    assert event.changes["capabilities"] == {"old": None, "new": ["reporting.view_aggregates"]}


def test_changing_another_roles_capabilities_is_chained_with_before_and_after(
    admin_client, administrator
):
    analyst_role = role("analyst")
    before = sorted(analyst_role.capabilities)
    response = admin_client.post(
        f"/admin/accounts/role/{analyst_role.pk}/change/",
        role_form(analyst_role, capabilities=json.dumps([])),
    )
    assert response.status_code == 302
    event = last_event()
    assert event.action == AuditAction.UPDATE
    assert event.actor == administrator
    assert event.object_id == str(analyst_role.pk)
    assert event.changes["capabilities"] == {"old": before, "new": []}
    assert audit_chain_verify().ok


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("team", lambda: TeamFactory(name="CTP SE Prevent – Kent").pk),
        ("clearance", lambda: "OFFICIAL-SENSITIVE"),
        ("role", lambda: role("supervisor").pk),
        ("is_superuser", lambda: "on"),
    ],
)
def test_nobody_changes_their_own_access(admin_client, administrator, field, value):
    User.objects.filter(pk=administrator.pk).update(clearance="OFFICIAL")
    administrator.refresh_from_db()
    response = admin_client.post(
        f"/admin/accounts/user/{administrator.pk}/change/",
        user_form(administrator, **{field: value()}),
    )
    assert response.status_code == 403
    stored = User.objects.get(pk=administrator.pk)
    assert (stored.team_id, stored.clearance, stored.role_id, stored.is_superuser) == (
        administrator.team_id,
        administrator.clearance,
        administrator.role_id,
        False,
    )
    event = last_event()
    assert event.action == AuditAction.ACCESS_DENIED
    assert event.actor == administrator
    assert event.object_id == str(administrator.pk)
    assert field in event.changes
    assert audit_chain_verify().ok


def test_administrator_may_still_edit_their_own_name(admin_client, administrator):
    response = admin_client.post(
        f"/admin/accounts/user/{administrator.pk}/change/",
        user_form(administrator, first_name="Adaeze"),
    )
    assert response.status_code == 302
    administrator.refresh_from_db()
    assert administrator.first_name == "Adaeze"


def test_own_access_fields_are_shown_read_only(admin_client, administrator):
    page = admin_client.get(f"/admin/accounts/user/{administrator.pk}/change/").content.decode()
    for field in ("role", "team", "clearance", "is_active", "is_superuser"):
        assert f'name="{field}"' not in page


def test_superuser_is_never_granted_through_the_web(admin_client, administrator, colleague):
    response = admin_client.post(
        f"/admin/accounts/user/{colleague.pk}/change/", user_form(colleague, is_superuser="on")
    )
    assert response.status_code == 403
    colleague.refresh_from_db()
    assert not colleague.is_superuser
    event = last_event()
    assert event.action == AuditAction.ACCESS_DENIED
    assert event.object_id == str(colleague.pk)
    page = admin_client.get(f"/admin/accounts/user/{colleague.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page


def test_administrator_moves_another_user_to_a_team_with_before_and_after(
    admin_client, administrator, colleague, team
):
    new_team = TeamFactory(name="CTP SE Prevent – Hampshire")
    response = admin_client.post(
        f"/admin/accounts/user/{colleague.pk}/change/", user_form(colleague, team=new_team.pk)
    )
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.team == new_team
    event = last_event()
    assert event.action == AuditAction.UPDATE
    assert event.actor == administrator
    assert event.object_id == str(colleague.pk)
    assert event.changes == {"team": {"old": team.name, "new": new_team.name}}
    assert audit_chain_verify().ok


def test_switching_an_account_off_is_chained(admin_client, colleague):
    form = user_form(colleague)
    del form["is_active"]
    response = admin_client.post(f"/admin/accounts/user/{colleague.pk}/change/", form)
    assert response.status_code == 302
    event = last_event()
    assert event.changes == {"is_active": {"old": True, "new": False}}


def test_creating_an_account_records_its_access(admin_client, administrator, team):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "username": "new.officer",
            "usable_password": "true",
            "password1": "a long synthetic passphrase",
            "password2": "a long synthetic passphrase",
            "role": role("case_officer").pk,
            "team": team.pk,
            "clearance": "OFFICIAL",
        },
    )
    assert response.status_code == 302
    created = User.objects.get(username="new.officer")
    event = last_event()
    assert event.action == AuditAction.CREATE
    assert event.object_id == str(created.pk)
    assert event.changes["role"] == {"old": None, "new": "case_officer"}
    assert event.changes["team"] == {"old": None, "new": team.name}


def test_the_service_refuses_a_change_to_ones_own_team(administrator):
    administrator.team = TeamFactory(name="CTP SE Prevent – Surrey")
    with pytest.raises(PermissionDenied):
        services.user_save(actor=administrator, user=administrator)
    assert User.objects.get(pk=administrator.pk).team_id is None
    assert last_event().action == AuditAction.ACCESS_DENIED


def test_the_service_refuses_a_change_to_the_role_one_holds(supervisor):
    supervisor_role = supervisor.role
    supervisor_role.capabilities = [*supervisor_role.capabilities, "audit.search_all"]
    with pytest.raises(PermissionDenied):
        services.role_check(actor=supervisor, role=supervisor_role)
    assert last_event().action == AuditAction.ACCESS_DENIED


def test_totp_secrets_are_not_shown_in_admin(admin_client, gateway_officer):
    device = TOTPDevice.objects.create(user=gateway_officer, name="Authenticator app")
    page = admin_client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert page.status_code == 200
    content = page.content.decode()
    assert device.key not in content
    assert 'name="key"' not in content
    assert admin_client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/").status_code in (
        302,
        404,
    )
    assert admin_client.get(f"/admin/otp_totp/totpdevice/{device.pk}/qrcode/").status_code in (
        302,
        404,
    )
    listing = admin_client.get("/admin/otp_totp/totpdevice/").content.decode()
    assert device.key not in listing


def test_static_tokens_are_not_shown_in_admin(admin_client, gateway_officer):
    device = StaticDevice.objects.create(user=gateway_officer, name="Backup codes")
    StaticToken.objects.create(device=device, token="synth123")
    page = admin_client.get(f"/admin/otp_static/staticdevice/{device.pk}/change/")
    assert page.status_code == 200
    assert "synth123" not in page.content.decode()


def test_administrator_cannot_change_a_device(admin_client, gateway_officer):
    device = TOTPDevice.objects.create(user=gateway_officer, name="Authenticator app")
    response = admin_client.post(
        f"/admin/otp_totp/totpdevice/{device.pk}/change/",
        {"user": gateway_officer.pk, "name": "Mine now", "confirmed": "on"},
    )
    assert response.status_code == 403
