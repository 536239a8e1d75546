"""What the Cyber Prevent impact code branches on, and the fixed scales of an outcome measure.

The intelligence requirements and their answers are reference data
(`models.IntelligenceRequirement`), not choices: the national requirements change and the
customer edits them.
"""

from django.db import models


class Disposal(models.TextChoices):
    """How the criminal justice process ended before the intelligence interview."""

    CAUTION = "caution", "Caution (adult or youth)"
    CONDITIONAL_CAUTION = "conditional_caution", "Conditional caution"
    COMMUNITY_RESOLUTION = "community_resolution", "Community resolution"
    CONVICTION = "conviction", "Conviction"
    NO_FURTHER_ACTION = "nfa", "No further action"
    CEASE_AND_DESIST = "cease_and_desist", "Cease and desist (no criminal justice outcome)"


class InterviewConsent(models.TextChoices):
    GIVEN = "given", "Given"
    DECLINED = "declined", "Declined"


class ConsentGivenBy(models.TextChoices):
    PERSON = "person", "The person"
    PARENT_GUARDIAN = "parent_guardian", "A parent or guardian (the person is a child)"


class MeasurePoint(models.TextChoices):
    END = "end", "At intervention end"
    MONTHS_6 = "6m", "6 months after"
    MONTHS_12 = "12m", "12 months after"
    MONTHS_24 = "24m", "24 months after"


MONTHS_AFTER_END = {
    MeasurePoint.END: 0,
    MeasurePoint.MONTHS_6: 6,
    MeasurePoint.MONTHS_12: 12,
    MeasurePoint.MONTHS_24: 24,
}


class Engagement(models.TextChoices):
    FULL = "full", "Engaged fully"
    PARTIAL = "partial", "Engaged in part"
    NONE = "none", "Did not engage"


class Completion(models.TextChoices):
    COMPLETED = "completed", "Completed"
    PARTLY = "partly", "Partly completed"
    NOT_COMPLETED = "not_completed", "Not completed"


class ReoffendingResult(models.TextChoices):
    """The result of the re-offending check, done by a person (never automated)."""

    NO_TRACE = "no_trace", "No trace"
    RE_REFERRAL = "re_referral", "Re-referred"
    RE_OFFENDING = "re_offending", "Re-offending"
    ARREST = "arrest", "Arrested"
    NOT_CHECKED = "not_checked", "Not yet checked"


class EducationEmployment(models.TextChoices):
    EDUCATION = "education", "In education"
    EMPLOYMENT = "employment", "In employment"
    TRAINING = "training", "In training or an apprenticeship"
    NEET = "neet", "Not in education, employment or training"
    NOT_KNOWN = "not_known", "Not known"


class LegalUse(models.TextChoices):
    """Whether the person took up a legal use of their skills (a course, a capture-the-flag,
    a careers route)."""

    TAKEN_UP = "taken_up", "Taken up"
    OFFERED = "offered", "Offered, not taken up"
    NOT_OFFERED = "not_offered", "Not offered"
    NOT_KNOWN = "not_known", "Not known"


class Breakdown(models.TextChoices):
    """How the impact report groups the outcome measures."""

    INTERVENTION_TYPE = "intervention_type", "Intervention type"
    REFERRAL_SOURCE = "referral_source", "Referral source"
    AGE_BAND = "age_band", "Age band"
