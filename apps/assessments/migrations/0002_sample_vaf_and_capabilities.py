"""The sample framework (the 2012 VAF, 22 factors in three dimensions) and who may use assessments."""

from django.db import migrations

from apps.accounts.role_data import grant, revoke
from apps.assessments.frameworks import sample_framework

OFFICER = [
    "assessments.view_assessment",
    "assessments.add_assessment",
    "assessments.change_assessment",
]
GRANTS = {
    "prevent_officer": OFFICER,
    "case_officer": OFFICER,
    "cyber_officer": OFFICER,
    "supervisor": [*OFFICER, "assessments.sign_off_assessment"],
    "sio": ["assessments.view_assessment"],
    # Frameworks are reference data: no case content comes with loading one.
    "administrator": ["assessments.add_assessmentframework"],
}


def load_sample(apps, schema_editor):
    Framework = apps.get_model("assessments", "AssessmentFramework")
    Dimension = apps.get_model("assessments", "FrameworkDimension")
    Factor = apps.get_model("assessments", "FrameworkFactor")
    data = sample_framework()
    if Framework.objects.filter(name=data["name"], version=data["version"]).exists():
        return
    framework = Framework.objects.create(
        name=data["name"],
        version=data["version"],
        description=data["description"],
        is_current=not Framework.objects.filter(is_current=True).exists(),
        source=data,
    )
    for order, dimension in enumerate(data["dimensions"], start=1):
        row = Dimension.objects.create(
            framework=framework,
            code=dimension["code"],
            name=dimension["name"],
            description=dimension["description"],
            order=order,
        )
        for number, factor in enumerate(dimension["factors"], start=1):
            Factor.objects.create(dimension=row, order=number, **factor)


def unload_sample(apps, schema_editor):
    data = sample_framework()
    apps.get_model("assessments", "AssessmentFramework").objects.filter(
        name=data["name"], version=data["version"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0001_frameworks_and_assessments"),
        ("accounts", "0002_seed_roles"),
    ]

    operations = [
        migrations.RunPython(load_sample, unload_sample),
        migrations.RunPython(
            lambda apps, _: grant(apps, GRANTS), lambda apps, _: revoke(apps, GRANTS)
        ),
    ]
