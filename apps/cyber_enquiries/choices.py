"""Statuses and fixed answers the Cyber Prevent enquiry code branches on.

The lists the customer edits (age bands, interests, languages, platforms, resources …) are
reference data in models.py, seeded from seed.py.
"""

from django.db import models


class EnquiryStatus(models.TextChoices):
    """The suitability workflow (transitions on CyberEnquiry)."""

    RECEIVED = "received", "Awaiting a suitability decision"
    MORE_INFORMATION = "more_information", "Needs more information"
    SUITABLE = "suitable", "Suitable for Cyber Choices"
    NOT_SUITABLE = "not_suitable", "Not suitable: signposted"
    CONVERTED = "converted", "Converted to a referral"


# Enquiries that never became a referral: disposed of after the retention period.
UNCONVERTED_STATUSES = [
    EnquiryStatus.RECEIVED,
    EnquiryStatus.MORE_INFORMATION,
    EnquiryStatus.SUITABLE,
    EnquiryStatus.NOT_SUITABLE,
]


class SuitabilityOutcome(models.TextChoices):
    SUITABLE = "suitable", "Suitable for Cyber Choices"
    NOT_SUITABLE = "not_suitable", "Not suitable: signpost elsewhere"
    MORE_INFORMATION = "more_information", "Needs more information"


class ContactMethod(models.TextChoices):
    EMAIL = "email", "E-mail"
    PHONE = "phone", "Phone"
    ONLINE_FORM = "online_form", "Online form"
    IN_PERSON = "in_person", "In person"


class SkillLevel(models.TextChoices):
    """The young person's own rating of their skill, as the enquirer reports it."""

    NOT_KNOWN = "not_known", "Not known"
    BEGINNER = "beginner", "Beginner"
    INTERMEDIATE = "intermediate", "Intermediate"
    ADVANCED = "advanced", "Advanced"
    EXPERT = "expert", "Expert"


class YesNoUnknown(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class ActUnderstanding(models.TextChoices):
    """How well they understand the Computer Misuse Act 1990."""

    NOT_KNOWN = "not_known", "Not known"
    NONE = "none", "No understanding"
    SOME = "some", "Some understanding"
    GOOD = "good", "Good understanding"


class AutismStatus(models.TextChoices):
    NOT_KNOWN = "not_known", "Not known"
    DIAGNOSED = "diagnosed", "Diagnosed"
    SELF_IDENTIFIES = "self_identifies", "Self-identifies"
    AWAITING_ASSESSMENT = "awaiting_assessment", "Awaiting assessment"
    NO = "no", "No"


class DisposalReason(models.TextChoices):
    RETENTION = "retention", "Retention period ended without a referral"
