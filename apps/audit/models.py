"""The append-only audit trail, its seals, checkpoints, archives and misuse alerts.

A request appends its event with no reference to any other event and no lock
(ADR 0017). The sealer (audit.sealing) later gives committed events their place
in the chain: a row in `AuditSeal` per event, with the chain hash. Checkpoints
sign the chain head with a key held outside the database.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from apps.audit.choices import AlertStatus, AuditAction, DataProtectionCategory, MisuseRule


class AppendOnlyError(Exception):
    """Audit events can be added, never changed or removed."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    """One thing someone did: a sign-in, a view, a search, a change, an export.

    `sequence` is the event's number, given by the database on insert: increasing,
    but with gaps where a transaction rolled back. Its place in the chain is given
    at sealing (`AuditSeal.position`, gap-free). `hash` is the SHA-256 of the
    event's own content; `previous_hash` is set only on events chained before
    sealing existed (ADR 0004), which stay verifiable as they were. Database
    triggers refuse UPDATE and DELETE (migrations 0002 and 0004).
    """

    sequence = models.BigAutoField(primary_key=True)
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
    previous_hash = models.CharField(max_length=64, blank=True, default="")
    hash = models.CharField(max_length=64)

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


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit evidence cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit evidence cannot be deleted.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit evidence cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit evidence cannot be deleted.")


class AuditSeal(AppendOnlyModel):
    """An event's place in the chain, given by the sealer once its transaction has committed.

    chain_hash = SHA-256 over the previous seal's chain_hash, the position, the event's
    number and the event's content hash (audit.hashing.link_hash). The events themselves
    are never updated. Triggers refuse UPDATE and DELETE (migration 0004).
    """

    position = models.PositiveBigIntegerField(primary_key=True)
    event = models.OneToOneField(
        AuditEvent, on_delete=models.DO_NOTHING, related_name="seal", db_constraint=False
    )
    event_hash = models.CharField(max_length=64)
    chain_hash = models.CharField(max_length=64)
    sealed_at = models.DateTimeField()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"Seal {self.position}"


class AuditSealState(models.Model):
    """Where the sealer has got to: the chain head, and the event number below which
    every event is sealed or can never appear (so each run scans only the recent events).

    Not evidence (the head is the last seal; the floor is a search hint): the sealer
    locks and updates it. Only the sealer takes this lock, never a request.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    position = models.PositiveBigIntegerField(default=0)
    chain_hash = models.CharField(max_length=64)
    floor = models.PositiveBigIntegerField(default=0)
    pending_floor = models.PositiveBigIntegerField(default=0)
    pending_since = models.DateTimeField(null=True, blank=True)
    checkpointed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Audit chain sealed to {self.position}"


class AuditCheckpoint(AppendOnlyModel):
    """The chain head at `size` sealed events, signed with a key held outside the database."""

    size = models.PositiveBigIntegerField()
    chain_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    key_id = models.CharField(max_length=64)
    signature = models.CharField(max_length=128)

    class Meta:
        ordering = ["-size", "-id"]
        get_latest_by = "size"

    def __str__(self) -> str:
        return f"Checkpoint at {self.size}"


class AuditArchive(AppendOnlyModel):
    """A sealed segment moved out of the live tables into a file, with its signed checkpoint.

    The live chain continues from `last_chain_hash`; the file verifies on its own
    (`manage.py verify_audit --archive FILE`).
    """

    first_position = models.PositiveBigIntegerField()
    last_position = models.PositiveBigIntegerField(unique=True)
    previous_chain_hash = models.CharField(max_length=64)
    last_chain_hash = models.CharField(max_length=64)
    checkpoint = models.JSONField()
    file_name = models.CharField(max_length=300)
    file_sha256 = models.CharField(max_length=64)
    event_count = models.PositiveBigIntegerField()
    oldest_event_at = models.DateTimeField()
    newest_event_at = models.DateTimeField()
    archived_at = models.DateTimeField()

    class Meta:
        ordering = ["last_position"]

    def __str__(self) -> str:
        return f"Archive of seals {self.first_position} to {self.last_position}"


class MisuseAlert(models.Model):
    """A pattern of staff access a misuse rule flagged, for the data protection officer.

    Raised by audit.misuse from the audit trail; the events behind it are linked, never copied.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    rule = models.CharField(max_length=40, choices=MisuseRule.choices, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    summary = models.CharField(max_length=300)
    raised_at = models.DateTimeField()
    last_event_at = models.DateTimeField()
    status = models.CharField(
        max_length=20, choices=AlertStatus.choices, default=AlertStatus.OPEN, db_index=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    events = models.ManyToManyField(AuditEvent, through="MisuseAlertEvent", related_name="+")

    class Meta:
        ordering = ["-raised_at", "-id"]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """Short enough to say on the telephone; the full id is in the page's address."""
        return f"Misuse alert {str(self.pk)[:8].upper()}"


class MisuseAlertEvent(models.Model):
    alert = models.ForeignKey(MisuseAlert, on_delete=models.CASCADE)
    event = models.ForeignKey(
        AuditEvent, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "event"], name="audit_alert_event_once")
        ]

    def __str__(self) -> str:
        return f"{self.alert} event {self.event_id}"
