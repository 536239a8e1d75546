"""manage.py rebuild_match_keys

Recompute every live person's prepared match record and index keys (blocking keys and
name-frequency keys), and every external nominal's blocking keys, after the blocking
rules or comparisons change (as in ADR 0015 and ADR 0025). Until it has run, people
keep their old keys: real-time matching still scores them correctly but finds fewer
candidates for them, and counts their names as held by fewer people.

Bulk: a batch of people costs a handful of statements (read their match records and
other names, update, delete the keys no longer wanted, insert the new ones), not four
per person. Safe to re-run and to interrupt: each batch is its own transaction, and
`--after ID` carries on after the last person id a previous run printed.
"""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from apps.matching import linkage
from apps.matching.deconfliction import external_match_record
from apps.matching.models import ExternalNominal, ExternalNominalMatchKey
from apps.matching.services import people_match_index_rebuild


class Command(BaseCommand):
    help = "Recompute blocking keys and match records for every person and external nominal."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument(
            "--after", help="Carry on after this person id (the last one a run printed)"
        )

    def handle(self, *args, batch_size: int, after: str | None, **options):
        started = time.perf_counter()
        people = self._rebuild_people(batch_size, after)
        nominals = self._rebuild_nominals(batch_size)
        self.stdout.write(
            self.style.SUCCESS(
                f"Rebuilt match keys for {people} people and {nominals} nominals "
                f"in {time.perf_counter() - started:.1f} s."
            )
        )

    def _rebuild_people(self, batch_size: int, after: str | None) -> int:
        done = batches = 0
        while True:
            with transaction.atomic():
                count, last = people_match_index_rebuild(after=after, batch_size=batch_size)
            if last is None:
                return done
            done, batches, after = done + count, batches + 1, last
            if batches % 50 == 0:
                self.stdout.write(f"  people: {done:,} done, last id {last}")

    def _rebuild_nominals(self, batch_size: int) -> int:
        ids = list(ExternalNominal.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            with transaction.atomic():
                nominals = list(
                    ExternalNominal.objects.filter(pk__in=ids[start : start + batch_size])
                )
                ExternalNominalMatchKey.objects.filter(nominal__in=nominals).delete()
                ExternalNominalMatchKey.objects.bulk_create(
                    ExternalNominalMatchKey(nominal=nominal, key=key)
                    for nominal in nominals
                    for key in linkage.blocking_keys(external_match_record(nominal))
                )
        return len(ids)
