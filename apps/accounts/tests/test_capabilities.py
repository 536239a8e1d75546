"""Which capabilities read personal data, walked over every capability the service knows."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError

from apps.accounts.capabilities import (
    NON_PERSONAL_DATA_MODELS,
    PERSONAL_DATA_GLOBAL_CAPABILITIES,
    reads_personal_data,
)
from apps.accounts.models import Role
from apps.core.access import GLOBAL_CAPABILITIES

pytestmark = pytest.mark.django_db


def every_capability() -> set[str]:
    """Global capabilities, every model permission, and whatever any role holds now."""
    known = set(GLOBAL_CAPABILITIES)
    known |= {
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.values_list(
            "content_type__app_label", "codename"
        )
    }
    for stored in Role.objects.all():
        known |= set(stored.capabilities)
    return known


def administrator_with(capability: str) -> Role:
    return Role(
        code="administrator",
        name="Administrator",
        capabilities=["accounts.manage_users", capability],
        sees_personal_data=False,
    )


def test_walking_every_capability_the_administrator_role_refuses_exactly_personal_data():
    capabilities = every_capability()
    assert len(capabilities) > 100
    refused = set()
    for capability in sorted(capabilities):
        try:
            administrator_with(capability).check_capabilities()
        except ValidationError:
            refused.add(capability)
    assert refused == {code for code in capabilities if reads_personal_data(code)}
    assert "accounts.manage_users" not in refused
    assert "reporting.view_aggregates" not in refused
    assert PERSONAL_DATA_GLOBAL_CAPABILITIES <= refused


@pytest.mark.parametrize(
    "capability",
    [
        "people.view_person",
        "people.merge_person",
        "referrals.view_referral",
        "referrals.view_referralattachment",
        "gateway.view_enquiry",
        "gateway.sign_off_gatewaydecision",
        "matching.view_externalnominal",
        "cases.view_case",
        "audit.view_auditevent",
        "audit.search",
        "audit.search_all",
        "audit.view_record_history",
        "accounts.break_glass",
        "accounts.view_user",
        "otp_totp.view_totpdevice",
        "django_tasks_database.view_dbtaskresult",
        "newapp.view_something",
    ],
)
def test_capability_reads_personal_data(capability):
    assert reads_personal_data(capability)


@pytest.mark.parametrize(
    "capability",
    [
        "accounts.manage_users",
        "reporting.view_aggregates",
        "accounts.change_team",
        "reference.change_concerntype",
        "geography.view_lsoa",
    ],
)
def test_capability_reads_no_personal_data(capability):
    assert not reads_personal_data(capability)


def test_every_record_model_counts_as_personal_data():
    """A model under need-to-know access (it has a protective marking) is never reference data."""
    for model in apps.get_models():
        field_names = {field.name for field in model._meta.get_fields()}
        if "protective_marking" in field_names:
            assert model._meta.label_lower not in NON_PERSONAL_DATA_MODELS
            assert reads_personal_data(f"{model._meta.app_label}.view_{model._meta.model_name}")


def test_the_seeded_administrator_role_reads_no_personal_data():
    administrator_role = Role.objects.get(code="administrator")
    assert not [code for code in administrator_role.capabilities if reads_personal_data(code)]
    assert not administrator_role.sees_personal_data


def test_every_stored_role_passes_the_check():
    for stored in Role.objects.all():
        stored.check_capabilities()


def test_a_role_holding_manage_users_is_held_to_the_same_rule():
    helper = Role(code="helper", name="Helper", sees_personal_data=False)
    helper.capabilities = ["accounts.manage_users", "people.view_person"]
    with pytest.raises(ValidationError):
        helper.save()
    helper.capabilities = ["people.view_person"]
    helper.sees_personal_data = True
    helper.save()
