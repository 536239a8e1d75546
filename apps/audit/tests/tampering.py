"""Going behind the application's back, as an attacker with the database would."""

from django.db import connection

TRIGGERS = {
    "postgresql": [
        ("audit_event_append_only", "audit_auditevent"),
        ("audit_auditseal_append_only", "audit_auditseal"),
        ("audit_auditcheckpoint_append_only", "audit_auditcheckpoint"),
        ("audit_auditarchive_append_only", "audit_auditarchive"),
    ],
    "sqlite": [
        ("audit_event_no_update", ""),
        ("audit_event_no_delete", ""),
        ("audit_auditseal_no_update", ""),
        ("audit_auditseal_no_delete", ""),
        ("audit_auditcheckpoint_no_update", ""),
        ("audit_auditcheckpoint_no_delete", ""),
        ("audit_auditarchive_no_update", ""),
        ("audit_auditarchive_no_delete", ""),
    ],
}


def drop_triggers() -> None:
    """Drop the append-only triggers first (inside the test's transaction, so undone after)."""
    with connection.cursor() as cursor:
        for name, table in TRIGGERS[connection.vendor]:
            on = f" ON {table}" if table else ""
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}{on}")


def tamper(sql: str, params: list | None = None) -> None:
    drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
