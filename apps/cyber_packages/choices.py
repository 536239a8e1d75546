"""What the intelligence package code branches on. Agencies and forces are reference data
(models.py, seeded from seed.py)."""

from django.db import models


class Identification(models.TextChoices):
    """Who a package's subject is, as an officer confirmed it (matching only suggests)."""

    PENDING = "pending", "Not yet checked"
    MATCHED = "matched", "Matched to a person"
    NEW_PERSON = "new_person", "New person"
    NO_PERSON = "no_person", "No person yet (identifiers only)"


# The officer's answers that settle the subject's identity.
IDENTIFIED = [Identification.MATCHED, Identification.NEW_PERSON]


class Progress(models.TextChoices):
    """A subject's progress, read from its case and the case's interventions (never typed)."""

    NOT_STARTED = "not_started", "Not started"
    CONTACTED = "contacted", "Contacted"
    INTERVENTION_DELIVERED = "intervention_delivered", "Intervention delivered"
    CLOSED = "closed", "Closed"


class CloseReason(models.TextChoices):
    """Why a subject was closed without a case."""

    NOT_IDENTIFIED = "not_identified", "Could not be identified"
    OUTSIDE_REGION = "outside_region", "Lives outside the region (passed on)"
    LIVE_INVESTIGATION = "live_investigation", "Live investigation: Pursue leads"
    NO_FURTHER_ACTION = "no_further_action", "No further action"
