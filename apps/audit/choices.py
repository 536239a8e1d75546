"""What an audit event records, and how each maps onto DPA 2018 section 62 logging."""

from django.db import models


class AuditAction(models.TextChoices):
    LOGIN = "login", "Signed in"
    LOGOUT = "logout", "Signed out"
    LOGIN_FAILED = "login_failed", "Failed sign-in"
    LOCKED_OUT = "locked_out", "Account locked after failed sign-ins"
    PASSWORD_CHANGED = "password_changed", "Changed password"
    TWO_FACTOR_ENROLLED = "two_factor_enrolled", "Set up two-factor authentication"
    TWO_FACTOR_FAILED = "two_factor_failed", "Failed two-factor check"
    VIEW = "view", "Viewed"
    SEARCH = "search", "Searched"
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Deleted"
    EXPORT = "export", "Exported"
    MERGE = "merge", "Merged"
    UNMERGE = "unmerge", "Undid merge"
    MATCH_DECISION = "match_decision", "Recorded a match decision"
    TRANSITION = "transition", "Moved on in the workflow"
    SIGN_OFF = "sign_off", "Signed off"
    BREAK_GLASS_GRANTED = "break_glass_granted", "Used break-glass access"
    BREAK_GLASS_ENDED = "break_glass_ended", "Ended break-glass access"
    ACCESS_DENIED = "access_denied", "Was refused access"


class DataProtectionCategory(models.TextChoices):
    """The six processing operations DPA 2018 s.62 requires logs of."""

    COLLECTION = "collection", "Collection"
    ALTERATION = "alteration", "Alteration"
    CONSULTATION = "consultation", "Consultation"
    DISCLOSURE = "disclosure", "Disclosure"
    COMBINATION = "combination", "Combination"
    ERASURE = "erasure", "Erasure"
    SECURITY = "security", "Security event (not s.62 processing)"


CATEGORY_FOR_ACTION = {
    AuditAction.VIEW: DataProtectionCategory.CONSULTATION,
    AuditAction.SEARCH: DataProtectionCategory.CONSULTATION,
    AuditAction.BREAK_GLASS_GRANTED: DataProtectionCategory.CONSULTATION,
    AuditAction.CREATE: DataProtectionCategory.COLLECTION,
    AuditAction.UPDATE: DataProtectionCategory.ALTERATION,
    AuditAction.TRANSITION: DataProtectionCategory.ALTERATION,
    AuditAction.SIGN_OFF: DataProtectionCategory.ALTERATION,
    AuditAction.MATCH_DECISION: DataProtectionCategory.COMBINATION,
    AuditAction.MERGE: DataProtectionCategory.COMBINATION,
    AuditAction.UNMERGE: DataProtectionCategory.ALTERATION,
    AuditAction.DELETE: DataProtectionCategory.ERASURE,
    AuditAction.EXPORT: DataProtectionCategory.DISCLOSURE,
}


class MisuseRule(models.TextChoices):
    """Rules about staff access to records, never scores about the people in the records."""

    RECORDS_OUTSIDE_TEAM = "records_outside_team", "Viewed many records outside their team"
    REPEATED_BREAK_GLASS = "repeated_break_glass", "Used break-glass access repeatedly"
    COLLEAGUE_NAME_SEARCH = "colleague_name_search", "Searched for a colleague's name"


class AlertStatus(models.TextChoices):
    OPEN = "open", "Open"
    REVIEWED = "reviewed", "Reviewed"
