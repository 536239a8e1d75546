"""The record types the work layer knows about, registered by the apps that own them.

`work` sits below every app with records officers work on (people, referrals, cases,
Cyber Prevent packages), so it never imports them (ADR 0016, ADR 0018). Instead an
app registers its model in its AppConfig.ready():

    work_registry.register_record_type(Referral, label="referral")

A registered model must have a unique `reference`, a `team` and `get_absolute_url()` made
of its id alone (every `core.models.AccessControlledModel` with a reference does).
Registered types can be allocated to an officer and linked from a task.

Reminder providers (`register_reminders`) are functions `(today) -> iterable of
Reminder`: the scheduled check (`manage.py send_reminders`, or the `send_reminders`
task) sends each reminder once, by its key. Tasks due and overdue are one provider;
partners' expiry reminders and cases' review reminders can be others.

Team-view columns (`register_team_column`) add a count per officer to the supervisor's
team view: a function `(user, officers) -> {officer_id: count}` under a heading. A column
that also gives `query(user, officers)` -> a queryset of (officer id, count) rows is read
with the view's other counts in one round trip (core.queries.rows_together, ADR 0034).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import ImproperlyConfigured
from django.db import models

from apps.core.tables import LinkTemplate


@dataclass(frozen=True)
class RecordType:
    model: type[models.Model]
    label: str
    # Which records still need work (() -> Q), and which of those are overdue ((today) -> Q):
    # the team view counts only these. None: every record counts, none is overdue.
    open_q: Callable[[], models.Q] | None = None
    overdue_q: Callable[..., models.Q] | None = None

    def open_records(self) -> models.QuerySet:
        records = self.model._default_manager.all()
        return records.filter(self.open_q()) if self.open_q else records

    @property
    def key(self) -> str:
        return self.model._meta.label_lower

    @cached_property
    def url(self) -> LinkTemplate:
        """`url(pk)`: a record's page by its id alone, without reading the record."""
        return LinkTemplate.of_records(self.model)


@dataclass(frozen=True)
class Reminder:
    """One message to send once: the key makes a second check send nothing new."""

    key: str
    recipient_id: int
    subject: str
    body: str
    link: str = ""


@dataclass(frozen=True)
class TeamColumn:
    heading: str
    counts: Callable  # (user, officers) -> dict[officer_id, int]
    order: int = 100
    query: Callable | None = None  # (user, officers) -> QuerySet of (officer_id, count)


_record_types: dict[str, RecordType] = {}
_reminder_providers: list[Callable[..., Iterable[Reminder]]] = []
_team_columns: list[TeamColumn] = []


def register_record_type(
    model: type[models.Model],
    *,
    label: str,
    open_q: Callable[[], models.Q] | None = None,
    overdue_q: Callable[..., models.Q] | None = None,
) -> type[models.Model]:
    """Let records of `model` be allocated and linked from tasks (idempotent)."""
    field_names = {field.name for field in model._meta.get_fields()}
    if "team" not in field_names or not hasattr(model, "reference"):
        raise ImproperlyConfigured(f"{model._meta.label} needs a team and a reference")
    record_type = RecordType(model=model, label=label, open_q=open_q, overdue_q=overdue_q)
    _record_types[record_type.key] = record_type
    return model


def record_types() -> list[RecordType]:
    return list(_record_types.values())


def record_type_for(model: type[models.Model]) -> RecordType:
    try:
        return _record_types[model._meta.label_lower]
    except KeyError:
        raise ImproperlyConfigured(
            f"{model._meta.label} is not a work record type: register it in its AppConfig.ready()"
        ) from None


def is_record_type(model: type[models.Model]) -> bool:
    return model._meta.label_lower in _record_types


def register_reminders(provider: Callable[..., Iterable[Reminder]]) -> Callable:
    if provider not in _reminder_providers:
        _reminder_providers.append(provider)
    return provider


def reminder_providers() -> list[Callable[..., Iterable[Reminder]]]:
    return list(_reminder_providers)


def register_team_column(column: TeamColumn) -> TeamColumn:
    """Add a per-officer count to the supervisor's team view (idempotent by heading)."""
    _team_columns[:] = [kept for kept in _team_columns if kept.heading != column.heading]
    _team_columns.append(column)
    _team_columns.sort(key=lambda existing: existing.order)
    return column


def team_columns() -> list[TeamColumn]:
    return list(_team_columns)


def record_type_by_label(label: str) -> RecordType | None:
    return next((rt for rt in _record_types.values() if rt.label == label), None)
