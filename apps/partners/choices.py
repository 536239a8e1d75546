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


class OrganisationSource(models.TextChoices):
    MANUAL = "manual", "Entered by an officer"
    GIAS = "gias", "Get Information about Schools"


class VettingLevel(models.TextChoices):
    NONE = "none", "Not vetted"
    CTC = "ctc", "Counter-terrorist check (CTC)"
    SC = "sc", "Security check (SC)"
    DV = "dv", "Developed vetting (DV)"


class EngagementKind(models.TextChoices):
    MEETING = "meeting", "Meeting"
    VISIT = "visit", "Visit"
    CALL = "call", "Call"


class NetworkKind(models.TextChoices):
    KEY_INDIVIDUALS = "key_individuals", "Key individual network"
    ADVISORY_GROUP = "advisory_group", "Independent advisory group"


class BriefingStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    DELIVERED = "delivered", "Delivered"
    CANCELLED = "cancelled", "Cancelled"
