"""Allocation of records to officers, its history, tasks and the reminders already sent."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition

from apps.core import access
from apps.core.models import AccessControlledModel
from apps.work.choices import AllocationStep, TaskStatus


class Allocation(models.Model):
    """Who a record is allocated to now: at most one row per record (a generic link)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.UUIDField()
    record = GenericForeignKey("content_type", "object_id")
    reference = models.CharField(max_length=100, help_text="The record's reference.")
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocations"
    )
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    allocated_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_allocation_per_record"
            )
        ]
        indexes = [
            models.Index(fields=["officer", "content_type"]),
            models.Index(fields=["team", "content_type"]),
        ]

    def __str__(self) -> str:
        return f"Allocation of {self.reference}"


class AllocationEvent(models.Model):
    """One step in a record's allocation history: allocated, reallocated or released."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.UUIDField()
    reference = models.CharField(max_length=100)
    step = models.CharField(max_length=20, choices=AllocationStep.choices)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Allocated to, after this step (empty when released).",
    )
    previous_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.reference}"


class Task(FSMModelMixin, AccessControlledModel):
    """Something an officer must do by a date, optionally about one record."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    title = models.CharField(max_length=200)
    details = models.TextField(blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tasks"
    )
    due_date = models.DateField()
    status = FSMField(
        max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN, protected=True
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_id = models.UUIDField(null=True, blank=True)
    record = GenericForeignKey("content_type", "object_id")
    record_reference = models.CharField(max_length=100, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closing_note = models.TextField(blank=True)

    class Meta:
        ordering = ["due_date", "reference"]
        indexes = [
            models.Index(fields=["assignee", "status", "due_date"]),
            models.Index(fields=["content_type", "object_id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(content_type__isnull=True, object_id__isnull=True)
                | models.Q(content_type__isnull=False, object_id__isnull=False),
                name="task_link_complete_or_absent",
            )
        ]

    def __str__(self) -> str:
        return f"Task {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("work:task_detail", kwargs={"task_id": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == TaskStatus.OPEN

    def is_overdue(self, today=None) -> bool:
        return self.is_open and self.due_date < (today or timezone.localdate())

    # Who may close a task: its assignee, whoever set it, or a supervisor of the team
    # (work.change_allocation). The services check need to know first.
    def _may_close(self, user) -> bool:
        return user.pk in {self.assignee_id, self.created_by_id} or access.has_capability(
            user, "work.change_allocation"
        )

    @transition(field=status, source=TaskStatus.OPEN, target=TaskStatus.DONE, permission=_may_close)
    def complete(self) -> None:
        """The work is done."""

    @transition(
        field=status, source=TaskStatus.OPEN, target=TaskStatus.CANCELLED, permission=_may_close
    )
    def cancel(self) -> None:
        """The work is no longer needed."""


class ReminderSent(models.Model):
    """A reminder already sent, by its key, so the scheduled check never sends it twice."""

    key = models.CharField(max_length=200, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return self.key
