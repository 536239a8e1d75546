"""The audit trail is append-only and its hash chain exposes tampering."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from apps.audit.choices import AuditAction
from apps.audit.hashing import event_hash
from apps.audit.models import AppendOnlyError, AuditEvent
from apps.audit.services import FIELDS, audit_chain_verify
from apps.core import audit
from apps.referrals.tests.factories import ReceivedReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(gateway_officer, person):
    audit.record(AuditAction.LOGIN, user=gateway_officer)
    audit.record_view(user=gateway_officer, subject=person)
    audit.record(
        AuditAction.UPDATE,
        user=gateway_officer,
        subject=person,
        changes={"family_name": {"old": "Smyth", "new": "Smith"}},
    )
    audit.record_search(user=gateway_officer, scope="people", terms={"q": "smith"}, result_count=1)
    return list(AuditEvent.objects.order_by("sequence"))


@pytest.mark.smoke
def test_each_event_links_to_the_one_before(events):
    for earlier, later in zip(events, events[1:], strict=False):
        assert later.previous_hash == earlier.hash
        assert later.sequence == earlier.sequence + 1
    assert audit_chain_verify().ok
    call_command("verify_audit")


def test_the_orm_refuses_to_change_or_delete_events(events):
    event = events[0]
    event.action = AuditAction.LOGOUT
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="logout")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_update_and_delete(events):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'logout'")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")


def _tamper(sql: str, params: list) -> None:
    """Go behind the application's back, as an attacker with database access would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
            cursor.execute(sql, params)
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update")
            cursor.execute("DROP TRIGGER audit_event_no_delete")
            cursor.execute(sql, params)


def test_verify_audit_reports_an_edited_event(events):
    target = events[2]
    _tamper(
        "UPDATE audit_auditevent SET changes = %s WHERE sequence = %s",
        ['{"family_name": {"old": "Smyth", "new": "Jones"}}', target.sequence],
    )
    report = audit_chain_verify()
    assert report.broken_at == target.sequence
    assert "edited" in report.reason
    with pytest.raises(CommandError, match=f"broken at event {target.sequence}"):
        call_command("verify_audit")


def test_verify_audit_reports_a_deleted_event(events):
    _tamper("DELETE FROM audit_auditevent WHERE sequence = %s", [events[1].sequence])
    assert audit_chain_verify().broken_at == events[1].sequence


def test_verify_audit_reports_a_removed_tail(events):
    _tamper("DELETE FROM audit_auditevent WHERE sequence = %s", [events[-1].sequence])
    assert audit_chain_verify().broken_at == events[-1].sequence


def test_verify_audit_reports_a_rehashed_forgery(events):
    """Recomputing one event's hash is not enough: the next link still points at the old one."""

    values = AuditEvent.objects.filter(sequence=events[1].sequence).values(*FIELDS).get()
    values["justification"] = "forged reason"
    forged_hash = event_hash(values)
    _tamper(
        "UPDATE audit_auditevent SET justification = %s, hash = %s WHERE sequence = %s",
        ["forged reason", forged_hash, events[1].sequence],
    )
    assert audit_chain_verify().broken_at == events[2].sequence


def test_changes_are_stored_with_old_and_new_values(events):
    update = events[2]
    assert update.changes == {"family_name": {"old": "Smyth", "new": "Smith"}}
    assert update.category == "alteration"


def test_events_appended_in_bulk_link_like_single_ones(events, gateway_officer, person, team):

    referrals = ReceivedReferralFactory.create_batch(3, team=team)
    written = audit.record_many(
        AuditAction.CREATE,
        user=gateway_officer,
        model=type(referrals[0]),
        records=[(r.pk, r.reference, {"channel": r.channel}) for r in referrals],
    )
    audit.record_view(user=gateway_officer, subject=person)
    assert written == 3
    assert audit_chain_verify().ok
    created = AuditEvent.objects.filter(action=AuditAction.CREATE).order_by("sequence")
    assert [event.object_id for event in created] == [str(r.pk) for r in referrals]
    assert created[0].previous_hash == events[-1].hash
    assert created[0].object_reference == referrals[0].reference
    assert created[0].detail == {"channel": referrals[0].channel}
    assert created[0].actor == gateway_officer
