"""Reads of the audit trail. Searching it is itself recorded."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet

from apps.audit.choices import AuditAction
from apps.audit.filters import AuditEventFilter
from apps.audit.models import AuditEvent
from apps.core import access, audit


def audit_event_search(*, user, params: dict) -> AuditEventFilter:
    """Filter the audit trail for a supervisor or data-protection officer."""
    access.require_capability(user, "audit.search")
    events = AuditEvent.objects.select_related("content_type")
    if not access.has_capability(user, "audit.search_all"):
        # Need to know: a supervisor audits their own team and the people they manage
        # (line managers are told of break-glass use, so must be able to look at it).
        events = events.filter(
            Q(actor__team_id=user.team_id, actor__team_id__isnull=False)
            | Q(actor__line_manager=user)
        )
    filterset = AuditEventFilter(params, queryset=events)
    terms = {key: value for key, value in params.items() if value and key in filterset.filters}
    if terms and filterset.is_valid():
        audit.record_search(
            user=user, scope="audit", terms=terms, result_count=filterset.qs.count()
        )
    return filterset


def audit_record_history(*, user, subject: models.Model) -> QuerySet[AuditEvent]:
    """Who viewed or changed this record ("who viewed this")."""
    access.require_capability(user, "audit.view_record_history")
    access.require(user, access.VIEW, subject)
    events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=str(subject.pk)
    )
    audit.record(AuditAction.VIEW, user=user, subject=subject, detail={"what": "record history"})
    return events
