"""The review schedules per case type and the systems a re-offending check searches.

Channel and police-led partnership: post-exit reviews 6 and 12 months after exit, extendable
to 24. Cyber Prevent: re-offending checks when the intervention ends and 6, 12 and 24 months
after (these take the place of post-exit reviews). Administrators edit both lists.
"""

from django.db import migrations

SCHEDULES = [
    # case type, kind, anchor, months, only when extended
    ("channel", "post_exit_review", "exit", 6, False),
    ("channel", "post_exit_review", "exit", 12, False),
    ("channel", "post_exit_review", "exit", 24, True),
    ("plp", "post_exit_review", "exit", 6, False),
    ("plp", "post_exit_review", "exit", 12, False),
    ("plp", "post_exit_review", "exit", 24, True),
    ("cyber", "reoffending_check", "intervention_end", 0, False),
    ("cyber", "reoffending_check", "intervention_end", 6, False),
    ("cyber", "reoffending_check", "intervention_end", 12, False),
    ("cyber", "reoffending_check", "intervention_end", 24, False),
]

SYSTEMS = [
    ("pnc", "Police National Computer (PNC)"),
    ("niche", "Niche records management"),
    ("action_fraud", "Action Fraud"),
    ("nccu_intelligence", "NCCU intelligence"),
    ("rocu_intelligence", "ROCU intelligence"),
    ("prevent_referrals", "Prevent referrals (this service)"),
]


def seed(apps, _):
    ReviewSchedule = apps.get_model("cases", "ReviewSchedule")
    CheckSystem = apps.get_model("cases", "CheckSystem")
    for case_type, kind, anchor, months, on_extension in SCHEDULES:
        ReviewSchedule.objects.get_or_create(
            case_type=case_type,
            kind=kind,
            offset_months=months,
            defaults={"anchor": anchor, "on_extension": on_extension},
        )
    for order, (code, name) in enumerate(SYSTEMS):
        CheckSystem.objects.get_or_create(code=code, defaults={"name": name, "order": order})


def unseed(apps, _):
    apps.get_model("cases", "ReviewSchedule").objects.all().delete()
    apps.get_model("cases", "CheckSystem").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_review_schedule_and_reoffending_checks")]

    operations = [migrations.RunPython(seed, unseed)]
