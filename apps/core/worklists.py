"""The one **My work** page: apps register the work lists they provide (never a page of their own).

A provider is a function (user) -> WorkList | None. Returning None means the
list does not apply to this user (their role has no such work). The page shows a
summary of every list with its count first, then the lists: those with urgent
items first, then those with overdue items, then by `order`.

A row is a dict: `cells` (the first cell links to `href`), and optionally
`urgent` / `overdue` (drawn as tags), and `action` ({"url", "label"}: a button that
POSTs to `url`, such as "Take" on an unallocated referral).
"""

import collections
import contextvars
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from apps.core import access, prepared
from apps.core.queries import rows_together

# A work list counts its items, and its overdue ones, no further than this: past it the page
# says "more than 100" (ADR 0034), so a list's cost follows what it shows, not the years of
# work behind it.
COUNT_LIMIT = 100


def up_to_limit(number: int) -> str:
    """A count as the page says it: exact up to COUNT_LIMIT, else "more than 100"."""
    return f"more than {COUNT_LIMIT:,}" if number > COUNT_LIMIT else f"{number:,}"


@dataclass
class WorkList:
    title: str
    empty_text: str
    rows: list[dict] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    link: str = ""
    link_text: str = ""
    # How many items there are in all (the rows may show only the first few); None: len(rows).
    count: int | None = None
    overdue: int = 0
    urgent: int = 0
    order: int = 100
    key: str = ""

    @property
    def total(self) -> int:
        return len(self.rows) if self.count is None else self.count

    @property
    def total_text(self) -> str:
        return up_to_limit(self.total)

    @property
    def overdue_text(self) -> str:
        return up_to_limit(self.overdue)

    @property
    def anchor(self) -> str:
        return self.key or "".join(c if c.isalnum() else "-" for c in self.title.lower())


def head_and_counts(
    queryset,
    *,
    shown: int,
    overdue: Callable | None = None,
    overdue_q: Q | None = None,
    user=None,
    shape: str = "",
) -> tuple[list, int, int]:
    """The first `shown` rows of a work list, how many there are and how many are overdue.

    When the rows do not fill `shown` they are the whole list, so both counts come from them
    (no query); otherwise each count is one query that stops one row past COUNT_LIMIT (a
    count past the limit means "more than 100": WorkList.total_text). `overdue(row)` and
    `overdue_q` say the same thing of a row and in the database.

    `queryset` may instead be a function that builds it, named by `shape` for `user`: its
    SQL is then compiled once per user and day, not on every visit (core.prepared, ADR 0040),
    so it must depend on nothing but the user and today's date."""
    if callable(queryset):
        build = queryset
        [rows] = _read(
            user, f"work list {shape}", lambda values: [build()[:shown]], key=(shown,), rows=False
        )
    else:
        build = lambda: queryset  # noqa: E731 (the queryset as its own builder)
        rows = list(queryset[:shown])
    if len(rows) < shown:
        return rows, len(rows), sum(1 for row in rows if overdue and overdue(row))
    upto = max(COUNT_LIMIT, shown) + 1
    counted = [lambda: build().order_by().values("pk")[:upto]]
    if overdue_q is not None:
        counted.append(lambda: build().filter(overdue_q).order_by().values("pk")[:upto])
    names = [f"{shape} ({part})" if shape else "" for part in ("all", "overdue")][: len(counted)]
    pending = _pending_counts.get()
    if pending is not None:  # for_user reads every list's counts together, once
        counts = [PendingCount() for _ in counted]
        pending.extend(zip(names, counted, counts, strict=True))
    else:
        counts = _counted(user, list(zip(names, counted, strict=True)))
    return rows, counts[0], counts[1] if overdue_q is not None else 0


class PendingCount:
    """A count head_and_counts asked for while for_user builds the page: known once for_user
    has read every list's counts in one query. Until then it is true (the list's first rows
    are full, so there is at least one item); for_user puts the number in its place."""

    value: int | None = None

    def __bool__(self) -> bool:
        return True


_pending_counts: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "work_list_counts", default=None
)


def _counted(user, builders: list[tuple[str, Callable]]) -> list[int]:
    """How many rows each (sliced) queryset holds, in one query. Named builders are
    compiled once per user and day (core.prepared); unnamed ones each time."""
    if builders and all(name for name, _ in builders):
        return _read(
            user,
            "work list counts",
            lambda values: [build() for _, build in builders],
            key=tuple(name for name, _ in builders),
            rows=prepared.COUNT,
        )
    return [len(rows) for rows in rows_together(*(build() for _, build in builders))]


_providers: list[Callable] = []


def register(provider: Callable) -> Callable:
    if provider not in _providers:
        _providers.append(provider)
    return provider


# What each user's My work read last time (their lists' shapes, and the counts'): on the next
# visit those are read at once, in one round trip, before the lists are drawn (ADR 0040).
_last_read: collections.OrderedDict = collections.OrderedDict()
_LAST_READ_USERS = 1024
# While for_user draws the lists: (results read at once, the shapes the lists asked for).
_fetched: contextvars.ContextVar[tuple[dict, list] | None] = contextvars.ContextVar(
    "work_list_rows", default=None
)


def _read(user, name: str, build: Callable, *, key: tuple, rows: bool | str) -> list:
    """A shape's results (core.prepared): taken from what for_user read at once when it read
    this shape (checked against `build` under the test settings), else read now; either way
    remembered as one of the shapes this visit ran."""
    request = (name, key, rows)
    fetched = _fetched.get()
    if fetched is not None:
        fetched[1].append(request)
        if request in fetched[0]:
            prepared.check(user, name, build, key=key, rows=rows)
            return fetched[0][request]
    if rows == prepared.COUNT:
        [found] = prepared.batch(user, prepared.Call(name, build, key=key, rows=rows))
        return found
    read = prepared.rows_together if rows else prepared.together
    return read(user, name, build, key=key)


def for_user(user) -> list[WorkList]:
    """The user's work lists: urgent first, then overdue, then in their declared order.

    The counts of every list whose first rows are full are read together, in one query;
    on later visits the lists' rows and counts are all read in one query first."""
    remembered = (access.fingerprint(user), timezone.localdate())
    fetched = (prepared.prefetch(user, list(_last_read.get(remembered, ()))), [])
    tokens = (_pending_counts.set([]), _fetched.set(fetched))
    try:
        lists = [work for provider in _providers if (work := provider(user)) is not None]
        pending = _pending_counts.get()
        if pending:
            values = _counted(user, [(name, build) for name, build, _ in pending])
            for (_, _, count), value in zip(pending, values, strict=True):
                count.value = value
    finally:
        _pending_counts.reset(tokens[0])
        _fetched.reset(tokens[1])
    _last_read[remembered] = tuple(fetched[1])
    _last_read.move_to_end(remembered)
    while len(_last_read) > _LAST_READ_USERS:
        _last_read.popitem(last=False)
    for work in lists:
        for name in ("count", "overdue", "urgent"):
            if isinstance(getattr(work, name), PendingCount):
                setattr(work, name, getattr(work, name).value)
    return sorted(lists, key=lambda work: (work.urgent == 0, work.overdue == 0, work.order))
