"""manage.py rebuild_match_keys

Recompute every person's match record, prepared record and blocking keys, and every
external nominal's blocking keys, after the blocking rules change (as in ADR 0015).
Until it has run, people keep their old keys: real-time matching still scores them
correctly but finds fewer candidates for them. Safe to re-run and to interrupt: each
batch is its own transaction, and a person's keys are replaced only as a whole.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from apps.matching import linkage
from apps.matching.deconfliction import external_match_record
from apps.matching.models import ExternalNominal, ExternalNominalMatchKey
from apps.matching.services import person_match_index_refresh
from apps.people.models import Person


class Command(BaseCommand):
    help = "Recompute blocking keys and match records for every person and external nominal."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size: int, **options):
        people = self._rebuild_people(batch_size)
        nominals = self._rebuild_nominals(batch_size)
        self.stdout.write(
            self.style.SUCCESS(f"Rebuilt match keys for {people} people and {nominals} nominals.")
        )

    def _rebuild_people(self, batch_size: int) -> int:
        ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            with transaction.atomic():
                for person in Person.objects.filter(pk__in=ids[start : start + batch_size]):
                    person_match_index_refresh(person=person)
            self.stdout.write(f"  people {min(start + batch_size, len(ids))}/{len(ids)}")
        return len(ids)

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
