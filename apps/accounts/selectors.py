"""Reads about users, their notifications and their break-glass grants."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet

from apps.accounts.choices import TeamKind
from apps.accounts.models import BreakGlassGrant, Notification, User
from apps.core import access, audit

REFUSED_TEAM = "Cyber Prevent records are for Cyber Prevent teams"


def is_cyber_user(user) -> bool:
    """In a Cyber Prevent team (officers and their supervisors)."""
    team = getattr(user, "team", None)
    return bool(getattr(user, "is_authenticated", False) and team and team.kind == TeamKind.CYBER)


def require_cyber_user(user, model) -> None:
    """403 (audited) for a role without the capability to view `model`, or a user outside a
    Cyber Prevent team: the Cyber Prevent apps' records are for those teams only."""
    access.require_capability(user, access.capability_for(model, access.VIEW))
    if not is_cyber_user(user):
        audit.record_access_denied(user=user, status=403, reason=REFUSED_TEAM)
        raise PermissionDenied("Cyber Prevent records are for Cyber Prevent teams.")


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
