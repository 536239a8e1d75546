"""What cases offers the apps above it (assessments, support plans, documents, panels, cyber).

Cases sits below those apps and may not import them (ADR 0016). They plug into the case
page from their AppConfig.ready():

- `register_case_section(label=..., url_name=..., capability=..., order=..., case_types=())`:
  a tab in the case's sub navigation. The URL is reversed with `case_id=<case.pk>`; the tab
  shows only to a user whose role has `capability` (None: anyone who may see the case), and
  only on cases of `case_types` (empty: every type).
- `register_timeline_source(source, kinds={"assessment": "Assessments"})`: entries for the
  case's timeline. `source(case, kinds)` is called with the case and the set of kinds the
  reader asked for (never empty; only kinds this source declared) and returns
  `TimelineEntry`s **newest first**. The page reads at most `TIMELINE_LIMIT` entries from
  each source, so return a sliced queryset's rows or a generator, never a whole history.
  Pass `stamps=`, `stamps(case, kinds)` -> [(queryset, "datetime field"), ...]: the records
  the source draws its entries from and the field giving each entry's time (one pair per
  kind of record), so the timeline first asks every source in one query (a UNION) which of
  them have entries among the newest shown, and calls only those (ADR 0034). A source
  without stamps is called every time.
- `on_reoffending_checks_scheduled(callback)`: `callback(case=, checks=, officer=)` runs when a
  case's re-offending checks are (re)scheduled (cyber_impact links its outcome measures).

Every app above reads a case only through `apps.cases.selectors.case_get(user=, case_id=,
action=)` (the access decision: a case out of reach is a 404, audited, and the consultation
is recorded) or narrows its own records with `case__in=apps.cases.selectors.case_list(user=)`:
a restricted case and everything in it exist only for its access list.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

TIMELINE_LIMIT = 200


@dataclass(frozen=True)
class CaseSection:
    """A tab in the case's sub navigation."""

    label: str
    url_name: str
    capability: str | None = None
    order: int = 100
    case_types: tuple[str, ...] = ()

    def shows_on(self, case) -> bool:
        return not self.case_types or case.case_type in self.case_types


@dataclass(frozen=True)
class TimelineEntry:
    """One thing that happened on a case: when, who (a display name), what, its kind, a link."""

    when: datetime.datetime
    who: str
    what: str
    kind: str
    link: str = ""


_sections: list[CaseSection] = []
_sources: list[tuple[Callable[..., Iterable[TimelineEntry]], dict[str, str]]] = []
_stamps: dict[Callable[..., Iterable[TimelineEntry]], Callable[..., list[tuple]]] = {}
_kinds: dict[str, str] = {}


def register_case_section(
    *,
    label: str,
    url_name: str,
    capability: str | None = None,
    order: int = 100,
    case_types: tuple[str, ...] = (),
) -> CaseSection:
    """Add a tab to every case's sub navigation (idempotent), kept sorted by `order`."""
    section = CaseSection(
        label=label,
        url_name=url_name,
        capability=capability,
        order=order,
        case_types=tuple(case_types),
    )
    if section not in _sections:
        _sections.append(section)
        _sections.sort(key=lambda entry: entry.order)
    return section


def case_sections() -> list[CaseSection]:
    return list(_sections)


def register_timeline_kind(code: str, label: str) -> None:
    """A kind of timeline entry the reader can filter by ("contact": "Contacts")."""
    _kinds.setdefault(code, label)


def register_timeline_source(
    source: Callable[..., Iterable[TimelineEntry]],
    *,
    kinds: dict[str, str],
    stamps: Callable[..., list[tuple]] | None = None,
) -> Callable[..., Iterable[TimelineEntry]]:
    """Add `source(case, kinds)` to every case's timeline (idempotent); `stamps(case, kinds)`
    says when its entries happened, without drawing them (see the module's docstring)."""
    for code, label in kinds.items():
        register_timeline_kind(code, label)
    if all(registered is not source for registered, _ in _sources):
        _sources.append((source, dict(kinds)))
    if stamps is not None:
        _stamps[source] = stamps
    return source


def timeline_stamps(source: Callable[..., Iterable[TimelineEntry]]) -> Callable | None:
    """The source's `stamps`, if it declared them."""
    return _stamps.get(source)


def timeline_sources() -> list[tuple[Callable[..., Iterable[TimelineEntry]], dict[str, str]]]:
    return list(_sources)


def timeline_kinds() -> dict[str, str]:
    """Every kind of entry, code to label, in the order they were registered."""
    return dict(_kinds)


# --- Re-offending checks scheduled (cyber_impact links its outcome measures to them) ----------
_checks_scheduled: list[Callable] = []


def on_reoffending_checks_scheduled(callback: Callable) -> Callable:
    """`callback(case=..., checks=..., officer=...)` runs inside the transaction that schedules
    a case's re-offending checks (idempotent)."""
    if callback not in _checks_scheduled:
        _checks_scheduled.append(callback)
    return callback


def reoffending_checks_scheduled(*, case, checks, officer) -> None:
    for callback in _checks_scheduled:
        callback(case=case, checks=checks, officer=officer)
