"""Retention (ADR 0017): the database lets archived audit rows go, and only those.

An event may be deleted only while its seal lies inside an archived segment; a seal
only inside one. Everything else is still refused, UPDATE always. The archive record's
checkpoint is signed with a key the database does not hold, so a forged archive record
does not pass verify_audit.
"""

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION audit_refuse_change_unless_archived() RETURNS trigger AS $$
BEGIN
  -- Nested, not AND: PL/pgSQL prepares each expression when it first runs it, and
  -- OLD.position exists on seals only.
  IF TG_OP = 'DELETE' THEN
    IF TG_TABLE_NAME = 'audit_auditseal' THEN
      IF EXISTS (
        SELECT 1 FROM audit_auditarchive a
        WHERE OLD.position BETWEEN a.first_position AND a.last_position
      ) THEN
        RETURN OLD;
      END IF;
    ELSIF TG_TABLE_NAME = 'audit_auditevent' THEN
      IF EXISTS (
        SELECT 1 FROM audit_auditseal s JOIN audit_auditarchive a
          ON s.position BETWEEN a.first_position AND a.last_position
        WHERE s.event_id = OLD.sequence
      ) THEN
        RETURN OLD;
      END IF;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit records are append-only';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change_unless_archived();
DROP TRIGGER IF EXISTS audit_auditseal_append_only ON audit_auditseal;
CREATE TRIGGER audit_auditseal_append_only BEFORE UPDATE OR DELETE ON audit_auditseal
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change_unless_archived();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
  FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
DROP TRIGGER IF EXISTS audit_auditseal_append_only ON audit_auditseal;
CREATE TRIGGER audit_auditseal_append_only BEFORE UPDATE OR DELETE ON audit_auditseal
  FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
DROP FUNCTION IF EXISTS audit_refuse_change_unless_archived();
"""
SQLITE_UP = [
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
    """CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
       WHEN NOT EXISTS (
         SELECT 1 FROM audit_auditseal s JOIN audit_auditarchive a
           ON s.position BETWEEN a.first_position AND a.last_position
         WHERE s.event_id = OLD.sequence)
       BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;""",
    "DROP TRIGGER IF EXISTS audit_auditseal_no_delete",
    """CREATE TRIGGER audit_auditseal_no_delete BEFORE DELETE ON audit_auditseal
       WHEN NOT EXISTS (
         SELECT 1 FROM audit_auditarchive a
         WHERE OLD.position BETWEEN a.first_position AND a.last_position)
       BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
    """CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;""",
    "DROP TRIGGER IF EXISTS audit_auditseal_no_delete",
    """CREATE TRIGGER audit_auditseal_no_delete BEFORE DELETE ON audit_auditseal
       BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;""",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)
    elif vendor == "sqlite":
        for statement in SQLITE_UP:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)
    elif vendor == "sqlite":
        for statement in SQLITE_DOWN:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_misuse_alerts")]

    operations = [migrations.RunPython(forwards, backwards)]
