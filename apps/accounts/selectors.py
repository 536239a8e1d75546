"""Reads about users, their notifications and their break-glass grants."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from apps.accounts.models import BreakGlassGrant, Notification, User


def notification_list_unread(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user, read_at__isnull=True)[:20]


def break_glass_list_for_user(*, user: User) -> QuerySet[BreakGlassGrant]:
    return BreakGlassGrant.objects.filter(user=user).select_related("content_type")


def break_glass_grants_active(
    *, user, model: type[models.Model] | None, object_id: str | None = None
) -> QuerySet[BreakGlassGrant]:
    """The user's unexpired grants for records of `model` (or one record; None: of every
    type), newest first.

    Core's access decision and audit writer use this (apps.core.registry, ADR 0016).
    """
    grants = BreakGlassGrant.objects.active().filter(user=user)
    if model is not None:
        grants = grants.filter(content_type=ContentType.objects.get_for_model(model))
    if object_id is not None:
        grants = grants.filter(object_id=object_id)
    return grants.order_by("-granted_at")


def break_glass_get_for_user(*, user: User, grant_id: int) -> BreakGlassGrant | None:
    return BreakGlassGrant.objects.filter(user=user, pk=grant_id).first()
