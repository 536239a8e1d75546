"""manage.py seal_audit: seal committed audit events, once or every N seconds."""

import time

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from apps.audit.misuse import detect_misuse
from apps.audit.sealing import seal


class Command(BaseCommand):
    help = (
        "Give committed audit events their place in the chain and sign a checkpoint when one "
        "is due (AUDIT_CHECKPOINT_EVERY); run the misuse rules (every AUDIT_MISUSE_EVERY "
        "seconds). With --every N, keep doing it every N seconds."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0, help="Repeat every N seconds.")
        parser.add_argument(
            "--no-alerts", action="store_true", help="Do not run the misuse rules after sealing."
        )

    def handle(self, *args, every=0, no_alerts=False, **options):
        rules_every = getattr(settings, "AUDIT_MISUSE_EVERY", 300)
        rules_ran = None
        while True:
            due = rules_ran is None or time.monotonic() - rules_ran >= rules_every
            self._once(alerts=due and not no_alerts, quiet=bool(every))
            if due:
                rules_ran = time.monotonic()
            if not every:
                return
            time.sleep(every)
            close_old_connections()

    def _once(self, *, alerts: bool, quiet: bool) -> None:
        try:
            run = seal(checkpoint=None)
        except ImproperlyConfigured as error:
            # Sealing never needs the key; only the checkpoint does. Seal, and say why not.
            run = seal(checkpoint=False)
            self.stderr.write(f"No checkpoint signed: {error}")
        except DatabaseError as error:
            if not quiet:
                raise
            self.stderr.write(f"Sealing failed, will retry: {error}")
            return
        if alerts:
            detect_misuse()
        if run.sealed or not quiet:
            message = f"Sealed {run.sealed} events; the chain holds {run.position}."
            if run.checkpoint is not None:
                message += f" Signed a checkpoint at {run.checkpoint.size}."
            self.stdout.write(message)
