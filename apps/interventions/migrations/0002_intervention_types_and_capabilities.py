"""The Prevent intervention types (editable reference data) and who may record support."""

from django.db import migrations

from apps.accounts.role_data import grant, revoke
from apps.interventions.seed import PREVENT_TYPES

RECORDS = ["supportplan", "consentrecord", "intervention", "signposting"]


def _all(actions):
    return [f"interventions.{action}_{model}" for model in RECORDS for action in actions]


OFFICER = _all(("view", "add", "change"))
GRANTS = {
    "prevent_officer": OFFICER,
    "case_officer": OFFICER,
    "cyber_officer": OFFICER,
    "supervisor": OFFICER,
    "sio": _all(("view",)),
}


def seed_types(apps, schema_editor):
    InterventionType = apps.get_model("interventions", "InterventionType")
    Specialism = apps.get_model("partners", "ProviderSpecialism")
    for order, (code, name, needs_consent, specialism) in enumerate(PREVENT_TYPES, start=1):
        InterventionType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "scheme": "prevent",
                "needs_consent": needs_consent,
                "specialism": Specialism.objects.filter(code=specialism).first()
                if specialism
                else None,
                "order": order,
            },
        )


def unseed_types(apps, schema_editor):
    apps.get_model("interventions", "InterventionType").objects.filter(
        code__in=[code for code, *_ in PREVENT_TYPES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0001_support_plans_consent_interventions_signposting"),
        ("accounts", "0002_seed_roles"),
    ]

    operations = [
        migrations.RunPython(seed_types, unseed_types),
        migrations.RunPython(
            lambda apps, _: grant(apps, GRANTS), lambda apps, _: revoke(apps, GRANTS)
        ),
    ]
