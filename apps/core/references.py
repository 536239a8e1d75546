"""Human-readable record references: what officers quote, and what logs may carry."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from apps.core.models import ReferenceCounter


def next_reference(prefix: str, *, width: int = 5) -> str:
    """The next reference in the prefix's series for this year, e.g. PR-2026-00042.

    The counter row is incremented with an UPDATE so concurrent callers never share a number.
    """
    year = timezone.localdate().year
    with transaction.atomic():
        updated = ReferenceCounter.objects.filter(prefix=prefix, year=year).update(
            last_number=F("last_number") + 1
        )
        if not updated:
            try:
                with transaction.atomic():
                    ReferenceCounter.objects.create(prefix=prefix, year=year, last_number=1)
            except IntegrityError:
                ReferenceCounter.objects.filter(prefix=prefix, year=year).update(
                    last_number=F("last_number") + 1
                )
        number = ReferenceCounter.objects.get(prefix=prefix, year=year).last_number
    return f"{prefix}-{year}-{number:0{width}d}"


def next_references(prefix: str, count: int, *, width: int = 5) -> list[str]:
    """`count` consecutive references in one update, for bulk creation (an import batch)."""
    if count <= 0:
        return []
    year = timezone.localdate().year
    with transaction.atomic():
        updated = ReferenceCounter.objects.filter(prefix=prefix, year=year).update(
            last_number=F("last_number") + count
        )
        if not updated:
            try:
                with transaction.atomic():
                    ReferenceCounter.objects.create(prefix=prefix, year=year, last_number=count)
            except IntegrityError:
                ReferenceCounter.objects.filter(prefix=prefix, year=year).update(
                    last_number=F("last_number") + count
                )
        last = ReferenceCounter.objects.get(prefix=prefix, year=year).last_number
    return [f"{prefix}-{year}-{number:0{width}d}" for number in range(last - count + 1, last + 1)]
