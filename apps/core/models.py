"""Abstract bases every domain record builds on."""

import uuid

from django.conf import settings
from django.db import models

from apps.core.choices import ProtectiveMarking


class BaseModel(models.Model):
    """UUID identity, who made and last changed it, and a version for safe concurrent edits.

    Services compare `version` before saving so two officers editing at once
    never silently overwrite each other (core.concurrency).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class AccessControlledModel(BaseModel):
    """A record that holds personal or sensitive data and so has need-to-know rules.

    core.access reads these fields; nothing else should interpret them.
    """

    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    protective_marking = models.CharField(
        max_length=32,
        choices=ProtectiveMarking.choices,
        default=ProtectiveMarking.OFFICIAL_SENSITIVE,
    )
    is_restricted = models.BooleanField(
        default=False,
        help_text="Visible only to the people on the access list (for example, SIO "
        "de-confliction with a live investigation).",
    )
    access_list = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    class Meta:
        abstract = True

    @property
    def reference(self) -> str:
        return f"{self._meta.verbose_name.title()} {str(self.pk)[:8]}"


class ReferenceCounter(models.Model):
    """Issues human references such as PR-2026-00042, one series per prefix and year."""

    prefix = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="unique_reference_series")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}"


class Submission(models.Model):
    """A create that has already happened once, under the key it was sent with.

    The key is a page's one-time form token or an API client's Idempotency-Key
    (core.idempotency). The unique constraint is what makes a repeat create nothing.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=300)
    purpose = models.CharField(max_length=100)
    fingerprint = models.CharField(
        max_length=64, blank=True, help_text="A hash of an API request body; blank for forms."
    )
    object_id = models.CharField(max_length=64, blank=True)
    reference = models.CharField(max_length=40, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="unique_submission_key_per_user")
        ]

    def __str__(self) -> str:
        return f"Submission {self.purpose} {self.pk}"
