"""Cyber Prevent's intervention types and the Computer Misuse Act sections (editable reference
data), and who may record live-investigation checks and letter deliveries."""

from django.db import migrations

from apps.accounts.role_data import grant, revoke
from apps.interventions.seed import CMA_SECTIONS, CYBER_TYPES

RECORDS = ["investigationcheck", "letterdelivery"]


def _all(actions):
    return [f"interventions.{action}_{model}" for model in RECORDS for action in actions]


OFFICER = _all(("view", "add"))
GRANTS = {
    "prevent_officer": OFFICER,
    "case_officer": OFFICER,
    "cyber_officer": OFFICER,
    "supervisor": OFFICER,
    "sio": _all(("view",)),
}


def seed(apps, schema_editor):
    InterventionType = apps.get_model("interventions", "InterventionType")
    CMASection = apps.get_model("interventions", "CMASection")
    Specialism = apps.get_model("partners", "ProviderSpecialism")
    for order, row in enumerate(CYBER_TYPES, start=1):
        code, name, needs_consent, specialism, check, meets, cease = row
        InterventionType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "scheme": "cyber",
                "needs_consent": needs_consent,
                "specialism": Specialism.objects.filter(code=specialism).first()
                if specialism
                else None,
                "needs_investigation_check": check,
                "meets_the_person": meets,
                "is_cease_and_desist": cease,
                "order": order,
            },
        )
    for order, (code, title) in enumerate(CMA_SECTIONS, start=1):
        CMASection.objects.get_or_create(code=code, defaults={"title": title, "order": order})


def unseed(apps, schema_editor):
    apps.get_model("interventions", "InterventionType").objects.filter(
        code__in=[row[0] for row in CYBER_TYPES]
    ).delete()
    apps.get_model("interventions", "CMASection").objects.filter(
        code__in=[code for code, _ in CMA_SECTIONS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0003_cyber_prevent_interventions"),
        ("partners", "0002_reference_lists_and_capabilities"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
        migrations.RunPython(
            lambda apps, _: grant(apps, GRANTS), lambda apps, _: revoke(apps, GRANTS)
        ),
    ]
