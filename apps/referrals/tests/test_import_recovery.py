"""Import batches always finish: failed with the reason, or resumed after a worker stops."""

import datetime
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.audit.services import audit_chain_verify
from apps.referrals import imports
from apps.referrals.choices import ImportStatus
from apps.referrals.models import Referral, ReferralImport, ReferralImportRow
from apps.referrals.tests.factories import referral_row

pytestmark = pytest.mark.django_db

COLUMNS = list(referral_row())


def csv_content(count: int) -> bytes:
    lines = [",".join(COLUMNS)]
    for n in range(count):
        row = referral_row(source_reference=f"SYN-2026-{n:06d}")
        lines.append(",".join(f'"{row[column]}"' for column in COLUMNS))
    return ("\n".join(lines) + "\n").encode()


def stored_batch(user, *, count=3, **fields) -> ReferralImport:
    batch = ReferralImport(
        team=user.team, original_name="batch.csv", created_by=user, updated_by=user, **fields
    )
    batch.file.save(f"{batch.id}.csv", ContentFile(csv_content(count)), save=False)
    batch.save()
    return batch


def status_page(client, user, batch) -> str:
    client.force_login(user)
    return client.get(reverse("referrals:import_detail", args=[batch.pk])).content.decode()


def test_an_unexpected_error_while_checking_fails_the_batch_with_the_reason(
    client, gateway_officer, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("synthetic failure")

    monkeypatch.setattr("apps.referrals.services.referral_row_check", broken)
    batch = stored_batch(gateway_officer)
    imports.referral_import_run(batch=batch)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED
    assert "RuntimeError" in batch.failure_reason
    page = status_page(client, gateway_officer, batch)
    assert "Failed" in page
    assert "unexpected error (RuntimeError)" in page
    assert not Referral.objects.exists()


def test_an_error_while_publishing_stores_nothing_and_fails_the_batch(gateway_officer, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("synthetic failure")

    monkeypatch.setattr("apps.core.audit.record_many", broken)
    batch = stored_batch(gateway_officer)
    imports.referral_import_run(batch=batch)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED
    assert not Referral.objects.exists()
    assert not ReferralImportRow.objects.exists()


@override_settings(IMPORT_CHUNK_ROWS=2)
def test_a_batch_staged_in_chunks_is_published_with_a_creation_event_each(gateway_officer):
    batch = imports.referral_import_run(batch=stored_batch(gateway_officer, count=5))
    assert batch.status == ImportStatus.SUCCEEDED
    assert (batch.created_count, batch.processed_rows, batch.total_rows) == (5, 5, 5)
    referrals = Referral.objects.order_by("reference")
    assert [r.source_reference for r in referrals] == [f"SYN-2026-{n:06d}" for n in range(5)]
    created = AuditEvent.objects.filter(action=AuditAction.CREATE)
    assert {event.object_id for event in created} == {str(r.pk) for r in referrals}
    assert created.first().detail["import"] == str(batch.pk)
    assert audit_chain_verify().ok
    assert not ReferralImportRow.objects.exists()


def test_a_batch_left_running_by_a_killed_worker_is_resumed_at_worker_start(gateway_officer):
    batch = stored_batch(
        gateway_officer, status=ImportStatus.RUNNING, attempts=1, heartbeat_at=timezone.now()
    )
    # What the killed attempt had staged: discarded, never published twice.
    ReferralImportRow.objects.create(
        batch=batch, attempt=1, row_number=2, source_reference="SYN-2026-000000", values={}
    )
    call_command("recover_imports", stale_after=0, verbosity=0)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.SUCCEEDED
    assert batch.attempts == 2
    assert Referral.objects.count() == 3
    assert not ReferralImportRow.objects.exists()


def test_a_running_batch_with_no_sign_of_life_is_resumed_when_its_page_is_viewed(
    client, gateway_officer
):
    batch = stored_batch(
        gateway_officer,
        status=ImportStatus.RUNNING,
        attempts=1,
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=10),
    )
    page = status_page(client, gateway_officer, batch)
    assert "Import complete" in page
    assert Referral.objects.count() == 3


def test_a_running_batch_with_a_recent_heartbeat_is_left_alone(client, gateway_officer):
    batch = stored_batch(
        gateway_officer, status=ImportStatus.RUNNING, attempts=1, heartbeat_at=timezone.now()
    )
    call_command("recover_imports", verbosity=0)
    page = status_page(client, gateway_officer, batch)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.RUNNING
    assert "Importing" in page


def test_a_batch_interrupted_too_often_fails_with_the_reason(client, gateway_officer):
    batch = stored_batch(
        gateway_officer, status=ImportStatus.RUNNING, attempts=3, heartbeat_at=None
    )
    call_command("recover_imports", stale_after=0, verbosity=0)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED
    assert "interrupted 3 times" in status_page(client, gateway_officer, batch)
    assert not Referral.objects.exists()


def test_a_superseded_attempt_publishes_nothing(gateway_officer):
    batch = stored_batch(gateway_officer, status=ImportStatus.RUNNING, attempts=2)
    with pytest.raises(imports.Superseded):
        imports._publish(batch, attempt=1, skipped=0)
    assert not Referral.objects.exists()


def test_a_finished_batch_is_not_run_again(gateway_officer):
    batch = imports.referral_import_run(batch=stored_batch(gateway_officer))
    ReferralImport.objects.filter(pk=batch.pk).update(created_count=99)
    imports.referral_import_run(batch=batch)
    assert Referral.objects.count() == 3
    assert ReferralImport.objects.get(pk=batch.pk).created_count == 99


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_a_waiting_batch_whose_task_is_gone_is_queued_again(gateway_officer):

    lost = stored_batch(gateway_officer, task_id=str(uuid.uuid4()))
    queued = stored_batch(gateway_officer)
    imports.referral_import_enqueue(queued)
    queued.refresh_from_db()
    call_command("recover_imports", stale_after=0, verbosity=0)
    lost.refresh_from_db()
    assert lost.status == ImportStatus.PENDING
    assert DBTaskResult.objects.filter(id=lost.task_id, status="READY").exists()
    assert ReferralImport.objects.get(pk=queued.pk).task_id == queued.task_id
    assert DBTaskResult.objects.count() == 2


def test_the_command_reports_a_failed_batch_with_its_reason(
    tmp_path, team, gateway_officer, monkeypatch
):

    def broken(**kwargs):
        raise RuntimeError("synthetic failure")

    monkeypatch.setattr("apps.referrals.services.referral_row_check", broken)
    path = tmp_path / "batch.csv"
    path.write_bytes(csv_content(2))
    with pytest.raises(CommandError, match=r"unexpected error \(RuntimeError\)"):
        call_command("import_referrals", str(path), team=team.name, user=gateway_officer.username)
    assert ReferralImport.objects.get().status == ImportStatus.FAILED


@override_settings(IMPORT_CHUNK_ROWS=2)
def test_a_rejected_batch_reports_every_row_and_keeps_no_staged_rows(gateway_officer):
    batch = stored_batch(gateway_officer, count=5)
    content = batch.file.read().decode().replace("2026-11-16", "not a date")
    batch.file.close()
    batch.file.save(f"{batch.id}.csv", ContentFile(content.encode()), save=True)
    batch = imports.referral_import_run(batch=batch)
    assert batch.status == ImportStatus.REJECTED
    assert [error["row"] for error in batch.errors] == [2, 3, 4, 5, 6]
    assert {error["field"] for error in batch.errors} == {"date_received"}
    assert not ReferralImportRow.objects.exists()
    assert not Referral.objects.exists()
