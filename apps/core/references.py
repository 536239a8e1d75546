"""Human-readable record references: what officers quote, and what logs may carry."""

import re

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


# A reference typed in part: "PR-2026-00352", "2026-00352", "00352" or "352".
_REFERENCE_PART = re.compile(r"^(?:([A-Z]{2,3})-?)?(?:(\d{4})-)?(\d{1,7})$")
RECENT_YEARS = 10


def reference_candidates(prefix: str, text: str, *, width: int = 5) -> list[str]:
    """The whole references `text` may be part of, for an exact (indexed) look-up.

    A number alone stands for that number in any year the series has used (and the last
    ten); a year and number for one reference. Anything else gives only itself, upper-cased.
    """
    typed = (text or "").strip().upper()
    match = _REFERENCE_PART.match(typed)
    if not match:
        return [typed] if typed else []
    typed_prefix, year, number = match.groups()
    if typed_prefix and typed_prefix != prefix:
        return [typed]
    if year:
        years = [int(year)]
    else:
        this_year = timezone.localdate().year
        years = sorted(
            set(ReferenceCounter.objects.filter(prefix=prefix).values_list("year", flat=True))
            | set(range(this_year - RECENT_YEARS, this_year + 1))
        )
    return [f"{prefix}-{each}-{int(number):0{width}d}" for each in years]
