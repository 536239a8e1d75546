"""Misuse alerts for the data protection officer: patterns of staff access (ADR 0017)."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_seal_events_without_a_lock"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="MisuseAlert",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "rule",
                    models.CharField(
                        choices=[
                            ("records_outside_team", "Viewed many records outside their team"),
                            ("repeated_break_glass", "Used break-glass access repeatedly"),
                            ("colleague_name_search", "Searched for a colleague's name"),
                        ],
                        db_index=True,
                        max_length=40,
                    ),
                ),
                ("summary", models.CharField(max_length=300)),
                ("raised_at", models.DateTimeField()),
                ("last_event_at", models.DateTimeField()),
                (
                    "status",
                    models.CharField(
                        choices=[("open", "Open"), ("reviewed", "Reviewed")],
                        db_index=True,
                        default="open",
                        max_length=20,
                    ),
                ),
                ("reviewed_at", models.DateTimeField(blank=True, null=True)),
                ("review_note", models.TextField(blank=True)),
                (
                    "actor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "reviewed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-raised_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="MisuseAlertEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "alert",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to="audit.misusealert"
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="misusealertevent",
            name="event",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="audit.auditevent",
            ),
        ),
        migrations.AddField(
            model_name="misusealert",
            name="events",
            field=models.ManyToManyField(
                related_name="+", through="audit.MisuseAlertEvent", to="audit.auditevent"
            ),
        ),
        migrations.AddConstraint(
            model_name="misusealertevent",
            constraint=models.UniqueConstraint(
                fields=("alert", "event"), name="audit_alert_event_once"
            ),
        ),
    ]
