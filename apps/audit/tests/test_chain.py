"""The audit trail is append-only and its seals expose tampering of every kind.

Every tampering test drops the database triggers first, as an attacker with the
database would, then edits, deletes, inserts or reorders behind the application.
"""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from apps.audit.choices import AuditAction
from apps.audit.hashing import content_hash, link_hash
from apps.audit.models import AppendOnlyError, AuditCheckpoint, AuditEvent, AuditSeal
from apps.audit.sealing import make_checkpoint, seal
from apps.audit.services import audit_chain_verify
from apps.audit.tests.tampering import tamper
from apps.audit.verification import EVENT_FIELDS
from apps.core import audit, request_context
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
    seal()
    return list(AuditEvent.objects.order_by("sequence"))


def seal_of(event) -> AuditSeal:
    return AuditSeal.objects.get(event_id=event.sequence)


@pytest.mark.smoke
def test_sealing_links_each_event_to_the_one_before(events):
    seals = [seal_of(event) for event in events]
    for earlier, later in zip(seals, seals[1:], strict=False):
        assert later.position == earlier.position + 1
        assert later.chain_hash == link_hash(
            earlier.chain_hash, later.position, later.event_id, later.event_hash
        )
    for event, event_seal in zip(events, seals, strict=True):
        assert event.hash == event_seal.event_hash
        assert event.previous_hash == ""
    assert audit_chain_verify().ok
    call_command("verify_audit")


def test_an_event_is_written_with_no_reference_to_any_other(gateway_officer):
    event = audit.record(AuditAction.LOGIN, user=gateway_officer)
    assert event.previous_hash == ""
    values = AuditEvent.objects.filter(pk=event.pk).values(*EVENT_FIELDS).get()
    assert event.hash == content_hash(values)
    assert not AuditSeal.objects.filter(event_id=event.sequence).exists()


def test_sealing_twice_seals_each_event_once(events, gateway_officer):
    audit.record(AuditAction.LOGOUT, user=gateway_officer)
    first, second = seal(), seal()
    assert (first.sealed, second.sealed) == (1, 0)
    assert AuditSeal.objects.count() == len(events) + 1


def test_the_orm_refuses_to_change_or_delete_events_and_seals(events):
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
    with pytest.raises(AppendOnlyError):
        AuditSeal.objects.all().update(chain_hash="0" * 64)
    with pytest.raises(AppendOnlyError):
        seal_of(event).delete()


def test_the_database_refuses_update_and_delete_of_events_seals_and_checkpoints(events):
    make_checkpoint()
    for table in ("audit_auditevent", "audit_auditseal", "audit_auditcheckpoint"):
        column = "action" if table == "audit_auditevent" else "chain_hash"
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET {column} = 'x'")  # noqa: S608
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608


def test_verify_audit_reports_an_edited_event(events):
    target = events[2]
    tamper(
        "UPDATE audit_auditevent SET changes = %s WHERE sequence = %s",
        ['{"family_name": {"old": "Smyth", "new": "Jones"}}', target.sequence],
    )
    report = audit_chain_verify()
    position = seal_of(target).position
    assert report.broken_at == position
    assert "edited" in report.reason
    with pytest.raises(CommandError, match=f"broken at event {position}"):
        call_command("verify_audit")


def test_verify_audit_reports_an_edit_with_its_content_hash_recomputed(events):
    target = events[1]
    values = AuditEvent.objects.filter(pk=target.pk).values(*EVENT_FIELDS).get()
    values["justification"] = "forged reason"
    tamper(
        "UPDATE audit_auditevent SET justification = %s, hash = %s WHERE sequence = %s",
        ["forged reason", content_hash(values), target.sequence],
    )
    report = audit_chain_verify()
    assert report.broken_at == seal_of(target).position
    assert "edited" in report.reason


def test_verify_audit_reports_an_address_widened_to_a_network(gateway_officer):
    token = request_context.activate(
        request_context.RequestContext(
            ip_address="192.0.2.10", user_agent="", request_id="r", channel="web", path="/"
        )
    )
    try:
        event = audit.record(AuditAction.LOGIN, user=gateway_officer)
    finally:
        request_context.deactivate(token)
    seal()
    assert audit_chain_verify().ok
    tamper(
        "UPDATE audit_auditevent SET ip_address = '192.0.2.10/24' WHERE sequence = %s",
        [event.sequence],
    )
    report = audit_chain_verify()
    assert report.broken_at == seal_of(event).position
    assert "edited" in report.reason


def test_verify_audit_refuses_fewer_than_one_worker(events):
    with pytest.raises(CommandError, match="--workers must be 1 or more"):
        call_command("verify_audit", workers=0)


def test_verify_audit_reports_a_deleted_event(events):
    position = seal_of(events[1]).position
    tamper("DELETE FROM audit_auditevent WHERE sequence = %s", [events[1].sequence])
    report = audit_chain_verify()
    assert report.broken_at == position
    assert "deleted" in report.reason


def test_verify_audit_reports_a_deleted_event_and_seal(events):
    position = seal_of(events[1]).position
    tamper("DELETE FROM audit_auditseal WHERE position = %s", [position])
    tamper("DELETE FROM audit_auditevent WHERE sequence = %s", [events[1].sequence])
    report = audit_chain_verify()
    assert report.broken_at == position
    assert "missing" in report.reason


def test_verify_audit_reports_a_removed_tail_through_the_checkpoint(events):
    make_checkpoint()
    last = seal_of(events[-1])
    tamper("DELETE FROM audit_auditseal WHERE position = %s", [last.position])
    tamper("DELETE FROM audit_auditevent WHERE sequence = %s", [events[-1].sequence])
    tamper(
        "UPDATE audit_auditsealstate SET position = position - 1, chain_hash = %s",
        [seal_of(events[-2]).chain_hash],
    )
    report = audit_chain_verify()
    assert not report.ok
    assert "tail removed" in report.reason


def test_verify_audit_reports_reordered_events(events):
    first, second = seal_of(events[1]), seal_of(events[2])
    swap = "UPDATE audit_auditseal SET event_id = %s, event_hash = %s WHERE position = %s"
    tamper(swap, [0, first.event_hash, first.position])
    tamper(swap, [first.event_id, first.event_hash, second.position])
    tamper(swap, [second.event_id, second.event_hash, first.position])
    tamper(
        "UPDATE audit_auditseal SET event_hash = %s WHERE position = %s",
        [first.event_hash, second.position],
    )
    report = audit_chain_verify()
    assert report.broken_at == first.position
    assert "reordered" in report.reason


def test_verify_audit_reports_an_event_inserted_into_the_chain(events, gateway_officer):
    """A forged event, sealed in the middle by shifting the later seals along by one."""
    forged = audit.record(AuditAction.LOGOUT, user=gateway_officer)
    middle = seal_of(events[2])
    tamper(
        "UPDATE audit_auditseal SET position = position + 1000 WHERE position >= %s",
        [middle.position],
    )
    tamper(
        "INSERT INTO audit_auditseal (position, event_id, event_hash, chain_hash, sealed_at) "
        "VALUES (%s, %s, %s, %s, now())",
        [
            middle.position,
            forged.sequence,
            forged.hash,
            link_hash(seal_of(events[1]).chain_hash, middle.position, forged.sequence, forged.hash),
        ],
    )
    tamper(
        "UPDATE audit_auditseal SET position = position - 999 WHERE position >= %s",
        [middle.position + 1000],
    )
    report = audit_chain_verify()
    assert report.broken_at == middle.position + 1
    assert "does not follow" in report.reason


def test_verify_audit_reports_an_event_inserted_below_the_sealed_floor(events, gateway_officer):
    """An event slipped in behind the sealer, with a number it has already passed."""
    seal()  # the floor settles at the events already sealed
    seal()
    values = AuditEvent.objects.filter(pk=events[0].pk).values(*EVENT_FIELDS).get()
    columns = [name for name in EVENT_FIELDS if name not in ("sequence",)]
    columns_sql = ", ".join(columns)
    tamper(
        f"INSERT INTO audit_auditevent (sequence, {columns_sql}) "  # noqa: S608
        f"SELECT {events[0].sequence} - 1, {columns_sql} FROM audit_auditevent WHERE sequence = %s",
        [values["sequence"]],
    )
    report = audit_chain_verify()
    assert not report.ok
    assert "never sealed (inserted)" in report.reason


def test_verify_audit_reports_a_forged_rehash_of_the_tail_through_the_checkpoint(events):
    """The attacker edits an event and recomputes every hash after it: only the signed
    checkpoint, whose key is not in the database, shows the history was rewritten."""
    make_checkpoint()
    target = events[1]
    values = AuditEvent.objects.filter(pk=target.pk).values(*EVENT_FIELDS).get()
    values["justification"] = "forged reason"
    forged = content_hash(values)
    tamper(
        "UPDATE audit_auditevent SET justification = %s, hash = %s WHERE sequence = %s",
        ["forged reason", forged, target.sequence],
    )
    seals = list(AuditSeal.objects.order_by("position"))
    previous = "0" * 64
    for each in seals:
        event_hash = forged if each.event_id == target.sequence else each.event_hash
        previous = link_hash(previous, each.position, each.event_id, event_hash)
        tamper(
            "UPDATE audit_auditseal SET event_hash = %s, chain_hash = %s WHERE position = %s",
            [event_hash, previous, each.position],
        )
    tamper("UPDATE audit_auditsealstate SET chain_hash = %s", [previous])
    report = audit_chain_verify()
    assert report.broken_at == seals[-1].position
    assert "history rewritten" in report.reason


def test_verify_audit_reports_a_replaced_checkpoint(events):
    checkpoint = make_checkpoint()
    tamper(
        "UPDATE audit_auditcheckpoint SET chain_hash = %s WHERE id = %s",
        ["f" * 64, checkpoint.pk],
    )
    report = audit_chain_verify()
    assert not report.ok
    assert "bad signature" in report.reason


def test_a_checkpoint_signs_the_chain_head(events):
    checkpoint = make_checkpoint()
    assert checkpoint.size == AuditSeal.objects.count()
    assert checkpoint.chain_hash == seal_of(events[-1]).chain_hash
    report = audit_chain_verify()
    assert report.ok
    assert report.checkpoints_checked == AuditCheckpoint.objects.count() >= 1


def test_verify_audit_counts_the_events_not_yet_sealed(events, gateway_officer, capsys):
    audit.record(AuditAction.LOGOUT, user=gateway_officer)
    report = audit_chain_verify()
    assert report.ok
    assert report.unsealed == 1
    call_command("verify_audit")
    assert "1 events not yet sealed; the oldest is" in capsys.readouterr().out


def test_changes_are_stored_with_old_and_new_values(events):
    update = events[2]
    assert update.changes == {"family_name": {"old": "Smyth", "new": "Smith"}}
    assert update.category == "alteration"


def test_events_appended_in_bulk_are_sealed_like_single_ones(events, gateway_officer, person, team):
    referrals = ReceivedReferralFactory.create_batch(3, team=team)
    written = audit.record_many(
        AuditAction.CREATE,
        user=gateway_officer,
        model=type(referrals[0]),
        records=[(r.pk, r.reference, {"channel": r.channel}) for r in referrals],
    )
    audit.record_view(user=gateway_officer, subject=person)
    assert written == 3
    assert seal().sealed == 4
    assert audit_chain_verify().ok
    created = AuditEvent.objects.filter(action=AuditAction.CREATE).order_by("sequence")
    assert [event.object_id for event in created] == [str(r.pk) for r in referrals]
    assert seal_of(created[0]).position == seal_of(events[-1]).position + 1
    assert created[0].object_reference == referrals[0].reference
    assert created[0].detail == {"channel": referrals[0].channel}
    assert created[0].actor == gateway_officer


@pytest.mark.parametrize("ip_address", ["192.0.2.10", "2001:DB8:0:0::1"])
def test_verification_reads_every_kind_of_value_as_the_writer_hashed_it(
    gateway_officer, person, ip_address
):
    token = request_context.activate(
        request_context.RequestContext(
            ip_address=ip_address,
            user_agent="Navigateur d’essai/1.0",
            request_id="req-1",
            channel="api",
            path="/people/",
        )
    )
    try:
        audit.record(
            AuditAction.UPDATE,
            user=gateway_officer,
            subject=person,
            justification="Café — «vérifié»",
            changes={"notes": {"old": None, "new": ["a", {"z": 1, "b": 2.5}]}},
            detail={"nested": {"y": True, "x": "ü\x00"}},
        )
    finally:
        request_context.deactivate(token)
    seal()
    report = audit_chain_verify()
    assert report.ok, report.reason
    assert report.checked == AuditSeal.objects.count()
