"""The append-only, hash-chained audit trail."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from apps.audit.choices import AuditAction, DataProtectionCategory


class AppendOnlyError(Exception):
    """Audit events can be added, never changed or removed."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    """One thing someone did: a sign-in, a view, a search, a change, an export.

    Each event stores the hash of the one before, so an edit or deletion made
    behind the application's back breaks the chain (`manage.py verify_audit`).
    Database triggers refuse UPDATE and DELETE as well (migration 0002).
    """

    sequence = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    actor_username = models.CharField(max_length=150, blank=True, db_index=True)
    action = models.CharField(max_length=40, choices=AuditAction.choices, db_index=True)
    category = models.CharField(max_length=20, choices=DataProtectionCategory.choices)
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    object_reference = models.CharField(max_length=200, blank=True)
    justification = models.TextField(blank=True)
    changes = models.JSONField(default=dict, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    request_id = models.CharField(max_length=64, blank=True, db_index=True)
    channel = models.CharField(max_length=10, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-sequence"]
        indexes = [models.Index(fields=["content_type", "object_id", "occurred_at"])]

    def __str__(self) -> str:
        return self.reference

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")

    @property
    def reference(self) -> str:
        """How listings and exports of the audit trail name an event: by its place in the chain."""
        return f"Audit event {self.sequence}"


class AuditChainHead(models.Model):
    """The last link of the chain; locked while an event is appended so links never fork."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"Audit chain at {self.sequence}"
