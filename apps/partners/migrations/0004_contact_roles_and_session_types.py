from django.db import migrations

from apps.partners.seed import CONTACT_ROLES, SESSION_TYPES

LISTS = {"ContactRole": CONTACT_ROLES, "SessionType": SESSION_TYPES}


def seed(apps, schema_editor):
    for model_name, items in LISTS.items():
        model = apps.get_model("partners", model_name)
        for order, (code, name) in enumerate(items):
            model.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("partners", "0003_directory_engagement_briefings")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
