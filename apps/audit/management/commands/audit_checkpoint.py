"""manage.py audit_checkpoint: seal, sign a checkpoint now, and optionally export it."""

import json
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from apps.audit.models import AuditCheckpoint
from apps.audit.sealing import checkpoint_as_dict, seal


class Command(BaseCommand):
    help = (
        "Seal what is waiting, sign a checkpoint of the audit chain, and with --export FILE "
        "write the latest checkpoint to FILE, to keep where the database administrator "
        "cannot reach it (verify_audit --against FILE)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--export", help="Write the latest signed checkpoint to this file.")
        parser.add_argument(
            "--no-new", action="store_true", help="Export the latest checkpoint without signing."
        )

    def handle(self, *args, export=None, no_new=False, **options):
        try:
            if not no_new:
                run = seal(checkpoint=True)
                self.stdout.write(f"Signed a checkpoint at {run.checkpoint.size} events.")
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        if export:
            latest = AuditCheckpoint.objects.order_by("-size", "-id").first()
            if latest is None:
                raise CommandError("There is no checkpoint to export yet.")
            Path(export).write_text(json.dumps(checkpoint_as_dict(latest), indent=2) + "\n")
            self.stdout.write(f"Wrote the checkpoint at {latest.size} events to {export}.")
