from django.db import migrations

from apps.geography.loading import load_lsoas


def load(apps, schema_editor):
    load_lsoas(apps.get_model("geography", "LSOA"), apps.get_model("geography", "LocalAuthority"))


class Migration(migrations.Migration):
    dependencies = [("geography", "0002_seed_local_authorities")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
