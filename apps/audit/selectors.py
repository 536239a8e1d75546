"""Reads of the audit trail. Searching it is itself recorded.

An event about a record says things about that record (a trace's reason, the
SIO's name), so audit searches follow the access decision for the record each
event describes: what the searcher may not see is left out, and not counted.
The data protection officer (audit.search_all) oversees access and so sees
every record's events, but those about restricted records by reference only.
"""

from dataclasses import dataclass, replace

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import BooleanField, Count, ExpressionWrapper, Max, Min, Q, QuerySet, Value
from django.http import Http404

from apps.audit.choices import AuditAction
from apps.audit.filters import AuditEventFilter
from apps.audit.models import AuditArchive, AuditCheckpoint, AuditEvent
from apps.audit.raw_sql import UUIDAsText
from apps.core import access, audit
from apps.core.models import AccessControlledModel

MAX_SEQUENCE = 2**63 - 1  # the column's range: a larger number is no event, not an error
TERM_LENGTH = 200  # a search term is recorded as typed, up to this many characters


def _access_controlled_models() -> dict[int, type[models.Model]]:
    """Content type id → model, for every record type with need-to-know rules."""
    return {
        ContentType.objects.get_for_model(model).pk: model
        for model in apps.get_models()
        if issubclass(model, AccessControlledModel)
    }


def record_history_content_type_ids() -> set[int]:
    """The record types that have a "who viewed or changed this" page."""
    return set(_access_controlled_models())


def _ids_as_text(records: QuerySet) -> QuerySet:
    return records.annotate(id_as_text=UUIDAsText("pk")).values("id_as_text")


def _about_records_in_reach(user) -> Q:
    """Events about no record, about a record without need-to-know rules, or about one
    the user may view. One subquery per record type, all evaluated in the database."""
    controlled = _access_controlled_models()
    in_reach = Q(content_type__isnull=True) | ~Q(content_type_id__in=list(controlled))
    for content_type_id, model in controlled.items():
        visible = access.restrict(model._default_manager.all(), user=user)
        in_reach |= Q(content_type_id=content_type_id, object_id__in=_ids_as_text(visible))
    return in_reach


def _about_restricted_records_out_of_reach(user) -> Q:
    restricted = Q(pk__in=[])
    for content_type_id, model in _access_controlled_models().items():
        visible = access.restrict(model._default_manager.all(), user=user).values("pk")
        hidden = model._default_manager.filter(is_restricted=True).exclude(pk__in=visible)
        restricted |= Q(content_type_id=content_type_id, object_id__in=_ids_as_text(hidden))
    return restricted


def audit_events_visible(*, user) -> QuerySet[AuditEvent]:
    """The events `user` may search, each annotated `restricted_record`: shown by reference only."""
    access.require_capability(user, "audit.search")
    events = AuditEvent.objects.select_related("content_type")
    if access.has_capability(user, "audit.search_all"):
        return events.annotate(
            restricted_record=ExpressionWrapper(
                _about_restricted_records_out_of_reach(user), output_field=BooleanField()
            )
        )
    # Need to know: a supervisor audits their own team and the people they manage,
    # and only as far as they may see the records the events are about. Line managers
    # are told of break-glass use (the reference and the purpose), so they also see
    # their reports' break-glass grants on another team's record, never a restricted one.
    break_glass_by_a_report = Q(
        action=AuditAction.BREAK_GLASS_GRANTED, actor__line_manager=user
    ) & ~_about_restricted_records_out_of_reach(user)
    return (
        events.filter(
            Q(actor__team_id=user.team_id, actor__team_id__isnull=False)
            | Q(actor__line_manager=user)
        )
        .filter(_about_records_in_reach(user) | break_glass_by_a_report)
        .annotate(restricted_record=Value(False, output_field=BooleanField()))
    )


def audit_event_search(*, user, params) -> AuditEventFilter:
    """Filter the audit trail for a supervisor or data protection officer (the API).

    Every search is recorded with the terms as typed, an unfiltered one and one
    refused for an invalid filter included. The caller shows `filterset.errors`
    when `filterset.is_valid()` is false.
    """
    filterset = AuditEventFilter(params, queryset=audit_events_visible(user=user))
    terms = {
        key: str(value)[:TERM_LENGTH]
        for key, value in params.items()
        if value and key in filterset.filters
    }
    if not filterset.is_valid():
        audit_search_record_refused(user=user, terms=terms, errors=filterset.errors)
        return filterset
    results = filterset.qs
    audit_search_record(user=user, terms=terms, results=results, result_count=results.count())
    return filterset


def audit_search_record(*, user, terms: dict, results: QuerySet, result_count: int, detail=None):
    """Record one search of the audit trail; the DPO's says how many events were restricted."""
    detail = dict(detail or {})
    if access.has_capability(user, "audit.search_all"):
        detail["restricted_record_events"] = results.filter(restricted_record=True).count()
    audit.record_search(
        user=user, scope="audit", terms=terms, result_count=result_count, detail=detail
    )


def audit_search_record_refused(*, user, terms: dict, errors) -> None:
    """A search refused for an invalid filter is recorded too, with the terms and the reasons."""
    audit.record_search(
        user=user,
        scope="audit",
        terms=terms,
        result_count=0,
        detail={"refused": {key: list(messages) for key, messages in errors.items()}},
    )


def audit_event_get(*, user, sequence: int) -> AuditEvent:
    """One event, if the user may search it; looking it up is recorded like a search."""
    event = None
    if 0 < sequence <= MAX_SEQUENCE:
        event = audit_events_visible(user=user).filter(sequence=sequence).first()
    audit.record_search(
        user=user,
        scope="audit",
        terms={"sequence": str(sequence)},
        result_count=1 if event else 0,
    )
    if event is None:
        raise Http404("No such event.")
    return event


def audit_event_shown(event: AuditEvent) -> AuditEvent:
    """The event as its reader may see it: about a restricted record, by reference only.

    Blanks the reason, changes and detail in memory (events are never saved again).
    """
    if getattr(event, "restricted_record", False):
        event.justification = ""
        event.changes = {}
        event.detail = {}
    return event


def audit_record_subject(
    *, user, content_type_id: int, object_id: str
) -> tuple[models.Model, bool]:
    """The record whose history is asked for, and whether it is shown by reference only.

    Anyone else sees the history of a record they may view (404 otherwise). The data
    protection officer (audit.search_all) oversees access to every record, so sees the
    history of any record with need-to-know rules, without its content: the page names
    it by reference only, and a restricted record's events without their reasons.
    """
    access.require_capability(user, "audit.view_record_history")
    model = _access_controlled_models().get(content_type_id)
    if model is None:
        raise Http404("No such record.")
    if not access.has_capability(user, "audit.search_all"):
        return access.get_or_404(model._default_manager.all(), user=user, pk=object_id), False
    try:
        subject = model._default_manager.filter(pk=object_id).first()
    except (ValueError, ValidationError):
        subject = None
    if subject is None:
        raise Http404("No such record.")
    in_reach = access.restrict(model._default_manager.filter(pk=subject.pk), user=user).exists()
    return subject, not in_reach


def audit_record_history(
    *, user, subject: models.Model, by_reference_only: bool = False
) -> QuerySet[AuditEvent]:
    """Who viewed or changed this record ("who viewed this"); reading it is a consultation.

    `by_reference_only` (from audit_record_subject): the data protection officer reading
    a record out of their reach; a restricted one's events are shown without reasons.
    """
    access.require_capability(user, "audit.view_record_history")
    if not by_reference_only:
        access.require(user, access.VIEW, subject)
    events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=str(subject.pk)
    ).annotate(
        restricted_record=Value(
            by_reference_only and bool(getattr(subject, "is_restricted", False)),
            output_field=BooleanField(),
        )
    )
    audit.record(AuditAction.VIEW, user=user, subject=subject, detail={"what": "record history"})
    return events


@dataclass(frozen=True)
class KeyUse:
    checkpoints: int = 0
    first_size: int | None = None
    last_size: int | None = None
    archives: int = 0


def checkpoints_by_key() -> dict[str, KeyUse]:
    """Key id → the checkpoints (live, and at the end of each archive) that key signed."""
    uses = {
        row["key_id"]: KeyUse(row["count"], row["first"], row["last"])
        for row in AuditCheckpoint.objects.order_by()
        .values("key_id")
        .annotate(count=Count("id"), first=Min("size"), last=Max("size"))
    }
    for checkpoint in AuditArchive.objects.values_list("checkpoint", flat=True):
        name = str(checkpoint.get("key_id", ""))
        use = uses.get(name, KeyUse())
        uses[name] = replace(use, archives=use.archives + 1)
    return uses
