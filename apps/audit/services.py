"""Checking the audit trail (the work is in audit.verification)."""

from apps.audit.hashing import HASHED_FIELDS
from apps.audit.verification import Report, verify

FIELDS = [*HASHED_FIELDS, "hash"]


def audit_chain_verify(*, against: dict | None = None, workers: int = 1) -> Report:
    """Verify every seal, every checkpoint and, if given, an exported checkpoint.

    The report names the first broken link (`broken_at`, a chain position) and why.
    """
    return verify(against=against, workers=workers)
