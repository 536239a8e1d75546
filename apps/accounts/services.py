"""Writes about users: accounts and roles, notifications and break-glass access."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from apps.accounts.models import BreakGlassGrant, Notification, Role, User
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
    access.forget_break_glass()
    return grant


def break_glass_end(*, user: User, grant: BreakGlassGrant) -> None:
    if grant.user_id != user.pk or grant.ended_at is not None:
        return
    BreakGlassGrant.objects.filter(pk=grant.pk).update(ended_at=timezone.now())
    access.forget_break_glass()
    audit.record(
        AuditAction.BREAK_GLASS_ENDED,
        user=user,
        detail={"grant_id": grant.pk, "record_reference": grant.record_reference},
    )


# What decides a user's reach: nobody changes their own, superuser status is never
# granted here, and every change to anyone's is a chained audit event (ADR 0011).
# Groups and individual permissions are not used by the service (access comes from
# the role alone), so they are not offered to administrators at all.
ACCESS_FIELDS = ("role", "team", "clearance", "is_active", "is_staff", "is_superuser")
ROLE_FIELDS = ("name", "description", "capabilities", "sees_personal_data")


def _access_values(user: User) -> dict:
    return {
        "role": user.role.code if user.role_id else None,
        "team": user.team.name if user.team_id else None,
        "clearance": user.clearance,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
    }


def _role_values(role: Role) -> dict:
    values = {name: getattr(role, name) for name in ROLE_FIELDS}
    if isinstance(values["capabilities"], list):
        values["capabilities"] = sorted(map(str, values["capabilities"]))
    return values


def _changes(before: dict, after: dict) -> dict:
    return {
        name: {"old": before.get(name), "new": value}
        for name, value in after.items()
        if before.get(name) != value
    }


def user_access_changes(*, user: User) -> dict:
    """Old and new values of the access fields `user` (saved or not) would change."""
    stored = User.objects.filter(pk=user.pk).first() if user.pk else None
    before = _access_values(stored) if stored else {}
    return _changes(before, _access_values(user))


def _refuse(*, actor: User, subject: models.Model | None, changes: dict, reason: str) -> None:
    """Record a refused change of access as a security event, which outlives the refusal."""
    audit.record_security_event(
        AuditAction.ACCESS_DENIED,
        user=actor,
        model=type(subject) if subject is not None else None,
        object_id=str(subject.pk) if subject is not None else "",
        object_reference=audit.reference_of(subject) if subject is not None else "",
        changes=changes,
        detail={"status": 403, "refused": reason},
    )


def user_access_check(*, actor: User, user: User) -> dict:
    """Refuse a change to `user`'s access that `actor` may not make; return the changes.

    The refusal is written to the audit trail before PermissionDenied is raised,
    so call this outside any transaction the refusal would roll back.
    """
    changes = user_access_changes(user=user)
    reason = ""
    if user.pk is not None and user.pk == actor.pk and changes:
        reason = "Nobody can change their own role, team, clearance or access."
    elif changes.get("is_superuser", {}).get("new") is True:
        reason = "Superuser status cannot be granted through the service."
    if reason:
        _refuse(actor=actor, subject=user if user.pk else None, changes=changes, reason=reason)
        raise PermissionDenied(reason)
    return changes


def user_save(*, actor: User, user: User) -> User:
    """Create or change an account for an administrator, recording any change of access."""
    access.require_capability(actor, "accounts.manage_users")
    changes = user_access_check(actor=actor, user=user)
    return _save_recording_changes(
        actor=actor, record=user, changes=changes, detail={"kind": "account access"}
    )


def _save_recording_changes(*, actor: User, record, changes: dict, detail: dict):
    """Save an account or a role; a change of access is recorded as its creation or update."""
    creating = record.pk is None
    with transaction.atomic():
        record.save()
        if changes:
            audit.record(
                AuditAction.CREATE if creating else AuditAction.UPDATE,
                user=actor,
                subject=record,
                changes=changes,
                detail=detail,
            )
    return record


def user_password_set_recorded(*, actor: User, user: User) -> None:
    """Record that an administrator set another account's password (the admin page saved it)."""
    audit.record(
        AuditAction.PASSWORD_CHANGED, user=actor, subject=user, detail={"set_by": "administrator"}
    )


def role_changes(*, role: Role) -> dict:
    stored = Role.objects.filter(pk=role.pk).first() if role.pk else None
    before = _role_values(stored) if stored else {}
    return _changes(before, _role_values(role))


def role_check(*, actor: User, role: Role) -> dict:
    """Refuse a change to `role` that `actor` may not make; return the changes.

    Nobody changes the role they hold, and a role that manages users cannot read
    personal data. Each refusal is recorded before it is raised.
    """
    changes = role_changes(role=role)
    if role.pk is not None and role.pk == actor.role_id and changes:
        reason = "Nobody can change the capabilities of the role they hold."
        _refuse(actor=actor, subject=role, changes=changes, reason=reason)
        raise PermissionDenied(reason)
    try:
        role.check_capabilities()
    except ValidationError as error:
        _refuse(
            actor=actor,
            subject=role if role.pk else None,
            changes=changes,
            reason="; ".join(error.messages),
        )
        raise
    return changes


def role_save(*, actor: User, role: Role) -> Role:
    """Create or change a role for an administrator, recording its capabilities before and after."""
    access.require_capability(actor, "accounts.manage_users")
    changes = role_check(actor=actor, role=role)
    role.full_clean()
    return _save_recording_changes(
        actor=actor,
        record=role,
        changes=changes,
        detail={"kind": "role capabilities", "role": role.code},
    )
