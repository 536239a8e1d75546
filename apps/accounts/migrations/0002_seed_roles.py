from django.db import migrations

from apps.accounts.role_data import CAPABILITIES, NO_PERSONAL_DATA, ROLES


def seed_roles(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, name, description in ROLES:
        Role.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "description": description,
                "capabilities": CAPABILITIES.get(code, []),
                "sees_personal_data": code not in NO_PERSONAL_DATA,
            },
        )


def remove_roles(apps, schema_editor):
    apps.get_model("accounts", "Role").objects.filter(
        code__in=[code for code, _, _ in ROLES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(seed_roles, remove_roles)]
