from django.db import migrations

from apps.accounts.role_data import grant, revoke

WORK = ["cases.view_case", "cases.change_case"]
GRANTS = {
    "prevent_officer": WORK,
    "case_officer": WORK,
    "cyber_officer": WORK,
    "supervisor": [*WORK, "cases.supervise_case"],
    "sio": [*WORK, "cases.restrict_case", "cases.direct_case"],
}


def link_originating_referrals(apps, _):
    """Cases opened before the link table: their referral is the originating one."""
    Case = apps.get_model("cases", "Case")
    CaseReferral = apps.get_model("cases", "CaseReferral")
    for case in Case.objects.all():
        CaseReferral.objects.get_or_create(
            case=case,
            referral_id=case.referral_id,
            defaults={"link": "originating", "created_by_id": case.created_by_id},
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_case_record"), ("accounts", "0002_seed_roles")]

    operations = [
        migrations.RunPython(
            lambda apps, _: grant(apps, GRANTS), lambda apps, _: revoke(apps, GRANTS)
        ),
        migrations.RunPython(link_originating_referrals, migrations.RunPython.noop),
    ]
