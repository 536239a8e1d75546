from django.db import migrations

from apps.accounts.role_data import grant, revoke

GRANTS = {
    "gateway_officer": ["people.view_person", "people.add_person", "people.change_person"],
    "prevent_officer": ["people.view_person", "people.change_person"],
    "case_officer": ["people.view_person", "people.change_person"],
    "cyber_officer": ["people.view_person", "people.add_person", "people.change_person"],
    "supervisor": ["people.view_person", "people.change_person"],
    "sio": ["people.view_person"],
}


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial"), ("accounts", "0002_seed_roles")]

    operations = [
        migrations.RunPython(
            lambda apps, _: grant(apps, GRANTS), lambda apps, _: revoke(apps, GRANTS)
        )
    ]
