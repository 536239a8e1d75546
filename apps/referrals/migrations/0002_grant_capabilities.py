from django.db import migrations

from apps.accounts.role_data import grant, revoke

OFFICERS = ["gateway_officer", "prevent_officer", "case_officer", "cyber_officer"]
GRANTS = {
    "gateway_officer": [
        "referrals.view_referral",
        "referrals.add_referral",
        "referrals.change_referral",
        "gateway.add_gatewaydecision",
        "gateway.view_enquiry",
        "gateway.add_enquiry",
        "gateway.change_enquiry",
        "matching.add_matchdecision",
        "matching.view_externalnominal",
        "people.merge_person",
        "cases.view_case",
    ],
    "cyber_officer": [
        "referrals.view_referral",
        "referrals.add_referral",
        "referrals.change_referral",
        "gateway.add_gatewaydecision",
        "matching.add_matchdecision",
        "matching.view_externalnominal",
        "cases.view_case",
    ],
    "prevent_officer": ["referrals.view_referral", "cases.view_case"],
    "case_officer": ["referrals.view_referral", "cases.view_case"],
    "supervisor": [
        "referrals.view_referral",
        "referrals.add_referral",
        "referrals.change_referral",
        "gateway.add_gatewaydecision",
        "gateway.sign_off_gatewaydecision",
        "gateway.view_enquiry",
        "gateway.add_enquiry",
        "gateway.change_enquiry",
        "matching.add_matchdecision",
        "matching.view_externalnominal",
        "matching.add_externalnominal",
        "people.merge_person",
        "cases.view_case",
    ],
    "sio": ["referrals.view_referral", "referrals.change_referral", "cases.view_case"],
}


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_initial"), ("accounts", "0002_seed_roles")]

    operations = [
        migrations.RunPython(
            lambda apps, _: grant(apps, GRANTS), lambda apps, _: revoke(apps, GRANTS)
        )
    ]
