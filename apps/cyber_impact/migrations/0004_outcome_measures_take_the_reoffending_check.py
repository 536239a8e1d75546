"""An outcome measure's re-referral or re-offending part is the case's re-offending check for
the same point (apps.cases), done by a person: linked, no longer typed into the measure."""

import django.db.models.deletion
from django.db import migrations, models

MONTHS = {"end": 0, "6m": 6, "12m": 12, "24m": 24}


def link_checks(apps, schema_editor):
    OutcomeMeasure = apps.get_model("cyber_impact", "OutcomeMeasure")
    ReoffendingCheck = apps.get_model("cases", "ReoffendingCheck")
    for measure in OutcomeMeasure.objects.filter(reoffending_check__isnull=True):
        check = (
            ReoffendingCheck.objects.filter(
                case_id=measure.case_id,
                anchor="intervention_end",
                offset_months=MONTHS[measure.point],
            )
            .exclude(status="cancelled")
            .order_by("-anchored_on", "-created_at")
            .first()
        )
        if check is not None:
            measure.reoffending_check = check
            measure.save(update_fields=["reoffending_check"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_case_transfer_awaits_the_receiving_team"),
        ("cyber_impact", "0003_reports_need_view_aggregates"),
    ]

    operations = [
        migrations.AddField(
            model_name="outcomemeasure",
            name="reoffending_check",
            field=models.ForeignKey(
                blank=True,
                help_text="The case's re-offending check for the same point: the measure's "
                "re-referral or re-offending part is that check's result, never typed in again",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="outcome_measures",
                to="cases.reoffendingcheck",
                verbose_name="re-offending check",
            ),
        ),
        migrations.RunPython(link_checks, migrations.RunPython.noop),
        migrations.RemoveField(model_name="outcomemeasure", name="reoffending"),
        migrations.RemoveField(model_name="outcomemeasure", name="reoffending_checked_on"),
        migrations.RemoveField(model_name="outcomemeasure", name="reoffending_checked_by"),
        migrations.RemoveField(model_name="outcomemeasure", name="systems_checked"),
    ]
