"""Reads about users, their notifications and their break-glass grants."""

from django.db.models import QuerySet
from django.utils import timezone

from apps.accounts.models import BreakGlassGrant, Notification, User


def notification_list_unread(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user, read_at__isnull=True)[:20]


def break_glass_list_for_user(*, user: User) -> QuerySet[BreakGlassGrant]:
    return BreakGlassGrant.objects.filter(user=user).select_related("content_type")


def break_glass_list_active_for_user(*, user: User) -> QuerySet[BreakGlassGrant]:
    return break_glass_list_for_user(user=user).filter(
        ended_at__isnull=True, expires_at__gt=timezone.now()
    )


def break_glass_get_for_user(*, user: User, grant_id: int) -> BreakGlassGrant | None:
    return BreakGlassGrant.objects.filter(user=user, pk=grant_id).first()
