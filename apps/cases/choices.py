from django.db import models


class CaseType(models.TextChoices):
    CHANNEL = "channel", "Channel"
    POLICE_LED_PARTNERSHIP = "plp", "Police-led partnership"
    CYBER_PREVENT = "cyber", "Cyber Prevent"


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
