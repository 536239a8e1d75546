from django.db import migrations

from apps.accounts.role_data import grant, revoke

# Supervisors search their own team's activity; the data protection officer searches all.
GRANTS = {"data_protection": ["audit.search_all"]}


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only"), ("accounts", "0002_seed_roles")]

    operations = [
        migrations.RunPython(
            lambda apps, _: grant(apps, GRANTS), lambda apps, _: revoke(apps, GRANTS)
        )
    ]
