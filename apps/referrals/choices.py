"""Statuses and fixed categories of a referral that the code branches on."""

from django.db import models


class ReferralStatus(models.TextChoices):
    """The Gateway workflow (transitions in apps/referrals/workflow.py)."""

    RECEIVED = "received", "Received"
    DECONFLICTION = "deconfliction", "De-confliction"
    ASSESSMENT = "assessment", "Gateway assessment"
    AWAITING_SIGN_OFF = "awaiting_sign_off", "Decision awaiting sign-off"
    DECIDED = "decided", "Decided"


OPEN_STATUSES = [
    ReferralStatus.RECEIVED,
    ReferralStatus.DECONFLICTION,
    ReferralStatus.ASSESSMENT,
    ReferralStatus.AWAITING_SIGN_OFF,
]


class ReferralChannel(models.TextChoices):
    PORTAL = "portal", "Online referral form"
    EMAIL = "email", "E-mail"
    PHONE = "phone", "Phone"
    POLICE = "police", "Internal police referral"
    INTELLIGENCE_PACKAGE = "package", "NCCU or ROCU intelligence package"
    ACTION_FRAUD = "action_fraud", "Action Fraud"


class Awareness(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"
    NOT_APPLICABLE = "not_applicable", "Not applicable (18 or over)"


class LiveInvestigationCheck(models.TextChoices):
    """The manual check against live counter-terrorism investigations."""

    NOT_DONE = "not_done", "Not yet checked"
    NO_TRACE = "no_trace", "No trace"
    TRACE = "trace", "Trace – SIO consulted"


class ComputerMisuseSection(models.TextChoices):
    S1 = "s1", "s1 Unauthorised access"
    S2 = "s2", "s2 Unauthorised access with intent to commit further offences"
    S3 = "s3", "s3 Unauthorised acts impairing a computer"
    S3ZA = "s3ZA", "s3ZA Unauthorised acts causing serious damage"
    S3A = "s3A", "s3A Making, supplying or obtaining articles for use in an offence"


class ImportStatus(models.TextChoices):
    PENDING = "pending", "Waiting to start"
    RUNNING = "running", "Importing"
    SUCCEEDED = "succeeded", "Imported"
    REJECTED = "rejected", "Rejected: nothing imported"
    FAILED = "failed", "Failed"


class RoutingKind(models.TextChoices):
    """Kinds of referral sent to a specialist team at intake (apps.referrals.routing)."""

    CYBER = "cyber", "Cyber Prevent"
