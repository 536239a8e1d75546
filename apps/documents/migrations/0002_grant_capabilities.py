from django.db import migrations

from apps.accounts.role_data import grant, revoke

GENERATE = ["documents.generate_document"]
GRANTS = {
    "prevent_officer": GENERATE,
    "case_officer": GENERATE,
    "cyber_officer": GENERATE,
    "supervisor": GENERATE,
    "sio": GENERATE,
    # Templates hold no case content: the administrator edits them.
    "administrator": ["documents.change_documenttemplate"],
}


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_templates_and_calendar_feeds"),
        ("accounts", "0002_seed_roles"),
    ]

    operations = [
        migrations.RunPython(
            lambda apps, _: grant(apps, GRANTS), lambda apps, _: revoke(apps, GRANTS)
        )
    ]
