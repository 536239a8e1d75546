from django.db import migrations

from apps.reference.seed import (
    CONCERN_TYPES_2024,
    CONCERN_TYPES_LEGACY,
    SECTORS,
    SUPPORT_SERVICES,
)


def seed(apps, schema_editor):
    ReferralSector = apps.get_model("reference", "ReferralSector")
    ConcernType = apps.get_model("reference", "ConcernType")
    SupportService = apps.get_model("reference", "SupportService")
    for order, (code, name) in enumerate(SECTORS):
        ReferralSector.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    for order, (code, name) in enumerate(SUPPORT_SERVICES):
        SupportService.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    current = {}
    for order, (code, name) in enumerate(CONCERN_TYPES_2024):
        current[code], _ = ConcernType.objects.update_or_create(
            scheme="2024/25", code=code, defaults={"name": name, "order": order}
        )
    for order, (code, name, maps_to) in enumerate(CONCERN_TYPES_LEGACY):
        ConcernType.objects.update_or_create(
            scheme="2020/21",
            code=code,
            defaults={
                "name": name,
                "order": order,
                "maps_to": current[maps_to],
                "is_active": False,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
