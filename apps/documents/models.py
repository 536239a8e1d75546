"""Document templates an administrator edits, and each user's calendar feed secret."""

from django.conf import settings
from django.db import models

from apps.core.models import BaseModel


class DocumentTemplate(BaseModel):
    """The administrator's text for one kind of document (registry.DocumentKind).

    A kind without a row uses the kind's default text. Edits are audited with the old and
    new text (documents.services.document_template_save).
    """

    kind = models.SlugField(max_length=50, unique=True)
    body = models.TextField()

    class Meta:
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"Document template {self.kind}"


class CalendarFeed(models.Model):
    """A user's ICS feed. Only a hash of the secret in its address is stored."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar feed {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
