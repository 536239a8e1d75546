"""The national intelligence requirements (editable reference data) and who may record impact."""

from django.db import migrations

from apps.accounts.role_data import grant, revoke
from apps.cyber_impact.seed import REQUIREMENTS

RECORDS = ["intelligenceinterview", "outcomemeasure"]
RECORD = [
    f"cyber_impact.{action}_{model}" for model in RECORDS for action in ("view", "add", "change")
]
REPORT = ["cyber_impact.view_impact_report"]
GRANTS = {
    "cyber_officer": [*RECORD, *REPORT],
    "supervisor": [*RECORD, *REPORT],
    "analyst": REPORT,
}


def seed_requirements(apps, schema_editor):
    Requirement = apps.get_model("cyber_impact", "IntelligenceRequirement")
    Option = apps.get_model("cyber_impact", "RequirementOption")
    for order, (code, name, question, multiple, options) in enumerate(REQUIREMENTS, start=1):
        requirement, _ = Requirement.objects.get_or_create(
            code=code,
            defaults={"name": name, "question": question, "multiple": multiple, "order": order},
        )
        for option_order, (option_code, label) in enumerate(options, start=1):
            Option.objects.get_or_create(
                requirement=requirement,
                code=option_code,
                defaults={"label": label, "order": option_order},
            )


def unseed_requirements(apps, schema_editor):
    apps.get_model("cyber_impact", "IntelligenceRequirement").objects.filter(
        code__in=[code for code, *_ in REQUIREMENTS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cyber_impact", "0001_interviews_and_outcome_measures"),
        ("accounts", "0002_seed_roles"),
    ]

    operations = [
        migrations.RunPython(seed_requirements, unseed_requirements),
        migrations.RunPython(
            lambda apps, _: grant(apps, GRANTS), lambda apps, _: revoke(apps, GRANTS)
        ),
    ]
