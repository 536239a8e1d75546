"""Statuses shared across the service that the code branches on."""

from django.db import models


class ProtectiveMarking(models.TextChoices):
    """Government Security Classifications this system may hold.

    SECRET and TOP SECRET are out of scope and refused: they are not choices.
    """

    OFFICIAL = "OFFICIAL", "OFFICIAL"
    OFFICIAL_SENSITIVE = "OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE"


MARKING_RANK = {ProtectiveMarking.OFFICIAL: 1, ProtectiveMarking.OFFICIAL_SENSITIVE: 2}
REFUSED_MARKINGS = {"SECRET", "TOP SECRET", "TOP-SECRET"}
