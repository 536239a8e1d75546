from django.db import models


class ConsentStatus(models.TextChoices):
    NOT_SOUGHT = "not_sought", "Not yet sought"
    GIVEN = "given", "Given"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ConsentGivenBy(models.TextChoices):
    PERSON = "person", "The person"
    PARENT_GUARDIAN = "parent_guardian", "A parent or guardian (the person is a child)"


class ConsentMethod(models.TextChoices):
    FACE_TO_FACE = "face_to_face", "Face to face"
    PHONE = "phone", "By phone"
    VIDEO = "video", "By video call"
    LETTER = "letter", "By letter or e-mail"
    OTHER = "other", "Another way"


class InterventionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Under way"
    COMPLETED = "completed", "Completed"
    STOPPED = "stopped", "Stopped"


class InterventionScheme(models.TextChoices):
    PREVENT = "prevent", "Prevent (Channel and police-led partnership)"
    CYBER = "cyber", "Cyber Prevent"


class SignpostingResponse(models.TextChoices):
    AWAITING = "awaiting", "Awaiting a response"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    NO_RESPONSE = "no_response", "No response"


class InvestigationAnswer(models.TextChoices):
    """What Pursue and the NCCU said when asked about a live investigation."""

    NO_LIVE_INVESTIGATION = "no_live_investigation", "No live investigation"
    LIVE_INVESTIGATION = "live_investigation", "Live investigation – do not proceed"
    DECONFLICTED = "deconflicted", "Deconflicted – proceed with conditions"


# The answers that let a visit or cease-and-desist go ahead.
PROCEED_ANSWERS = [InvestigationAnswer.NO_LIVE_INVESTIGATION, InvestigationAnswer.DECONFLICTED]


class LetterDeliveryMethod(models.TextChoices):
    LETTER = "letter", "By letter"
    EMAIL = "email", "By e-mail"
    BY_HAND = "by_hand", "By hand at a visit"
