"""Seal events instead of chaining them on the request path (ADR 0017).

The event's number becomes its primary key, given by the database on insert. The
chain built under ADR 0004 becomes the first seals: each legacy event is sealed at
its own sequence with its own hash, so it stays verifiable as it was, and the new
chain continues from the old head. Seals, checkpoints and archives are append-only
in the database as the events are.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

APPEND_ONLY_TABLES = ("audit_auditseal", "audit_auditcheckpoint", "audit_auditarchive")


def seal_the_legacy_chain(apps, schema_editor):
    """Each event chained under ADR 0004 is sealed at its sequence with its own hash."""
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    AuditSealState = apps.get_model("audit", "AuditSealState")
    head = AuditChainHead.objects.filter(pk=1).first()
    position = head.sequence if head else 0
    chain_hash = head.last_hash if head else "0" * 64
    schema_editor.execute(
        "INSERT INTO audit_auditseal (position, event_id, event_hash, chain_hash, sealed_at) "
        "SELECT sequence, sequence, hash, hash, occurred_at FROM audit_auditevent "
        "WHERE sequence <= %s",
        [position],
    )
    AuditSealState.objects.update_or_create(
        pk=1,
        defaults={"position": position, "chain_hash": chain_hash, "floor": position},
    )


def add_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for table in APPEND_ONLY_TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()"
            )
    elif vendor == "sqlite":
        # Remaking the events table (its primary key changed) dropped its triggers.
        for table in ("audit_auditevent", *APPEND_ONLY_TABLES):
            for operation in ("UPDATE", "DELETE"):
                name = f"{table}_no_{operation.lower()}"
                if table == "audit_auditevent":
                    name = f"audit_event_no_{operation.lower()}"
                schema_editor.execute(
                    f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {operation} ON {table} "
                    "BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;"
                )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in APPEND_ONLY_TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_search_all_capability"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditArchive",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("first_position", models.PositiveBigIntegerField()),
                ("last_position", models.PositiveBigIntegerField(unique=True)),
                ("previous_chain_hash", models.CharField(max_length=64)),
                ("last_chain_hash", models.CharField(max_length=64)),
                ("checkpoint", models.JSONField()),
                ("file_name", models.CharField(max_length=300)),
                ("file_sha256", models.CharField(max_length=64)),
                ("event_count", models.PositiveBigIntegerField()),
                ("oldest_event_at", models.DateTimeField()),
                ("newest_event_at", models.DateTimeField()),
                ("archived_at", models.DateTimeField()),
            ],
            options={
                "ordering": ["last_position"],
            },
        ),
        migrations.CreateModel(
            name="AuditCheckpoint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("size", models.PositiveBigIntegerField()),
                ("chain_hash", models.CharField(max_length=64)),
                ("created_at", models.DateTimeField()),
                ("key_id", models.CharField(max_length=64)),
                ("signature", models.CharField(max_length=128)),
            ],
            options={
                "ordering": ["-size", "-id"],
                "get_latest_by": "size",
            },
        ),
        migrations.CreateModel(
            name="AuditSeal",
            fields=[
                ("position", models.PositiveBigIntegerField(primary_key=True, serialize=False)),
                ("event_hash", models.CharField(max_length=64)),
                ("chain_hash", models.CharField(max_length=64)),
                ("sealed_at", models.DateTimeField()),
            ],
            options={
                "ordering": ["position"],
            },
        ),
        migrations.CreateModel(
            name="AuditSealState",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False),
                ),
                ("position", models.PositiveBigIntegerField(default=0)),
                ("chain_hash", models.CharField(max_length=64)),
                ("floor", models.PositiveBigIntegerField(default=0)),
                ("pending_floor", models.PositiveBigIntegerField(default=0)),
                ("pending_since", models.DateTimeField(blank=True, null=True)),
                ("checkpointed_at", models.DateTimeField(blank=True, null=True)),
            ],
        ),
        migrations.RemoveField(
            model_name="auditevent",
            name="id",
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(max_length=64),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="sequence",
            field=models.BigAutoField(primary_key=True, serialize=False),
        ),
        migrations.AddField(
            model_name="auditseal",
            name="event",
            field=models.OneToOneField(
                db_constraint=False,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="seal",
                to="audit.auditevent",
            ),
        ),
        migrations.RunPython(seal_the_legacy_chain, migrations.RunPython.noop),
        migrations.RunPython(add_triggers, drop_triggers),
        migrations.DeleteModel(
            name="AuditChainHead",
        ),
    ]
