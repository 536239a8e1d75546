"""Sealing: concurrent appends, late commits, two sealers, a killed sealer, checkpoints."""

import importlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction
from django.utils import timezone

from apps.audit import raw_sql, verification
from apps.audit.choices import AuditAction
from apps.audit.hashing import GENESIS_HASH, content_hash, legacy_event_hash, link_hash
from apps.audit.management.commands import seal_audit
from apps.audit.models import AuditEvent, AuditSeal, AuditSealState
from apps.audit.sealing import seal
from apps.audit.services import audit_chain_verify
from apps.audit.tests.tampering import tamper
from apps.audit.verification import EVENT_FIELDS
from apps.core import audit

transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _in_thread(work) -> threading.Thread:
    def run():
        try:
            work()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def assert_sealed_once_without_gaps():
    positions = list(AuditSeal.objects.order_by("position").values_list("position", flat=True))
    assert positions == list(range(1, len(positions) + 1))
    sealed = list(AuditSeal.objects.values_list("event_id", flat=True))
    assert sorted(sealed) == sorted(AuditEvent.objects.values_list("sequence", flat=True))
    assert len(set(sealed)) == len(sealed)


@transactional
def test_concurrent_appends_from_many_threads_are_sealed_in_a_gap_free_order(gateway_officer):
    stop = threading.Event()

    def sealer():
        while not stop.is_set():
            seal(checkpoint=False)

    def writer(slot: int):
        for index in range(20):
            with transaction.atomic():
                audit.record(
                    AuditAction.SEARCH, user=gateway_officer, detail={"n": slot * 100 + index}
                )

    sealing = _in_thread(sealer)
    writers = [_in_thread(lambda slot=slot: writer(slot)) for slot in range(12)]
    for thread in writers:
        thread.join()
    stop.set()
    sealing.join()
    seal()
    assert AuditEvent.objects.filter(action=AuditAction.SEARCH).count() == 240
    assert_sealed_once_without_gaps()
    assert audit_chain_verify().ok


@transactional
def test_two_sealers_at_once_seal_each_event_once(gateway_officer):
    for index in range(300):
        audit.record(AuditAction.SEARCH, user=gateway_officer, detail={"n": index})
    threads = [_in_thread(lambda: seal(batch_size=50, checkpoint=False)) for _ in range(2)]
    for thread in threads:
        thread.join()
    assert_sealed_once_without_gaps()
    assert audit_chain_verify().ok


@transactional
def test_an_event_whose_transaction_commits_late_is_sealed_not_skipped(gateway_officer):
    """The late event has a lower number than events sealed before it commits."""
    appended, release = threading.Event(), threading.Event()

    def slow_request():
        with transaction.atomic():
            audit.record(AuditAction.VIEW, user=gateway_officer, justification="slow")
            appended.set()
            release.wait(10)

    slow = _in_thread(slow_request)
    appended.wait(10)
    quick = audit.record(AuditAction.SEARCH, user=gateway_officer)
    for _ in range(3):
        seal()  # the floor must not pass the slow request's event
    assert AuditSeal.objects.filter(event_id=quick.sequence).exists()
    assert AuditSealState.objects.get().floor < quick.sequence
    release.set()
    slow.join()
    late = AuditEvent.objects.get(justification="slow")
    assert late.sequence < quick.sequence
    assert seal().sealed == 1
    assert (
        AuditSeal.objects.get(event_id=late.sequence).position
        > AuditSeal.objects.get(event_id=quick.sequence).position
    )
    assert_sealed_once_without_gaps()
    assert audit_chain_verify().ok


@pytest.mark.django_db
def test_a_rolled_back_service_transaction_leaves_no_event(gateway_officer, person):
    def failing_change():
        with transaction.atomic():
            audit.record(AuditAction.UPDATE, user=gateway_officer, subject=person)
            raise RuntimeError("the change failed")

    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError):
        failing_change()
    assert AuditEvent.objects.count() == before
    seal()
    assert audit_chain_verify().ok


@pytest.mark.django_db
def test_a_sealer_that_fails_mid_run_loses_nothing(gateway_officer, monkeypatch):
    for index in range(30):
        audit.record(AuditAction.SEARCH, user=gateway_officer, detail={"n": index})
    calls = {"n": 0}
    insert = raw_sql.insert_seals

    def crash_on_the_second_batch(rows):
        calls["n"] += 1
        insert(rows)
        if calls["n"] == 2:
            raise ConnectionError("the sealer died")

    monkeypatch.setattr(raw_sql, "insert_seals", crash_on_the_second_batch)
    with pytest.raises(ConnectionError):
        seal(batch_size=10)
    monkeypatch.setattr(raw_sql, "insert_seals", insert)
    assert AuditSeal.objects.count() == 10  # the first batch committed, the second did not
    seal()
    assert_sealed_once_without_gaps()
    assert audit_chain_verify().ok


KILLED_SEALER = """
import os, sys, time, django
django.setup()
from apps.audit import raw_sql, sealing
insert = raw_sql.insert_seals
def insert_then_hang(rows):
    insert(rows)
    print("inserted", flush=True)
    time.sleep(60)
raw_sql.insert_seals = insert_then_hang
sealing.seal(checkpoint=False)
"""


@transactional
def test_a_killed_sealer_process_loses_nothing(gateway_officer):
    for index in range(25):
        audit.record(AuditAction.SEARCH, user=gateway_officer, detail={"n": index})
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", KILLED_SEALER],
        env={**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "prevent.settings.test"},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout.readline().strip() == "inserted"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    time.sleep(0.2)
    assert AuditSeal.objects.count() == 0
    assert seal().sealed == AuditEvent.objects.count()
    assert_sealed_once_without_gaps()
    assert audit_chain_verify().ok


@pytest.fixture
def exported(tmp_path, gateway_officer):
    for index in range(5):
        audit.record(AuditAction.SEARCH, user=gateway_officer, detail={"n": index})
    path = tmp_path / "checkpoint.json"
    call_command("audit_checkpoint", export=str(path))
    return path


@pytest.mark.django_db
def test_an_exported_checkpoint_proves_the_log_has_only_grown(exported, gateway_officer, capsys):
    checkpoint = json.loads(exported.read_text())
    assert checkpoint["size"] == AuditSeal.objects.count()
    audit.record(AuditAction.LOGOUT, user=gateway_officer)
    seal()
    call_command("verify_audit", against=str(exported))
    assert "only grown since the exported checkpoint" in capsys.readouterr().out


@pytest.mark.django_db
def test_an_exported_checkpoint_catches_a_rewritten_history(exported, gateway_officer):
    """Rewritten from scratch: events, seals and the database's own checkpoints replaced."""
    first = AuditSeal.objects.order_by("position").first()
    tamper("DELETE FROM audit_auditcheckpoint")
    tamper("DELETE FROM audit_auditseal")
    tamper("DELETE FROM audit_auditevent WHERE sequence = %s", [first.event_id])
    tamper(
        "UPDATE audit_auditsealstate SET position = 0, chain_hash = %s, floor = 0, "
        "pending_floor = 0, pending_since = NULL, checkpointed_at = NULL",
        [GENESIS_HASH],
    )
    seal(checkpoint=False)
    audit.record(AuditAction.LOGOUT, user=gateway_officer)
    seal(checkpoint=False)
    assert audit_chain_verify().ok  # consistent with itself...
    with pytest.raises(CommandError, match="history rewritten"):
        call_command("verify_audit", against=str(exported))  # ...but not with the export


@pytest.mark.django_db
def test_an_exported_checkpoint_with_a_forged_signature_is_refused(exported):
    checkpoint = json.loads(exported.read_text())
    checkpoint["size"] -= 1
    exported.write_text(json.dumps(checkpoint))
    with pytest.raises(CommandError, match="signature is not valid"):
        call_command("verify_audit", against=str(exported))


@pytest.mark.django_db
def test_checkpoints_need_a_key_but_sealing_does_not(settings, gateway_officer, capsys):
    settings.AUDIT_CHECKPOINT_KEY = ""
    settings.AUDIT_CHECKPOINT_KEY_FILE = ""
    audit.record(AuditAction.LOGIN, user=gateway_officer)
    with pytest.raises(CommandError, match="need a signing key"):
        call_command("audit_checkpoint")
    call_command("seal_audit", no_alerts=True)
    captured = capsys.readouterr()
    assert "No checkpoint signed" in captured.err
    assert not AuditEvent.objects.filter(seal__isnull=True).exists()


@pytest.mark.django_db
def test_the_key_can_come_from_a_file(settings, tmp_path, gateway_officer):
    key_file = tmp_path / "key"
    key_file.write_text("a key kept outside the database\n")
    settings.AUDIT_CHECKPOINT_KEY = ""
    settings.AUDIT_CHECKPOINT_KEY_FILE = str(key_file)
    audit.record(AuditAction.LOGIN, user=gateway_officer)
    call_command("audit_checkpoint")
    assert audit_chain_verify().checkpoints_checked >= 1
    settings.AUDIT_CHECKPOINT_KEY = "another key"
    settings.AUDIT_CHECKPOINT_KEY_FILE = ""
    assert "bad signature" in audit_chain_verify().reason


@pytest.mark.django_db
def test_the_chain_built_before_sealing_stays_verifiable_and_the_new_one_continues(
    gateway_officer,
):
    """Events chained under ADR 0004 are sealed by migration 0004 at their own sequence."""
    legacy, previous = [], GENESIS_HASH
    template = {
        "occurred_at": None,
        "actor_id": gateway_officer.pk,
        "actor_username": gateway_officer.username,
        "action": "login",
        "category": "security",
        "content_type_id": None,
        "object_id": "",
        "object_reference": "",
        "justification": "",
        "changes": {},
        "detail": {},
        "ip_address": None,
        "user_agent": "",
        "request_id": "r",
        "channel": "web",
    }
    for sequence in (1, 2, 3):
        values = {
            **template,
            "sequence": sequence,
            "occurred_at": timezone.now(),
            "previous_hash": previous,
        }
        values["hash"] = previous = legacy_event_hash(values)
        AuditEvent.objects.create(**values)
        legacy.append(values)
    migration = importlib.import_module("apps.audit.migrations.0004_seal_events_without_a_lock")
    head = SimpleNamespace(sequence=3, last_hash=previous)
    chain_heads = SimpleNamespace(filter=lambda **_: SimpleNamespace(first=lambda: head))
    models = {
        "AuditChainHead": SimpleNamespace(objects=chain_heads),
        "AuditSealState": AuditSealState,
    }
    with connection.schema_editor(atomic=False) as editor:
        migration.seal_the_legacy_chain(
            SimpleNamespace(get_model=lambda app, name: models[name]), editor
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence('audit_auditevent', 'sequence'), 3)")
    new = audit.record(AuditAction.LOGOUT, user=gateway_officer)
    assert new.sequence == 4
    seal()
    assert AuditSeal.objects.get(event_id=4).position == 4
    report = audit_chain_verify()
    assert report.ok, report.reason
    assert report.checked == 4
    values = AuditEvent.objects.filter(sequence=2).values(*EVENT_FIELDS).get()
    tamper("UPDATE audit_auditevent SET request_id = 'edited' WHERE sequence = 2")
    assert values["request_id"] == "r"
    report = audit_chain_verify()
    assert (report.broken_at, "edited" in report.reason) == (2, True)


@transactional
def test_verification_in_two_processes_checks_every_stretch_and_where_they_join(
    gateway_officer, monkeypatch
):
    monkeypatch.setattr(verification, "PARALLEL_MIN", 2)
    for stretch in range(3):
        for index in range(5):
            audit.record(
                AuditAction.SEARCH, user=gateway_officer, detail={"n": stretch * 10 + index}
            )
        seal(checkpoint=True)
    report = audit_chain_verify(workers=2)
    assert report.ok, report.reason
    assert report.checked == AuditSeal.objects.count()
    target = AuditSeal.objects.order_by("position")[12]
    tamper("UPDATE audit_auditevent SET detail = '{}' WHERE sequence = %s", [target.event_id])
    report = audit_chain_verify(workers=2)
    assert report.broken_at == target.position
    assert "edited" in report.reason


@transactional
def test_verification_in_processes_catches_a_forged_rehash_of_one_stretch(
    gateway_officer, monkeypatch
):
    """Each process starts from the hash stored in the seal before its stretch: a link
    re-hashed at the end of one stretch leaves the next stretch's first link broken."""
    monkeypatch.setattr(verification, "PARALLEL_MIN", 2)
    for index in range(16):
        audit.record(AuditAction.SEARCH, user=gateway_officer, detail={"n": index})
    seal(checkpoint=False)
    assert len(verification._segments(1, 16, GENESIS_HASH, 2, ())) == 8
    target = AuditSeal.objects.get(position=4)  # inside the second stretch (3 and 4)
    values = AuditEvent.objects.filter(pk=target.event_id).values(*EVENT_FIELDS).get()
    values["justification"] = "forged reason"
    forged = content_hash(values)
    tamper(
        "UPDATE audit_auditevent SET justification = %s, hash = %s WHERE sequence = %s",
        ["forged reason", forged, target.event_id],
    )
    previous = AuditSeal.objects.get(position=3).chain_hash
    chain = link_hash(previous, 4, target.event_id, forged)
    tamper(
        "UPDATE audit_auditseal SET event_hash = %s, chain_hash = %s WHERE position = 4",
        [forged, chain],
    )
    report = audit_chain_verify(workers=2)
    assert report.broken_at == 5
    assert "does not follow" in report.reason


class StopLoop(Exception):
    pass


@pytest.mark.django_db
def test_the_sealer_loop_seals_and_runs_the_misuse_rules(gateway_officer, monkeypatch, capsys):
    ran = []
    audit.record(AuditAction.LOGIN, user=gateway_officer)
    monkeypatch.setattr(seal_audit, "detect_misuse", lambda: ran.append(True))

    def stop(seconds):
        raise StopLoop

    monkeypatch.setattr(seal_audit.time, "sleep", stop)
    with pytest.raises(StopLoop):
        call_command("seal_audit", every=2)
    assert ran == [True]
    assert not AuditEvent.objects.filter(seal__isnull=True).exists()
    assert "Sealed 1 events" in capsys.readouterr().out
