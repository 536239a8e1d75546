"""Misuse alerts: configurable rules over the audit trail about how staff use their access.

Each rule looks at what members of staff did (views, break-glass, searches) in a
window of time and, when one of them crosses the rule's threshold, raises an alert
for the data protection officer with the events behind it. The rules are about
staff access, never scores about the people in the records. Configure them with
AUDIT_MISUSE_RULES (settings): each rule's `threshold` (0 turns it off) and `hours`.

Detection is idempotent: an open alert for the same rule and member of staff gains
the new events; once an alert is reviewed, only events it did not hold raise a new one.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.audit.choices import AlertStatus, AuditAction, MisuseRule
from apps.audit.models import AuditEvent, MisuseAlert, MisuseAlertEvent
from apps.core import audit

DEFAULT_RULES = {
    MisuseRule.RECORDS_OUTSIDE_TEAM: {"threshold": 20, "hours": 24},
    MisuseRule.REPEATED_BREAK_GLASS: {"threshold": 3, "hours": 24 * 7},
    MisuseRule.COLLEAGUE_NAME_SEARCH: {"threshold": 1, "hours": 24},
}
# Searches of the audit trail itself are oversight, not a look-up of a colleague.
OVERSIGHT_SCOPES = {"audit", "misuse alerts"}


@dataclass(frozen=True)
class Finding:
    rule: str
    actor_id: int
    event_ids: list[int]
    summary: str


def rules() -> dict[str, dict]:
    """The rules in force: the defaults, overridden by AUDIT_MISUSE_RULES."""
    configured = getattr(settings, "AUDIT_MISUSE_RULES", {}) or {}
    merged = {}
    for rule, default in DEFAULT_RULES.items():
        merged[str(rule)] = {**default, **configured.get(str(rule), {})}
    return merged


def _window(now: datetime.datetime, hours: float):
    return AuditEvent.objects.filter(
        occurred_at__gt=now - datetime.timedelta(hours=hours),
        occurred_at__lte=now,
        actor__isnull=False,
    )


def _records_outside_team(now, threshold: int, hours: float) -> list[Finding]:
    """Views of records owned by another team than the viewer's, by distinct record."""
    views = list(
        _window(now, hours)
        .filter(action=AuditAction.VIEW, content_type__isnull=False)
        .values_list("sequence", "actor_id", "content_type_id", "object_id")
    )
    actor_team = dict(
        get_user_model().objects.filter(pk__in={v[1] for v in views}).values_list("pk", "team_id")
    )
    by_type = defaultdict(set)
    for _sequence, _actor, content_type_id, object_id in views:
        by_type[content_type_id].add(object_id)
    record_team = {}
    for content_type_id, object_ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None or not any(f.name == "team" for f in model._meta.concrete_fields):
            continue
        for pk, team_id in model._base_manager.filter(pk__in=list(object_ids)).values_list(
            "pk", "team_id"
        ):
            record_team[(content_type_id, str(pk))] = team_id
    outside = defaultdict(lambda: {"events": [], "records": set()})
    for sequence, actor_id, content_type_id, object_id in views:
        team_id = record_team.get((content_type_id, object_id))
        if team_id is not None and team_id != actor_team.get(actor_id):
            outside[actor_id]["events"].append(sequence)
            outside[actor_id]["records"].add((content_type_id, object_id))
    return [
        Finding(
            MisuseRule.RECORDS_OUTSIDE_TEAM,
            actor_id,
            found["events"],
            f"Viewed {len(found['records'])} records outside their team within {hours:g} hours",
        )
        for actor_id, found in outside.items()
        if len(found["records"]) >= threshold
    ]


def _repeated_break_glass(now, threshold: int, hours: float) -> list[Finding]:
    grants = defaultdict(list)
    for sequence, actor_id in (
        _window(now, hours)
        .filter(action=AuditAction.BREAK_GLASS_GRANTED)
        .values_list("sequence", "actor_id")
    ):
        grants[actor_id].append(sequence)
    return [
        Finding(
            MisuseRule.REPEATED_BREAK_GLASS,
            actor_id,
            events,
            f"Used break-glass access {len(events)} times within {hours:g} hours",
        )
        for actor_id, events in grants.items()
        if len(events) >= threshold
    ]


def _words(value) -> set[str]:
    if isinstance(value, dict):
        return set().union(*(_words(item) for item in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_words(item) for item in value)) if value else set()
    return set(re.findall(r"[^\W\d_]+(?:['-][^\W\d_]+)*", str(value).lower()))


def _colleague_name_search(now, threshold: int, hours: float) -> list[Finding]:
    """Searches whose terms hold both the given name and the family name of a colleague."""
    colleagues = [
        (pk, first.lower(), last.lower())
        for pk, first, last in get_user_model()
        .objects.exclude(first_name="")
        .exclude(last_name="")
        .values_list("pk", "first_name", "last_name")
    ]
    found = defaultdict(list)
    searches = _window(now, hours).filter(action=AuditAction.SEARCH)
    for sequence, actor_id, detail in searches.values_list("sequence", "actor_id", "detail"):
        if (detail or {}).get("scope") in OVERSIGHT_SCOPES:
            continue
        words = _words((detail or {}).get("terms", {}))
        if not words:
            continue
        for pk, first, last in colleagues:
            if pk != actor_id and _words(first) <= words and _words(last) <= words:
                found[actor_id].append(sequence)
                break
    return [
        Finding(
            MisuseRule.COLLEAGUE_NAME_SEARCH,
            actor_id,
            events,
            f"Searched for a colleague's name {len(events)} times within {hours:g} hours",
        )
        for actor_id, events in found.items()
        if len(events) >= threshold
    ]


RULES = {
    MisuseRule.RECORDS_OUTSIDE_TEAM: _records_outside_team,
    MisuseRule.REPEATED_BREAK_GLASS: _repeated_break_glass,
    MisuseRule.COLLEAGUE_NAME_SEARCH: _colleague_name_search,
}


def findings(*, now: datetime.datetime | None = None) -> list[Finding]:
    now = now or timezone.now()
    result = []
    for rule, config in rules().items():
        threshold = int(config.get("threshold", 0))
        if threshold > 0:
            result.extend(RULES[rule](now, threshold, float(config.get("hours", 24))))
    return result


@transaction.atomic
def _raise(finding: Finding, now: datetime.datetime) -> MisuseAlert | None:
    known = set(
        MisuseAlertEvent.objects.filter(
            alert__rule=finding.rule, alert__actor_id=finding.actor_id
        ).values_list("event_id", flat=True)
    )
    new = [event_id for event_id in finding.event_ids if event_id not in known]
    if not new:
        return None
    alert = (
        MisuseAlert.objects.select_for_update()
        .filter(rule=finding.rule, actor_id=finding.actor_id, status=AlertStatus.OPEN)
        .first()
    )
    events = new
    if alert is None:
        alert = MisuseAlert.objects.create(
            rule=finding.rule,
            actor_id=finding.actor_id,
            summary=finding.summary,
            raised_at=now,
            last_event_at=now,
        )
        events = finding.event_ids
    last_event_at = (
        AuditEvent.objects.filter(sequence__in=events)
        .order_by("-occurred_at")
        .values_list("occurred_at", flat=True)
        .first()
    )
    MisuseAlertEvent.objects.bulk_create(
        [MisuseAlertEvent(alert=alert, event_id=event_id) for event_id in events],
        ignore_conflicts=True,
    )
    alert.summary = finding.summary
    alert.last_event_at = last_event_at or now
    alert.save(update_fields=["summary", "last_event_at"])
    return alert


def detect_misuse(*, now: datetime.datetime | None = None) -> list[MisuseAlert]:
    """Run every rule; raise new alerts or add events to open ones. Returns those touched."""
    now = now or timezone.now()
    touched = [_raise(finding, now) for finding in findings(now=now)]
    return [alert for alert in touched if alert is not None]


@transaction.atomic
def misuse_alert_review(*, alert: MisuseAlert, officer, note: str) -> MisuseAlert:
    """The data protection officer records what they found and closes the alert."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Enter what you found and what you did about it"})
    if alert.status == AlertStatus.REVIEWED:
        raise ValidationError({"note": "This alert has already been reviewed"})
    before = audit.snapshot(alert, ["status", "review_note"])
    alert.status = AlertStatus.REVIEWED
    alert.review_note = note
    alert.reviewed_by = officer
    alert.reviewed_at = timezone.now()
    alert.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
    audit.record(
        AuditAction.UPDATE,
        user=officer,
        subject=alert,
        changes=audit.diff(alert, before, ["status", "review_note"]),
    )
    return alert
