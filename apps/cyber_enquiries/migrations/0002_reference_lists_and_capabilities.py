from django.db import migrations

from apps.accounts.role_data import grant, revoke
from apps.cyber_enquiries.seed import GRANTS, LISTS


def seed(apps, schema_editor):
    for model_name, items in LISTS.items():
        model = apps.get_model("cyber_enquiries", model_name)
        for order, (code, name) in enumerate(items):
            model.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    grant(apps, GRANTS)


def unseed(apps, schema_editor):
    revoke(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("cyber_enquiries", "0001_enquiries_campaigns_and_reference_lists"),
        ("accounts", "0002_seed_roles"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
