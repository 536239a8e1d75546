from django.db import migrations

from apps.accounts.role_data import grant, revoke
from apps.partners.seed import AGE_GROUPS, LANGUAGES, SECTORS, SPECIALISMS

DIRECTORY = ["provider", "organisation", "contact", "briefing", "engagement", "network"]


def _all(models):
    return [
        f"partners.{action}_{model}" for model in models for action in ("view", "add", "change")
    ]


GRANTS = {
    "prevent_officer": _all(DIRECTORY),
    "cyber_officer": _all(DIRECTORY),
    "supervisor": _all(DIRECTORY),
    "case_officer": [f"partners.view_{model}" for model in DIRECTORY],
    "gateway_officer": ["partners.view_provider", "partners.view_organisation"],
    # Counts and coverage, never a contact: no partners.view_contact.
    "analyst": [
        "partners.view_provider",
        "partners.view_organisation",
        "partners.view_briefing",
        "partners.view_engagement",
        "partners.view_network",
    ],
}

LISTS = {
    "PartnerSector": SECTORS,
    "ProviderSpecialism": SPECIALISMS,
    "Language": LANGUAGES,
    "AgeGroup": AGE_GROUPS,
}


def seed(apps, schema_editor):
    for model_name, items in LISTS.items():
        model = apps.get_model("partners", model_name)
        for order, (code, name) in enumerate(items):
            model.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    grant(apps, GRANTS)


def unseed(apps, schema_editor):
    revoke(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_providers"), ("accounts", "0002_seed_roles")]

    operations = [migrations.RunPython(seed, unseed)]
