"""Every read of Cyber Prevent enquiries and campaigns: access decision first, then audit.

Only Cyber Prevent teams use these records: a role holding the capability in another kind
of team (a CT Prevent supervisor) is refused (403, audited), as is a role without it.
"""

from __future__ import annotations

import datetime
import uuid
from collections import Counter

from django.conf import settings
from django.db.models import Count, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.selectors import is_cyber_user, require_cyber_user
from apps.core import access, audit
from apps.cyber_enquiries.choices import UNCONVERTED_STATUSES
from apps.cyber_enquiries.models import (
    CampaignActivity,
    CyberEnquiry,
    DisposedEnquiry,
    ResourceGiven,
)
from apps.partners.choices import BriefingStatus
from apps.partners.selectors import briefing_list

# The partners session types (apps.partners.seed) that are Cyber Prevent engagement: talks,
# Computer Misuse Act awareness and Cyber Protect presentations, counted on the campaigns page.
CYBER_SESSION_TYPES = ["cyber-choices", "computer-misuse-act", "cyber-protect"]


def _get(queryset: QuerySet, *, user: User, pk, action: str = access.VIEW):
    require_cyber_user(user, queryset.model)
    record = access.get_or_404(queryset, user=user, pk=pk, action=action)
    audit.record_view(user=user, subject=record)
    return record


# --- Enquiries ------------------------------------------------------------------------------


def enquiry_list(*, user: User) -> QuerySet[CyberEnquiry]:
    if not is_cyber_user(user):
        return CyberEnquiry.objects.none()
    return access.restrict(
        CyberEnquiry.objects.select_related(
            "enquirer_type",
            "enquirer_organisation",
            "age_band",
            "local_authority",
            "force_area",
            "referral",
        ),
        user=user,
    )


def enquiry_list_page(*, user: User) -> QuerySet[CyberEnquiry]:
    """The list page's starting set: refused (403) outside a Cyber Prevent team."""
    require_cyber_user(user, CyberEnquiry)
    return enquiry_list(user=user)


def enquiry_get(
    *, user: User, enquiry_id: uuid.UUID | str, action: str = access.VIEW
) -> CyberEnquiry:
    return _get(enquiry_list(user=user), user=user, pk=enquiry_id, action=action)


def enquiry_decisions(enquiry: CyberEnquiry) -> QuerySet:
    return enquiry.decisions.select_related("decided_by", "signposted_to")


def referral_origin(*, user: User, referral) -> dict | None:
    """For the referral page: the enquiry it came from (its reference, no content)."""
    enquiry = CyberEnquiry.objects.filter(referral=referral).only("pk", "reference", "team").first()
    if enquiry is None:
        return None
    may_open = is_cyber_user(user) and access.can(user, access.VIEW, enquiry)
    return {
        "text": f"Came from Cyber Prevent anonymous enquiry {enquiry.reference}",
        "url": enquiry.get_absolute_url() if may_open else "",
    }


def disposal_cutoff(today: datetime.date | None = None) -> datetime.date:
    """Unconverted enquiries received before this day are due for disposal."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=settings.CYBER_ENQUIRY_RETENTION_DAYS)


def enquiries_due_for_disposal(today: datetime.date | None = None) -> QuerySet[CyberEnquiry]:
    """For the scheduled disposal (no user: the system's own task)."""
    return CyberEnquiry.objects.filter(
        status__in=UNCONVERTED_STATUSES, received_on__lt=disposal_cutoff(today)
    ).order_by("received_on", "reference")


def disposed_list(*, user: User) -> QuerySet[DisposedEnquiry]:
    require_cyber_user(user, DisposedEnquiry)
    return access.restrict(DisposedEnquiry.objects.all(), user=user)


# --- Campaigns ------------------------------------------------------------------------------


def campaign_list(*, user: User) -> QuerySet[CampaignActivity]:
    if not is_cyber_user(user):
        return CampaignActivity.objects.none()
    return access.restrict(
        CampaignActivity.objects.select_related("local_authority").annotate(
            resources_total=Sum("resources_given__quantity"),
            organisation_count=Count("organisations", distinct=True),
        ),
        user=user,
    )


def campaign_list_page(*, user: User) -> QuerySet[CampaignActivity]:
    require_cyber_user(user, CampaignActivity)
    return campaign_list(user=user)


def campaign_get(*, user: User, activity_id: uuid.UUID | str, action: str = access.VIEW):
    return _get(campaign_list(user=user), user=user, pk=activity_id, action=action)


def engagement_summary(*, user: User, start: datetime.date, end: datetime.date) -> dict:
    """Counts for the period (both days included): resources given out by kind, and the
    Cyber Prevent talks and events recorded as partners briefings (apps.partners), which the
    user may see. Counts only, never a name.
    """
    activities = campaign_list(user=user).filter(held_on__gte=start, held_on__lte=end)
    given = (
        ResourceGiven.objects.filter(activity__in=activities.values("pk"))
        .values("resource__name", "resource__order")
        .annotate(total=Sum("quantity"))
        .order_by("resource__order", "resource__name")
    )
    briefings = briefing_list(user=user).filter(
        session_type__code__in=CYBER_SESSION_TYPES,
        status=BriefingStatus.DELIVERED,
        held_on__gte=start,
        held_on__lte=end,
    )
    sessions: Counter = Counter()
    attendance: Counter = Counter()
    names = {}
    for code, name, attended in briefings.values_list(
        "session_type__code", "session_type__name", "attendance"
    ):
        names[code] = name
        sessions[code] += 1
        attendance[code] += attended or 0
    return {
        "start": start,
        "end": end,
        "activities": activities.count(),
        "resources": [{"name": row["resource__name"], "total": row["total"]} for row in given],
        "resources_total": sum(row["total"] for row in given),
        "sessions": [
            {"name": names[code], "sessions": sessions[code], "attendance": attendance[code]}
            for code in CYBER_SESSION_TYPES
            if code in names
        ],
        "sessions_total": sum(sessions.values()),
        "attendance_total": sum(attendance.values()),
        "briefings_url": reverse("partners:briefing_list"),
    }
