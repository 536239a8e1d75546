"""The one **My work** page: apps register the work lists they provide (never a page of their own).

A provider is a function (user) -> WorkList | None. Returning None means the
list does not apply to this user (their role has no such work). The page shows a
summary of every list with its count first, then the lists: those with urgent
items first, then those with overdue items, then by `order`.

A row is a dict: `cells` (the first cell links to `href`), and optionally
`urgent` / `overdue` (drawn as tags), and `action` ({"url", "label"}: a button that
POSTs to `url`, such as "Take" on an unallocated referral).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Q


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
    def anchor(self) -> str:
        return self.key or "".join(c if c.isalnum() else "-" for c in self.title.lower())


def head_and_counts(
    queryset, *, shown: int, overdue: Callable | None = None, overdue_q: Q | None = None
) -> tuple[list, int, int]:
    """The first `shown` rows of a work list, how many there are and how many are overdue.

    When the rows do not fill `shown` they are the whole list, so both counts come from them
    (no query); otherwise one query counts both (a conditional aggregate). `overdue(row)` and
    `overdue_q` say the same thing of a row and in the database."""
    rows = list(queryset[:shown])
    if len(rows) < shown:
        return rows, len(rows), sum(1 for row in rows if overdue and overdue(row))
    if overdue_q is None:
        return rows, queryset.order_by().count(), 0
    counts = queryset.order_by().aggregate(count=Count("pk"), overdue=Count("pk", filter=overdue_q))
    return rows, counts["count"], counts["overdue"]


_providers: list[Callable] = []


def register(provider: Callable) -> Callable:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def for_user(user) -> list[WorkList]:
    """The user's work lists: urgent first, then overdue, then in their declared order."""
    lists = [work for provider in _providers if (work := provider(user)) is not None]
    return sorted(lists, key=lambda work: (work.urgent == 0, work.overdue == 0, work.order))
