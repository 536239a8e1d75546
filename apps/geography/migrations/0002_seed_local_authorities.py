from django.db import migrations

# ONS codes of the 16 Thames Valley local authority districts as drawn in 2011,
# matching the LSOA boundaries shipped in apps/geography/data (OGL v3.0).
LOCAL_AUTHORITIES = [
    ("E06000036", "Bracknell Forest"),
    ("E06000037", "West Berkshire"),
    ("E06000038", "Reading"),
    ("E06000039", "Slough"),
    ("E06000040", "Windsor and Maidenhead"),
    ("E06000041", "Wokingham"),
    ("E06000042", "Milton Keynes"),
    ("E07000004", "Aylesbury Vale"),
    ("E07000005", "Chiltern"),
    ("E07000006", "South Bucks"),
    ("E07000007", "Wycombe"),
    ("E07000177", "Cherwell"),
    ("E07000178", "Oxford"),
    ("E07000179", "South Oxfordshire"),
    ("E07000180", "Vale of White Horse"),
    ("E07000181", "West Oxfordshire"),
]


def seed(apps, schema_editor):
    LocalAuthority = apps.get_model("geography", "LocalAuthority")
    for code, name in LOCAL_AUTHORITIES:
        LocalAuthority.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("geography", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
