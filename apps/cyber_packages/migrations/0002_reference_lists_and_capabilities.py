from django.db import migrations

from apps.accounts.role_data import grant, revoke
from apps.cyber_packages.seed import FORCES, GRANTS, LEAD_AGENCIES


def seed(apps, schema_editor):
    LeadAgency = apps.get_model("cyber_packages", "LeadAgency")
    for order, (code, name) in enumerate(LEAD_AGENCIES):
        LeadAgency.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    Force = apps.get_model("cyber_packages", "Force")
    for order, (code, name, areas) in enumerate(FORCES):
        Force.objects.update_or_create(
            code=code, defaults={"name": name, "order": order, "postcode_areas": areas}
        )
    grant(apps, GRANTS)


def unseed(apps, schema_editor):
    revoke(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("cyber_packages", "0001_operations_packages_and_subjects"),
        ("accounts", "0002_seed_roles"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
