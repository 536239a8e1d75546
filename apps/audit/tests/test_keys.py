"""Checkpoint keys: ids, rotation to a new key, retired and revoked keys, deploy checks."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.audit.checks import checkpoint_key_configured
from apps.audit.choices import AuditAction
from apps.audit.hashing import content_hash, key_id, link_hash
from apps.audit.models import AuditCheckpoint, AuditEvent, AuditSeal
from apps.audit.retention import verify_archive_file
from apps.audit.sealing import make_checkpoint, seal
from apps.audit.services import audit_chain_verify
from apps.audit.tests.tampering import tamper
from apps.audit.verification import EVENT_FIELDS
from apps.core import audit

pytestmark = pytest.mark.django_db

OLD_KEY = "the key used until the rotation, long enough"
NEW_KEY = "the key used since the rotation, also long enough"


@pytest.fixture
def keys(settings):
    """Signing with OLD_KEY; returns a function that rotates to NEW_KEY."""
    settings.AUDIT_CHECKPOINT_KEY = OLD_KEY
    settings.AUDIT_CHECKPOINT_KEY_FILE = ""
    settings.AUDIT_CHECKPOINT_RETIRED_KEYS = []
    settings.AUDIT_CHECKPOINT_RETIRED_KEYS_FILE = ""
    settings.AUDIT_CHECKPOINT_REVOKED_KEY_IDS = []

    def rotate(*, retire: bool = True, revoke: bool = False):
        settings.AUDIT_CHECKPOINT_KEY = NEW_KEY
        settings.AUDIT_CHECKPOINT_RETIRED_KEYS = [OLD_KEY] if retire else []
        settings.AUDIT_CHECKPOINT_REVOKED_KEY_IDS = [key_id(OLD_KEY.encode())] if revoke else []

    return rotate


def events(user, count: int, start: int = 0) -> None:
    for index in range(count):
        audit.record(AuditAction.SEARCH, user=user, detail={"n": start + index})


@pytest.fixture
def signed_before_and_after(keys, gateway_officer):
    """Two checkpoints with the old key, a rotation, one checkpoint with the new key."""
    events(gateway_officer, 3)
    seal(checkpoint=True)
    events(gateway_officer, 2, start=3)
    seal(checkpoint=True)
    keys()
    events(gateway_officer, 2, start=5)
    seal(checkpoint=True)
    return list(AuditCheckpoint.objects.order_by("size"))


def test_each_checkpoint_records_the_id_of_the_key_that_signed_it(signed_before_and_after):
    old_id, new_id = key_id(OLD_KEY.encode()), key_id(NEW_KEY.encode())
    assert [c.key_id for c in signed_before_and_after] == [old_id, old_id, new_id]
    assert OLD_KEY not in old_id
    assert len(old_id) == 16


def test_after_a_rotation_new_checkpoints_use_the_new_key_and_old_ones_still_verify(
    signed_before_and_after, capsys
):
    report = audit_chain_verify()
    assert report.ok, report.reason
    assert report.checkpoints_checked == 3
    assert report.untrusted == []
    call_command("verify_audit")
    assert "3 checkpoints" in capsys.readouterr().out


def test_an_old_checkpoint_is_signed_by_an_unknown_key_once_its_key_is_dropped(
    signed_before_and_after, settings
):
    settings.AUDIT_CHECKPOINT_RETIRED_KEYS = []
    report = audit_chain_verify()
    first = signed_before_and_after[0]
    assert report.broken_at == first.size
    assert (
        report.reason == f"checkpoint at {first.size} is signed with an unknown key {first.key_id}"
    )
    with pytest.raises(CommandError, match="signed with an unknown key"):
        call_command("verify_audit")


def test_a_checkpoint_signed_with_a_key_nobody_configured_is_reported(keys, gateway_officer):
    events(gateway_officer, 2)
    checkpoint = make_checkpoint()
    tamper("UPDATE audit_auditcheckpoint SET key_id = %s WHERE id = %s", ["f" * 16, checkpoint.pk])
    report = audit_chain_verify()
    assert "signed with an unknown key ffffffffffffffff" in report.reason


def test_checkpoints_signed_with_a_revoked_key_are_listed_and_not_counted(
    keys, gateway_officer, capsys
):
    events(gateway_officer, 3)
    seal(checkpoint=True)
    keys(retire=False, revoke=True)
    events(gateway_officer, 1, start=3)
    seal(checkpoint=True)
    report = audit_chain_verify()
    assert report.ok, report.reason
    assert report.checkpoints_checked == 1
    revoked = key_id(OLD_KEY.encode())
    assert report.untrusted == [
        f"Checkpoint at 3 is signed with revoked key {revoked}: not counted as evidence."
    ]
    call_command("verify_audit")
    captured = capsys.readouterr()
    assert f"signed with revoked key {revoked}" in captured.err
    assert "1 checkpoints signed with a revoked key were not counted" in captured.out


def test_a_history_rewritten_under_a_revoked_checkpoint_is_caught_by_the_new_keys_checkpoint(
    keys, gateway_officer
):
    """Whoever holds the revoked key can sign what they like with it; the checkpoint the new
    key signed after the rotation covers everything before it, so the rewrite still shows."""
    events(gateway_officer, 3)
    seal(checkpoint=True)
    keys(retire=False, revoke=True)
    seal(checkpoint=True)
    target = AuditSeal.objects.get(position=2)
    values = AuditEvent.objects.filter(pk=target.event_id).values(*EVENT_FIELDS).get()
    values["justification"] = "forged"
    forged = content_hash(values)
    tamper(
        "UPDATE audit_auditevent SET justification = 'forged', hash = %s WHERE sequence = %s",
        [forged, target.event_id],
    )
    previous = AuditSeal.objects.get(position=1).chain_hash
    for each in AuditSeal.objects.filter(position__gte=2).order_by("position"):
        event_hash = forged if each.position == 2 else each.event_hash
        previous = link_hash(previous, each.position, each.event_id, event_hash)
        tamper(
            "UPDATE audit_auditseal SET event_hash = %s, chain_hash = %s WHERE position = %s",
            [event_hash, previous, each.position],
        )
    tamper("UPDATE audit_auditsealstate SET chain_hash = %s", [previous])
    report = audit_chain_verify()
    assert report.broken_at == 3
    assert "history rewritten" in report.reason


def test_a_revoked_key_never_signs(keys, settings, gateway_officer, capsys):
    settings.AUDIT_CHECKPOINT_REVOKED_KEY_IDS = [key_id(OLD_KEY.encode())]
    events(gateway_officer, 1)
    with pytest.raises(CommandError, match="is revoked: configure a new signing key"):
        call_command("audit_checkpoint")
    call_command("seal_audit", no_alerts=True)
    assert "No checkpoint signed" in capsys.readouterr().err
    assert not AuditCheckpoint.objects.exists()
    assert not AuditEvent.objects.filter(seal__isnull=True).exists()


def test_an_export_signed_before_the_rotation_still_proves_growth(
    keys, gateway_officer, tmp_path, capsys
):
    events(gateway_officer, 2)
    exported = tmp_path / "checkpoint.json"
    call_command("audit_checkpoint", export=str(exported))
    keys()
    events(gateway_officer, 2, start=2)
    seal(checkpoint=True)
    call_command("verify_audit", against=str(exported))
    assert "only grown since the exported checkpoint" in capsys.readouterr().out


def test_an_export_signed_with_a_revoked_key_proves_nothing(keys, gateway_officer, tmp_path):
    events(gateway_officer, 2)
    exported = tmp_path / "checkpoint.json"
    call_command("audit_checkpoint", export=str(exported))
    keys(retire=False, revoke=True)
    with pytest.raises(CommandError, match="the exported checkpoint is signed with revoked key"):
        call_command("verify_audit", against=str(exported))


def test_retired_keys_can_come_from_a_file(signed_before_and_after, settings, tmp_path):
    key_file = tmp_path / "retired-keys"
    key_file.write_text(f"# retired 30 November 2026\n{OLD_KEY}\n\n")
    settings.AUDIT_CHECKPOINT_RETIRED_KEYS = []
    settings.AUDIT_CHECKPOINT_RETIRED_KEYS_FILE = str(key_file)
    assert audit_chain_verify().ok
    settings.AUDIT_CHECKPOINT_RETIRED_KEYS_FILE = str(tmp_path / "missing")
    report = audit_chain_verify()
    assert f"AUDIT_CHECKPOINT_RETIRED_KEYS_FILE {tmp_path / 'missing'} does not exist." in (
        report.notes
    )
    assert "unknown key" in report.reason


def test_an_archive_signed_with_a_retired_key_still_verifies(
    keys, gateway_officer, tmp_path, settings, capsys
):
    events(gateway_officer, 3)
    seal(checkpoint=True)
    settings.AUDIT_RETENTION_DAYS = 0
    call_command("archive_audit", to=str(tmp_path), days=0)
    archive_file = next(tmp_path.glob("audit-archive-*.jsonl"))
    keys()
    events(gateway_officer, 1, start=3)
    seal(checkpoint=True)
    assert audit_chain_verify().ok
    assert verify_archive_file(archive_file).ok
    keys(retire=False, revoke=True)
    report = verify_archive_file(archive_file)
    assert report.ok
    assert "signed with revoked key" in report.note
    call_command("verify_audit", archive=str(archive_file))
    assert "not counted as evidence" in capsys.readouterr().out
    assert "archived seals 1 to 3 is signed with revoked key" in audit_chain_verify().untrusted[0]
    keys(retire=False)
    assert "unknown key" in verify_archive_file(archive_file).reason


def test_audit_keys_lists_each_key_by_role_and_what_it_signed(
    signed_before_and_after, settings, capsys
):
    settings.AUDIT_CHECKPOINT_REVOKED_KEY_IDS = ["0123456789abcdef"]
    call_command("audit_keys")
    out = capsys.readouterr().out
    old_id, new_id = key_id(OLD_KEY.encode()), key_id(NEW_KEY.encode())
    assert f"{new_id}  signing: 1 checkpoints (sizes 7 to 7), 0 archives" in out
    assert f"{old_id}  retired (verifies, never signs): 2 checkpoints (sizes 3 to 5)" in out
    assert "0123456789abcdef  revoked (not trusted): no checkpoints" in out
    assert OLD_KEY not in out
    assert NEW_KEY not in out
    settings.AUDIT_CHECKPOINT_RETIRED_KEYS = []
    call_command("audit_keys")
    assert f"{old_id}  UNKNOWN (not configured): 2 checkpoints" in capsys.readouterr().out


def test_audit_keys_generates_a_key_and_names_its_id(capsys):
    call_command("audit_keys", generate=True)
    lines = dict(line.split(":", 1) for line in capsys.readouterr().out.splitlines()[:2])
    key = lines["Key"].strip()
    assert len(key) >= 64
    assert lines["Key id"].strip() == key_id(key.encode())


def deploy_errors() -> list[str]:
    return [message.id for message in checkpoint_key_configured()]


def test_the_deploy_check_passes_with_a_long_signing_key(keys):
    assert deploy_errors() == []


@pytest.mark.parametrize(
    ("key", "key_file", "revoked", "expected"),
    [
        ("", "", False, "audit.E001"),  # no key at all
        ("", "/nonexistent/audit-key", False, "audit.E001"),  # a key file that is not there
        (OLD_KEY, "", True, "audit.E001"),  # the signing key is revoked
        ("short", "", False, "audit.E002"),
    ],
)
def test_the_deploy_check_refuses_a_missing_unusable_or_weak_key(
    settings, key, key_file, revoked, expected
):
    settings.AUDIT_CHECKPOINT_KEY = key
    settings.AUDIT_CHECKPOINT_KEY_FILE = key_file
    settings.AUDIT_CHECKPOINT_REVOKED_KEY_IDS = [key_id(OLD_KEY.encode())] if revoked else []
    assert deploy_errors() == [expected]


def test_the_deploy_check_refuses_a_missing_retired_keys_file(keys, settings):
    settings.AUDIT_CHECKPOINT_RETIRED_KEYS_FILE = "/nonexistent/retired"
    assert deploy_errors() == ["audit.E003"]


def _check_deploy(**env) -> subprocess.CompletedProcess:
    return _production(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], env
    )


def _start_service(**env) -> subprocess.CompletedProcess:
    """Load the WSGI application as gunicorn does, without serving."""
    return _production([sys.executable, "-c", "import prevent.wsgi"], env)


def _production(command: list[str], env: dict) -> subprocess.CompletedProcess:
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("AUDIT_CHECKPOINT")
        and name not in {"DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="prevent.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="prevent.example.invalid",
        **env,
    )
    return subprocess.run(
        command,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_deploy_without_a_checkpoint_key():
    refused = _check_deploy()
    assert refused.returncode != 0
    assert "audit.E001" in refused.stderr
    accepted = _check_deploy(AUDIT_CHECKPOINT_KEY="k" * 64)
    assert accepted.returncode == 0, accepted.stderr


def test_the_service_refuses_to_start_without_a_checkpoint_key():
    refused = _start_service()
    assert refused.returncode != 0
    assert "Refusing to serve" in refused.stderr
    assert "audit.E001" in refused.stderr
    started = _start_service(AUDIT_CHECKPOINT_KEY="k" * 64)
    assert started.returncode == 0, started.stderr


def test_the_loaded_service_is_kept_out_of_the_garbage_collectors_walks():
    started = _production(
        [sys.executable, "-c", "import gc, prevent.wsgi; print(gc.get_freeze_count())"],
        {"AUDIT_CHECKPOINT_KEY": "k" * 64},
    )
    assert started.returncode == 0, started.stderr
    assert int(started.stdout.split()[-1]) > 10_000


def test_an_exported_checkpoint_names_its_key(keys, gateway_officer, tmp_path):
    events(gateway_officer, 1)
    exported = tmp_path / "checkpoint.json"
    call_command("audit_checkpoint", export=str(exported))
    assert json.loads(exported.read_text())["key_id"] == key_id(OLD_KEY.encode())
