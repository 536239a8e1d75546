"""What higher apps plug into documents: the kinds of document and the calendar sources.

Documents sits low (just above the platform apps) and imports no domain app: the apps that
own the records register, in their AppConfig.ready(),
- a document kind: how to fetch its record for a user (access-checked, consultation
  recorded), the plain data the template sees, sample data to check a template with, and
  the text an administrator starts from;
- a calendar source: a user's dated items, by reference only (never a name).
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DocumentKind:
    code: str
    label: str
    # (*, user, object_id) -> the record: raises Http404/PermissionDenied, records the view.
    get_record: Callable
    # (*, user, record) -> dict of plain values (str, int, date, list, dict): all a template sees.
    build_context: Callable
    sample_context: dict
    default_body: str
    # What the generate button is labelled with on the record's page.
    button_text: str = ""
    help_text: str = ""


@dataclass(frozen=True)
class CalendarItem:
    """One dated item in a user's feed. `summary` and `description` carry references only."""

    uid: str
    summary: str
    start: datetime.date | datetime.datetime
    end: datetime.date | datetime.datetime | None = None
    description: str = ""
    categories: list[str] = field(default_factory=list)


_kinds: dict[str, DocumentKind] = {}
_calendar_sources: list[Callable[..., Iterable[CalendarItem]]] = []


def register_document_kind(kind: DocumentKind) -> DocumentKind:
    _kinds[kind.code] = kind
    return kind


def document_kind(code: str) -> DocumentKind | None:
    return _kinds.get(code)


def document_kinds() -> list[DocumentKind]:
    return sorted(_kinds.values(), key=lambda kind: kind.label)


def register_calendar_source(source: Callable[..., Iterable[CalendarItem]]) -> Callable:
    """`source(*, user)` returns the user's items, through the owning app's selectors."""
    if source not in _calendar_sources:
        _calendar_sources.append(source)
    return source


def calendar_sources() -> list[Callable[..., Iterable[CalendarItem]]]:
    return list(_calendar_sources)
