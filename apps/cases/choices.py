"""Statuses and kinds the case code branches on."""

from django.db import models


class CaseType(models.TextChoices):
    CHANNEL = "channel", "Channel"
    POLICE_LED_PARTNERSHIP = "plp", "Police-led partnership"
    CYBER_PREVENT = "cyber", "Cyber Prevent"


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    ASSESSMENT = "assessment", "Assessment"
    SUPPORT = "support", "Support"
    REVIEW = "review", "Review"
    EXITED = "exited", "Exited"
    CLOSED = "closed", "Closed"


LIVE_STATUSES = [CaseStatus.OPEN, CaseStatus.ASSESSMENT, CaseStatus.SUPPORT, CaseStatus.REVIEW]
ENDED_STATUSES = [CaseStatus.EXITED, CaseStatus.CLOSED]


class FlagKind(models.TextChoices):
    RISK_TO_OFFICERS = "risk_to_officers", "Risk to officers"
    INTERPRETER_NEEDED = "interpreter_needed", "Interpreter needed"
    NO_UNANNOUNCED_VISITS = "no_unannounced_visits", "Do not visit unannounced"
    SAFEGUARDING = "safeguarding", "Safeguarding concern"
    OTHER = "other", "Other"


class ReferralLink(models.TextChoices):
    ORIGINATING = "originating", "Originating referral"
    LATER = "later", "Later referral attached"


class Priority(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class DirectionStatus(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    DONE = "done", "Done"
    PARTLY = "partly", "Partly done"
    NOT_DONE = "not_done", "Not done"


OUTSTANDING_DIRECTION_STATUSES = [DirectionStatus.OUTSTANDING, DirectionStatus.PARTLY]


class DeliveryOutcome(models.TextChoices):
    DONE = "done", "Done"
    PARTLY = "partly", "Partly done"
    NOT_DONE = "not_done", "Not done"


class ContactKind(models.TextChoices):
    ENGAGEMENT_VISIT = "engagement_visit", "Engagement visit"
    DEBRIEF_INTERVIEW = "debrief_interview", "Debrief interview"
    FAMILY_VISIT = "family_visit", "Visit to the family (SIO direction)"
    CALL = "call", "Telephone call"
    MULTI_AGENCY_MEETING = "multi_agency_meeting", "Multi-agency meeting"
    PARTNER_ENQUIRY = "partner_enquiry", "Enquiry with a partner"


class ReviewKind(models.TextChoices):
    CASE_REVIEW = "case_review", "Case review"
    POST_EXIT_6 = "post_exit_6", "Post-exit review at 6 months"
    POST_EXIT_12 = "post_exit_12", "Post-exit review at 12 months"
    POST_EXIT_24 = "post_exit_24", "Post-exit review at 24 months"


POST_EXIT_KINDS = [ReviewKind.POST_EXIT_6, ReviewKind.POST_EXIT_12, ReviewKind.POST_EXIT_24]
POST_EXIT_MONTHS = {
    ReviewKind.POST_EXIT_6: 6,
    ReviewKind.POST_EXIT_12: 12,
    ReviewKind.POST_EXIT_24: 24,
}


class ReviewStatus(models.TextChoices):
    DUE = "due", "Due"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "No longer needed"


class ReviewOutcome(models.TextChoices):
    CONTINUE = "continue", "Continue with the case"
    EXIT_RECOMMENDED = "exit_recommended", "Recommend exit"
    CONFIRMED = "confirmed", "Exit confirmed: no new concerns"
    REOPEN = "reopen", "Concerns have returned: reopen the case"


CASE_REVIEW_OUTCOMES = [ReviewOutcome.CONTINUE, ReviewOutcome.EXIT_RECOMMENDED]
POST_EXIT_OUTCOMES = [ReviewOutcome.CONFIRMED, ReviewOutcome.REOPEN]


class PanelDecision(models.TextChoices):
    ADOPTED = "adopted", "Adopted as a Channel case"
    NOT_ADOPTED = "not_adopted", "Not adopted"
    CONTINUE = "continue", "Continue support"
    EXIT = "exit", "Exit"


class ExitDecidedBy(models.TextChoices):
    PANEL = "panel", "Channel panel"
    SUPERVISOR = "supervisor", "Supervisor"


class EventKind(models.TextChoices):
    """Kinds of the case's own timeline entries (apps above add theirs through the registry)."""

    CASE = "case", "Case record"
    STATUS = "status", "Status changes"
    REFERRAL = "referral", "Referrals"
    FLAG = "flag", "Flags"
    TRANSFER = "transfer", "Transfers"
    DIRECTION = "direction", "SIO directions"
    CONTACT = "contact", "Contacts and enquiries"
    REVIEW = "review", "Reviews"
    PANEL = "panel", "Panel decisions"
    CHECK = "check", "Re-offending checks"


class ScheduleKind(models.TextChoices):
    """What a review schedule creates (the schedule itself is data: `ReviewSchedule`)."""

    POST_EXIT_REVIEW = "post_exit_review", "Post-exit review"
    REOFFENDING_CHECK = "reoffending_check", "Re-offending check"


class ScheduleAnchor(models.TextChoices):
    """The moment a schedule counts its months from."""

    EXIT = "exit", "Exit from the case"
    INTERVENTION_END = "intervention_end", "End of the intervention"


# The post-exit review kinds a schedule's months map to (Review.kind).
POST_EXIT_KIND_FOR_MONTHS = {months: kind for kind, months in POST_EXIT_MONTHS.items()}


def step_label(kind: str, months: int, anchor: str = ScheduleAnchor.EXIT) -> str:
    """One step of a review schedule: "6-month post-exit review", "6-month re-offending
    check", or, at the anchor itself, "Re-offending check at the end of the intervention"."""
    noun = ScheduleKind(kind).label
    if months == 0:
        moment = "at exit" if anchor == ScheduleAnchor.EXIT else "at the end of the intervention"
        return f"{noun} {moment}"
    return f"{months}-month {noun.lower()}"


def review_label(kind: str) -> str:
    """ "6-month post-exit review" for a post-exit review kind, else "Case review"."""
    months = POST_EXIT_MONTHS.get(kind)
    if months is None:
        return ReviewKind.CASE_REVIEW.label
    return step_label(ScheduleKind.POST_EXIT_REVIEW, months)


class CheckStatus(models.TextChoices):
    DUE = "due", "Due"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "No longer needed"


class CheckResult(models.TextChoices):
    NO_TRACE = "no_trace", "No trace"
    RE_REFERRAL = "re_referral", "Re-referral"
    RE_OFFENDING = "re_offending", "Re-offending"
    ARREST = "arrest", "Arrest"


class TransferStatus(models.TextChoices):
    """A transfer within a team is done at once; to another team it is an offer that waits
    for that team (accepted or declined there, or withdrawn by the offering team)."""

    DONE = "done", "Done"
    AWAITING = "awaiting", "Awaiting the receiving team"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
