"""Retention of the audit trail: old sealed segments archived with their checkpoint."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from apps.audit.choices import AuditAction
from apps.audit.models import AuditArchive, AuditEvent, AuditSeal
from apps.audit.retention import verify_archive_file
from apps.audit.sealing import seal
from apps.audit.services import audit_chain_verify
from apps.audit.tests.tampering import tamper
from apps.core import audit, registry

pytestmark = pytest.mark.django_db

EIGHT_YEARS = datetime.timedelta(days=8 * 365)


def old_event(user, years_ago: datetime.timedelta, n: int):
    values = audit._values(
        AuditAction.SEARCH,
        user=user,
        content_type_id=None,
        object_id="",
        object_reference="",
        detail={"n": n},
    )
    return registry.provider(registry.AUDIT_APPEND)(
        {**values, "occurred_at": timezone.now() - years_ago}
    )


@pytest.fixture
def trail(gateway_officer):
    old = [old_event(gateway_officer, EIGHT_YEARS, n) for n in range(4)]
    recent = [audit.record(AuditAction.LOGIN, user=gateway_officer) for _ in range(2)]
    seal(checkpoint=True)
    return old, recent


@pytest.fixture
def archived(trail, tmp_path):
    call_command("archive_audit", to=str(tmp_path))
    return AuditArchive.objects.get(), tmp_path


def test_events_older_than_the_retention_period_are_archived_and_the_rest_stay(archived, trail):
    archive, directory = archived
    old, recent = trail
    assert (archive.first_position, archive.last_position, archive.event_count) == (1, 4, 4)
    assert not AuditEvent.objects.filter(sequence__in=[e.sequence for e in old]).exists()
    assert AuditEvent.objects.filter(sequence__in=[e.sequence for e in recent]).count() == 2
    assert not AuditSeal.objects.filter(position__lte=4).exists()
    assert (directory / archive.file_name).exists()


def test_the_live_trail_still_verifies_from_the_archive(archived, gateway_officer):
    audit.record(AuditAction.LOGOUT, user=gateway_officer)
    seal(checkpoint=True)
    report = audit_chain_verify()
    assert report.ok, report.reason
    assert report.checked == 3


def test_the_archive_verifies_on_its_own(archived, capsys):
    archive, directory = archived
    report = verify_archive_file(directory / archive.file_name)
    assert report.ok
    assert report.checked == 4
    call_command("verify_audit", archive=str(directory / archive.file_name))
    assert "Archive intact: 4 events" in capsys.readouterr().out


def test_an_edited_archive_is_caught(archived):
    archive, directory = archived
    path = directory / archive.file_name
    lines = path.read_text().splitlines()
    row = json.loads(lines[2])
    row["event"]["detail"] = {"n": 99}
    lines[2] = json.dumps(row)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(CommandError, match="edited"):
        call_command("verify_audit", archive=str(path))


def test_an_archive_whose_checkpoint_is_forged_is_caught(archived):
    archive, directory = archived
    path = directory / archive.file_name
    lines = path.read_text().splitlines()
    header = json.loads(lines[0])
    header["checkpoint"]["size"] = 3
    lines[0] = json.dumps(header)
    path.write_text("\n".join(lines) + "\n")
    assert "signature is not valid" in verify_archive_file(path).reason


def test_removing_the_archive_record_to_hide_the_gap_is_caught(archived):
    tamper("DELETE FROM audit_auditarchive")
    report = audit_chain_verify()
    assert report.broken_at == 1
    assert "missing" in report.reason


def test_nothing_younger_than_the_period_is_archived(gateway_officer, tmp_path, capsys):
    audit.record(AuditAction.LOGIN, user=gateway_officer)
    call_command("archive_audit", to=str(tmp_path))
    assert "nothing archived" in capsys.readouterr().out
    assert not AuditArchive.objects.exists()


def test_a_trail_that_does_not_verify_is_not_archived(trail, tmp_path):
    tamper(
        "UPDATE audit_auditevent SET detail = '{\"n\": 7}' WHERE sequence = %s",
        [trail[0][1].sequence],
    )
    with pytest.raises(CommandError, match="does not verify"):
        call_command("archive_audit", to=str(tmp_path))
    assert AuditEvent.objects.count() == 6


def test_the_database_still_refuses_to_delete_events_no_archive_covers(archived, trail):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE sequence = %s", [trail[1][0].sequence])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditseal")
