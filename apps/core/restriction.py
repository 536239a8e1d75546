"""Restricting a record to an access list: the mechanics every owning app's service shares.

Only the owning app calls this, from its own public service (`people.services.person_restrict`,
`referrals.services.referral_restrict`, `cases.services.case_restrict`), which decides which
records follow. A restriction is never lifted here: readers are only ever added.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from apps.core import audit


def clean_readers(readers: Iterable) -> list:
    """The readers, once each, leaving out anyone who cannot be given personal data.

    Inactive users and roles that never see a named person (analyst, administrator) are
    left out rather than refused: a list carried on from a person restricted years ago
    may hold someone who has since left, and that must not stop the restriction.
    """
    unique = {}
    for reader in readers:
        role = getattr(reader, "role", None)
        if reader is not None and reader.is_active and role and role.sees_personal_data:
            unique[reader.pk] = reader
    if not unique:
        raise ValidationError("A restricted record needs at least one person on its access list")
    return list(unique.values())


def restrict_record(*, record: models.Model, officer, readers: Iterable, reason: str) -> bool:
    """Restrict `record` and add `readers` to its access list, audited on the record.

    Returns False, recording nothing, when the record was already restricted to all of
    them. The event names the access list by username before and after.
    """
    if not reason.strip():
        raise ValidationError({"reason": "Say why the record is restricted"})
    readers = clean_readers(readers)
    model = type(record)
    with transaction.atomic():
        was_restricted = (
            model._default_manager.select_for_update()
            .filter(pk=record.pk)
            .values_list("is_restricted", flat=True)
            .get()
        )
        before = sorted(record.access_list.values_list("username", flat=True))
        added = sorted({reader.get_username() for reader in readers} - set(before))
        if was_restricted and not added:
            record.is_restricted = True
            return False
        model._default_manager.filter(pk=record.pk).update(
            is_restricted=True, updated_by=officer, updated_at=timezone.now()
        )
        record.access_list.add(*readers)
        record.is_restricted = True
        # Through core's audit writer only: core imports no app (the writer owns that link).
        audit.record(
            audit.UPDATE,
            user=officer,
            subject=record,
            justification=reason,
            changes={
                "is_restricted": {"old": was_restricted, "new": True},
                "access_list": {"old": before, "new": sorted(set(before) | set(added))},
            },
            detail={"access_list_added": added},
        )
    return True
