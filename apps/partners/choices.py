"""Statuses the partners code branches on (the lists the customer edits are in models.py)."""

from django.db import models


class ProviderStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    WITHDRAWN = "withdrawn", "Withdrawn"


class CheckKind(models.TextChoices):
    HOME_OFFICE = "home_office", "Home Office approval"
    DUE_DILIGENCE = "due_diligence", "Local due-diligence check"


class CheckOutcome(models.TextChoices):
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Not approved"
