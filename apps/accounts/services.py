"""Writes about users: notifications and break-glass access."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from apps.accounts.models import BreakGlassGrant, Notification, User
from apps.accounts.tasks import email_notification
from apps.audit.choices import AuditAction
from apps.core import access, audit

MINIMUM_PURPOSE_LENGTH = 20


def notification_send(*, recipient: User, subject: str, body: str, link: str = "") -> Notification:
    notification = Notification.objects.create(
        recipient=recipient, subject=subject, body=body, link=link
    )
    transaction.on_commit(lambda: email_notification.enqueue(notification.pk))
    return notification


def break_glass_grant(*, user: User, record: models.Model, purpose: str) -> BreakGlassGrant:
    """Open one record outside the user's team for BREAK_GLASS_MINUTES.

    The purpose is kept with every view made under the grant, and the user's
    line manager is told at once.
    """
    purpose = purpose.strip()
    if len(purpose) < MINIMUM_PURPOSE_LENGTH:
        raise ValidationError(
            {
                "purpose": f"Explain why you need this record in at least {MINIMUM_PURPOSE_LENGTH} "
                "characters"
            }
        )
    access.require_capability(user, "accounts.break_glass")
    with transaction.atomic():
        grant = BreakGlassGrant.objects.create(
            user=user,
            content_type=ContentType.objects.get_for_model(record),
            object_id=str(record.pk),
            record_reference=str(record.reference),
            purpose=purpose,
            expires_at=timezone.now() + timedelta(minutes=settings.BREAK_GLASS_MINUTES),
            supervisor_notified=user.line_manager,
        )
        audit.record(
            AuditAction.BREAK_GLASS_GRANTED,
            user=user,
            subject=record,
            justification=purpose,
            detail={"grant_id": grant.pk, "expires_at": grant.expires_at},
        )
        if user.line_manager:
            notification_send(
                recipient=user.line_manager,
                subject="Break-glass access used",
                body=f"{user.display_name} opened {grant.record_reference} outside their team. "
                f"Stated purpose: {purpose}",
            )
    return grant


def break_glass_end(*, user: User, grant: BreakGlassGrant) -> None:
    if grant.user_id != user.pk or grant.ended_at is not None:
        return
    BreakGlassGrant.objects.filter(pk=grant.pk).update(ended_at=timezone.now())
    audit.record(
        AuditAction.BREAK_GLASS_ENDED,
        user=user,
        detail={"grant_id": grant.pk, "record_reference": grant.record_reference},
    )
