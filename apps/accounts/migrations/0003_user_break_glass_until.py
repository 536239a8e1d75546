"""The user's `break_glass_until`: when their last break-glass grant expires (ADR 0042).

Filled from the grants already held, so that no open grant is missed after the upgrade.
"""

from django.db import migrations, models
from django.db.models import Max, OuterRef, Subquery


def fill_from_grants(apps, schema_editor):
    user_model = apps.get_model("accounts", "User")
    grant_model = apps.get_model("accounts", "BreakGlassGrant")
    latest = (
        grant_model.objects.filter(user=OuterRef("pk"))
        .values("user")
        .annotate(latest=Max("expires_at"))
        .values("latest")
    )
    user_model.objects.filter(pk__in=grant_model.objects.values("user")).update(
        break_glass_until=Subquery(latest)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_seed_roles"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="break_glass_until",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="When the last break-glass grant this user was given expires; "
                "access reads the user's grants only before then (kept by "
                "BreakGlassGrant.save).",
                null=True,
            ),
        ),
        migrations.RunPython(fill_from_grants, migrations.RunPython.noop),
    ]
