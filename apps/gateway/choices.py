"""Gateway outcomes and decision states the code branches on."""

from django.db import models


class Outcome(models.TextChoices):
    NO_FURTHER_ACTION = "nfa", "No further action"
    SIGNPOSTED = "signposted", "Signposted to other support"
    CHANNEL = "channel", "Channel"
    POLICE_LED_PARTNERSHIP = "plp", "Police-led partnership"
    CYBER_PREVENT = "cyber", "Cyber Prevent"
    PURSUE = "pursue", "Passed to Pursue"


# Outcomes that open a case (the case module builds on the record created here).
CASE_OUTCOMES = {Outcome.CHANNEL, Outcome.POLICE_LED_PARTNERSHIP, Outcome.CYBER_PREVENT}


class DecisionStatus(models.TextChoices):
    AWAITING_SIGN_OFF = "awaiting", "Awaiting sign-off"
    SIGNED_OFF = "signed_off", "Signed off"
    RETURNED = "returned", "Returned for more work"


class EnquiryDirection(models.TextChoices):
    INTERNAL = "internal", "Internal (police)"
    EXTERNAL = "external", "External (partner or public)"
