"""Support entries for the case timeline (cases.registry): newest first, bounded."""

from django.urls import reverse

from apps.cases.registry import TIMELINE_LIMIT, TimelineEntry
from apps.interventions.models import (
    ConsentRecord,
    Intervention,
    InvestigationCheck,
    LetterDelivery,
    Signposting,
)


def _who(user) -> str:
    return user.display_name if user else "The system"


def support_timeline(case, kinds):
    """Interventions (by their last change), consent steps, signposting, live-investigation
    checks and cease-and-desist letter deliveries, newest first."""
    entries = []
    for item in (
        Intervention.objects.filter(case=case)
        .select_related("intervention_type", "updated_by")
        .order_by("-updated_at")[:TIMELINE_LIMIT]
    ):
        entries.append(
            TimelineEntry(
                when=item.updated_at,
                who=_who(item.updated_by),
                what=f"Intervention {item.reference} ({item.intervention_type.name}): "
                f"{item.get_status_display().lower()}",
                kind="support",
                link=item.get_absolute_url(),
            )
        )
    support_url = reverse("interventions:case_support", args=[case.pk])
    for record in (
        ConsentRecord.objects.filter(case=case)
        .select_related("sought_by")
        .order_by("-created_at")[:TIMELINE_LIMIT]
    ):
        by = f" by {record.get_given_by_display().lower()}" if record.given_by else ""
        entries.append(
            TimelineEntry(
                when=record.created_at,
                who=_who(record.sought_by),
                what=f"Consent {record.get_status_display().lower()}{by}",
                kind="support",
                link=support_url,
            )
        )
    for item in (
        Signposting.objects.filter(case=case)
        .select_related("service", "updated_by")
        .order_by("-updated_at")[:TIMELINE_LIMIT]
    ):
        entries.append(
            TimelineEntry(
                when=item.updated_at,
                who=_who(item.updated_by),
                what=f"Signposted to {item.service.name}: {item.get_response_display().lower()}",
                kind="support",
                link=support_url,
            )
        )
    for check in (
        InvestigationCheck.objects.filter(intervention__case=case)
        .select_related("intervention", "created_by")
        .order_by("-created_at")[:TIMELINE_LIMIT]
    ):
        entries.append(
            TimelineEntry(
                when=check.created_at,
                who=_who(check.created_by),
                what=f"Live-investigation check for {check.intervention.reference}: "
                f"{check.get_answer_display().lower()}",
                kind="support",
                link=check.intervention.get_absolute_url(),
            )
        )
    for delivery in (
        LetterDelivery.objects.filter(intervention__case=case)
        .select_related("intervention", "created_by")
        .order_by("-created_at")[:TIMELINE_LIMIT]
    ):
        entries.append(
            TimelineEntry(
                when=delivery.created_at,
                who=_who(delivery.created_by),
                what=f"Cease-and-desist letter for {delivery.intervention.reference} delivered "
                f"{delivery.get_method_display().lower()}",
                kind="support",
                link=delivery.intervention.get_absolute_url(),
            )
        )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:TIMELINE_LIMIT]


def support_stamps(case, kinds) -> list[tuple]:
    """When support_timeline's entries happened (cases.registry: one query asks every source)."""
    return [
        (Intervention.objects.filter(case=case), "updated_at"),
        (ConsentRecord.objects.filter(case=case), "created_at"),
        (Signposting.objects.filter(case=case), "updated_at"),
        (InvestigationCheck.objects.filter(intervention__case=case), "created_at"),
        (LetterDelivery.objects.filter(intervention__case=case), "created_at"),
    ]
