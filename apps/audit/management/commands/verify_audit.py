"""manage.py verify_audit: check the audit trail end to end (docs/user/audit.md)."""

import os

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.audit.retention import verify_archive_file
from apps.audit.services import audit_chain_verify
from apps.audit.verification import load_checkpoint_file

DEFAULT_WORKERS = min(4, os.cpu_count() or 1)


class Command(BaseCommand):
    help = (
        "Verify every sealed audit event against the chain and every checkpoint's signature; "
        "report unsealed events; with --against FILE, prove the log has only grown since an "
        "exported checkpoint."
    )

    def add_arguments(self, parser):
        parser.add_argument("--against", help="A checkpoint file from audit_checkpoint --export.")
        parser.add_argument(
            "--archive", help="Verify an archive file from archive_audit, on its own."
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=DEFAULT_WORKERS,
            help=(
                "Check the chain in this many processes at once (default: the machine's cores, "
                "up to 4; trails under 100,000 seals a process are checked in one)."
            ),
        )

    def handle(self, *args, against=None, archive=None, workers=DEFAULT_WORKERS, **options):
        if workers < 1:
            raise CommandError("--workers must be 1 or more.")
        if archive:
            self._verify_archive(archive)
            return
        exported = None
        if against:
            try:
                exported = load_checkpoint_file(against)
            except (OSError, ValueError) as error:
                raise CommandError(f"Cannot read the checkpoint file {against}: {error}") from error
        report = audit_chain_verify(against=exported, workers=workers)
        for note in report.notes:
            self.stderr.write(note)
        for untrusted in report.untrusted:
            self.stderr.write(self.style.WARNING(untrusted))
        if not report.ok:
            raise CommandError(
                f"Audit chain broken at event {report.broken_at}: {report.reason}. "
                f"{report.checked} events verified before it."
            )
        lines = [
            f"Audit chain intact: {report.checked} events, "
            f"{report.checkpoints_checked} checkpoints."
        ]
        if report.untrusted:
            lines.append(
                f"{len(report.untrusted)} checkpoints signed with a revoked key were not "
                "counted as evidence (listed above)."
            )
        if report.unsealed:
            age = timezone.now() - report.oldest_unsealed_at
            lines.append(
                f"{report.unsealed} events not yet sealed; the oldest is "
                f"{age.total_seconds():.0f} seconds old."
            )
        else:
            lines.append("No events waiting to be sealed.")
        if report.grown_from is not None:
            lines.append(
                f"The log has only grown since the exported checkpoint "
                f"({report.grown_from} events then, {report.checked} verified now)."
            )
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))

    def _verify_archive(self, path: str) -> None:
        try:
            report = verify_archive_file(path)
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"Cannot read the archive {path}: {error}") from error
        if not report.ok:
            raise CommandError(
                f"Archive {path} does not verify: {report.reason}. "
                f"{report.checked} events verified before it."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Archive intact: {report.checked} events, seals {report.first_position} to "
                f"{report.last_position}"
                + (
                    f". {report.note}"
                    if report.note
                    else ", and its checkpoint's signature is valid."
                )
            )
        )
