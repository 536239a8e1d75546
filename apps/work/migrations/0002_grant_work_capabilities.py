from django.db import migrations

from apps.accounts.role_data import grant, revoke

# Officers take work and keep tasks; supervisors also allocate to others and reallocate.
OFFICER = ["work.add_allocation", "work.view_task", "work.add_task", "work.change_task"]
GRANTS = {
    "gateway_officer": OFFICER,
    "prevent_officer": OFFICER,
    "case_officer": OFFICER,
    "cyber_officer": OFFICER,
    "supervisor": [*OFFICER, "work.change_allocation"],
    "sio": ["work.view_task", "work.add_task", "work.change_task"],
}


class Migration(migrations.Migration):
    dependencies = [("work", "0001_allocations_and_tasks"), ("accounts", "0002_seed_roles")]

    operations = [
        migrations.RunPython(
            lambda apps, _: grant(apps, GRANTS), lambda apps, _: revoke(apps, GRANTS)
        )
    ]
