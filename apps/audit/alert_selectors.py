"""Reads of misuse alerts, for the data protection officer (audit.search_all) only.

An alert names a member of staff and the events behind it, so reading one is itself
audited: the list as a search, an alert as a view. Its events are read through the
audit search's own visibility rules (ADR 0013): events about a restricted record the
officer may not open are shown by reference only.
"""

from django.db.models import Count, QuerySet
from django.http import Http404

from apps.audit.models import AuditEvent, MisuseAlert, MisuseAlertEvent
from apps.audit.selectors import audit_event_shown, audit_events_visible
from apps.core import access, audit

CAPABILITY = "audit.search_all"


def misuse_alerts_visible(*, user) -> QuerySet[MisuseAlert]:
    access.require_capability(user, CAPABILITY)
    return (
        MisuseAlert.objects.select_related("actor", "reviewed_by")
        .annotate(event_count=Count("misusealertevent"))
        .order_by("status", "-raised_at", "-id")
    )


def misuse_alert_get(*, user, alert_id: int) -> MisuseAlert:
    access.require_capability(user, CAPABILITY)
    alert = misuse_alerts_visible(user=user).filter(pk=alert_id).first()
    if alert is None:
        audit.record_access_denied(
            user=user,
            status=404,
            reason=access.REFUSED_MISSING,
            model=MisuseAlert,
            object_id=str(alert_id),
        )
        raise Http404
    audit.record_view(user=user, subject=alert)
    return alert


def misuse_alert_events(*, user, alert: MisuseAlert) -> list[AuditEvent]:
    """The events behind the alert, oldest first, as the audit search would show them."""
    ids = MisuseAlertEvent.objects.filter(alert=alert).values("event_id")
    events = audit_events_visible(user=user).filter(sequence__in=ids).order_by("sequence")
    return [audit_event_shown(event) for event in events]


def misuse_alerts_listed(*, user, references: list[str]) -> None:
    """A listing of alerts through the API, recorded as the page records its listings."""
    audit.record_search(
        user=user,
        scope="misuse alerts",
        terms={},
        result_count=len(references),
        detail={"references": references},
    )
