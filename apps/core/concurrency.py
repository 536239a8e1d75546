"""Optimistic concurrency: a save that would overwrite someone else's change fails."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F


class EditConflict(ValidationError):
    """Raised when the record changed after the editor loaded it."""


def save_if_unchanged(instance: models.Model, *, expected_version: int, fields: list[str]) -> None:
    """Write `fields` only if the stored version is still `expected_version`.

    The check and the write are one UPDATE, so it holds across processes.
    """
    model = type(instance)
    values = {name: getattr(instance, name) for name in fields}
    updated = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1, **values
    )
    if updated != 1:
        raise EditConflict(
            "Someone else changed this record after you opened it. "
            "Reload the page to see their changes, then make yours again.",
            code="edit_conflict",
        )
    instance.version = expected_version + 1
