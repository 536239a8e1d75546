"""Edits never silently overwrite: the one rule for every record an officer can change.

Every editable record has a `version` (core.models), raised by one on each save.

- Services write through `save_if_unchanged` (the check and the write are one UPDATE), or,
  when the editor's starting values are known, through `merge_edit` first.
- Pages (`VersionedFormMixin`): a form carries the version and a signed snapshot of the
  values it started from. If a colleague saved in between, `merge_edit` keeps both people's
  changes when they touched different fields (a three-way merge: the snapshot is the base,
  the database is theirs, the form is mine) and refuses a change to the same field (both
  changed it, to different values) with both values shown and the form re-rendered with
  what was typed.
- The API (`core.viewsets.ConditionalUpdateMixin`): single-record GETs carry an `ETag`
  (`etag_for`); PATCH and PUT need `If-Match` (428 without it, 412 with the current record
  when stale). A client has no snapshot, so the API never merges.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F
from django.utils.formats import date_format

STALE_MESSAGE = (
    "Someone else changed this record after you opened it. "
    "Reload the page to see their changes, then make yours again."
)
SNAPSHOT_SALT = "apps.core.concurrency.snapshot"
# An entity tag is a quoted string, optionally weak (W/); If-Match may list several.
ETAG_PATTERN = re.compile(r'\s*(?:W/)?"([^"]*)"\s*')


@dataclass(frozen=True)
class Conflict:
    """One field both editors changed, to different values."""

    field: str
    base: object
    theirs: object
    mine: object


class EditConflict(ValidationError):
    """Raised when the record changed after the editor loaded it.

    `conflicts` lists the fields both editors changed (empty when the editor's starting
    values were not known, as on the API); `current` is the record as it is now, if read.
    """

    def __init__(
        self, message=STALE_MESSAGE, *, conflicts=(), theirs_kept=(), current=None, **kwargs
    ):
        kwargs.setdefault("code", "edit_conflict")
        if conflicts:
            super().__init__(
                {
                    conflict.field: ValidationError(
                        "Someone else changed this after you opened the page",
                        code="edit_conflict",
                    )
                    for conflict in conflicts
                }
            )
        else:
            super().__init__(message, **kwargs)
        self.conflicts: tuple[Conflict, ...] = tuple(conflicts)
        self.theirs_kept: tuple[str, ...] = tuple(theirs_kept)
        self.current = current


@dataclass(frozen=True)
class Merge:
    """The outcome of a three-way merge of one editor's changes with a colleague's save."""

    changes: dict = field(default_factory=dict)  # mine, to write
    theirs_kept: tuple[str, ...] = ()  # fields a colleague changed, left as they saved them
    conflicts: tuple[Conflict, ...] = ()


def comparable(value) -> object:
    """A value as JSON would carry it (dates as ISO strings, sets as sorted lists).

    The snapshot travels through a signed JSON string, so base, theirs and mine are
    compared in this one form.
    """
    if isinstance(value, set | frozenset):
        value = sorted(value)
    if isinstance(value, models.Model):
        value = value.pk
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _blank(value) -> bool:
    return value in (None, "", [], {})


def _same(first, second) -> bool:
    first, second = comparable(first), comparable(second)
    if _blank(first) and _blank(second):
        return True  # "" and None are both "nothing entered"
    if isinstance(first, list) and isinstance(second, list):
        return sorted(map(json.dumps, first)) == sorted(map(json.dumps, second))
    return first == second


def three_way_merge(*, base: dict, theirs: dict, mine: dict) -> Merge:
    """Merge my changes (from `base`) with theirs (the record now) field by field.

    A field only I changed is written; a field only they changed is left as they saved it;
    a field we both changed to the same value needs nothing; a field we both changed to
    different values is a conflict. A field missing from the base counts as changed by me.
    """
    changes, theirs_kept, conflicts = {}, [], []
    for name, value in mine.items():
        base_value = base.get(name, object())
        i_changed = name not in base or not _same(value, base_value)
        they_changed = name in base and not _same(theirs.get(name), base_value)
        if they_changed and not i_changed:
            theirs_kept.append(name)
        elif i_changed and not they_changed:
            changes[name] = value
        elif i_changed and they_changed and not _same(value, theirs.get(name)):
            conflicts.append(Conflict(name, base.get(name), theirs.get(name), value))
    return Merge(changes=changes, theirs_kept=tuple(theirs_kept), conflicts=tuple(conflicts))


def _lock_current(instance: models.Model) -> models.Model:
    model = type(instance)
    return model._default_manager.select_for_update().get(pk=instance.pk)


def merge_edit(
    instance: models.Model, *, expected_version: int, changes: dict, base: dict | None = None
) -> Merge:
    """Before a service writes `changes`: lock the row and merge with any save made since.

    Call inside the service's transaction. With the editor's starting values (`base`, from
    the form's signed snapshot) the merge is field by field (`three_way_merge`): only what
    the editor changed is written, whatever was saved in between. Without a base (the API),
    the stored version must still be `expected_version`, and every change is written.
    Raises EditConflict (with the conflicting fields and the current record) or returns the
    merge; either way `instance` now holds the stored values and version, so the service
    sets `merge.changes` on it and writes with `save_if_unchanged(instance,
    expected_version=instance.version, ...)`.
    """
    current = _lock_current(instance)
    for concrete in current._meta.concrete_fields:
        setattr(instance, concrete.attname, getattr(current, concrete.attname))
    if base is None:
        if current.version != expected_version:
            raise EditConflict(current=current)
        return Merge(changes=dict(changes))
    theirs = {name: getattr(current, name) for name in changes}
    merge = three_way_merge(base=base, theirs=theirs, mine=changes)
    if merge.conflicts:
        raise EditConflict(
            conflicts=merge.conflicts, theirs_kept=merge.theirs_kept, current=current
        )
    instance._theirs_kept = merge.theirs_kept  # for the page's message
    return merge


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
        raise EditConflict()
    instance.version = expected_version + 1


# Signed snapshots: the values a form started from, which the browser cannot alter.


def _snapshot_salt(instance: models.Model) -> str:
    # Bound to the record, so a snapshot from one record's form cannot be used on another.
    return f"{SNAPSHOT_SALT}:{instance._meta.label_lower}:{instance.pk}"


def sign_snapshot(instance: models.Model, fields) -> str:
    """The record's version and the values of `fields`, signed for a hidden form field."""
    values = {name: comparable(getattr(instance, name)) for name in fields}
    return signing.dumps(
        {"version": instance.version, "values": values}, salt=_snapshot_salt(instance)
    )


def read_snapshot(instance: models.Model, token: str) -> tuple[int, dict]:
    """(version, values) from `sign_snapshot`; a ValidationError if altered or another record's."""
    try:
        payload = signing.loads(token, salt=_snapshot_salt(instance))
        return int(payload["version"]), dict(payload["values"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise ValidationError(
            "This form could not be checked. Reload the page, then make your changes again.",
            code="bad_snapshot",
        ) from error


# Entity tags for the API.


def etag_for(instance: models.Model) -> str:
    """The record's ETag: its version, quoted (a strong validator)."""
    return f'"{instance.version}"'


def if_match_versions(header: str) -> list[int] | None:
    """The versions an If-Match header names, or None when it is not a list of entity tags.

    `*` is refused (None): it would match any version, which is the silent overwrite the
    header is there to prevent.
    """
    versions = []
    for part in header.split(","):
        found = ETAG_PATTERN.fullmatch(part)
        if found is None or not found.group(1).isdigit():
            return None
        versions.append(int(found.group(1)))
    return versions or None


# Pages: the form side of the rule.


def display_value(form_field: forms.Field | None, value) -> str:
    """A stored value in words, as the form shows it: labels for choices, dates in words."""
    if _blank(value):
        return "blank"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | tuple | set):
        return ", ".join(display_value(form_field, item) for item in value)
    choices = {str(key): label for key, label in getattr(form_field, "choices", None) or []}
    if str(value) in choices:
        return str(choices[str(value)])
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    return str(value)


class VersionedFormMixin:
    """An edit form that carries the version and a signed snapshot of its starting values.

    Put it before the form class: `class PersonDetailsForm(VersionedFormMixin, GovukForm)`.
    `core.pages.ObjectFormView` does the rest: the hidden fields on GET, the three-way merge
    through the service's `base` argument on POST, and `show_conflicts` when both editors
    changed the same field.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        reload = "Reload the page, then make your changes again"
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, min_value=1, error_messages={"required": reload}
        )
        self.fields["snapshot"] = forms.CharField(
            widget=forms.HiddenInput, error_messages={"required": reload}
        )

    @staticmethod
    def versioned_initial(record: models.Model, fields) -> dict:
        return {"version": record.version, "snapshot": sign_snapshot(record, fields)}

    def show_conflicts(self, conflict: EditConflict, *, now: dict, fields) -> None:
        """Refuse a save both editors changed the same field in, keeping what was typed.

        Each conflicting field shows both values (theirs and mine); fields only the
        colleague changed show their value (it is kept); the hidden snapshot becomes the
        record as it is now, except that the colleague's value of each conflicting field
        counts as the starting point, so saving again writes what this editor typed there.
        `now` is the view's initial data for the current record, in the form's terms.
        """
        current = conflict.current
        self.data = self.data.copy()
        for item in conflict.conflicts:
            form_field = self.fields.get(item.field)
            label = form_field.label if form_field else item.field
            theirs = display_value(form_field, item.theirs)
            mine = display_value(form_field, item.mine)
            message = (
                f"{label} was changed by someone else to “{theirs}” after you opened this "
                f"page. You entered “{mine}”, which is kept below: save again to use it, or "
                "change it"
            )
            self.add_error(item.field if form_field else None, message)
        for name in conflict.theirs_kept:
            if name in self.fields and name in now:
                self._set_data(name, now[name])
        self.data["version"] = str(current.version)
        self.data["snapshot"] = sign_snapshot(current, fields)

    def _set_data(self, name: str, value) -> None:
        form_field, key = self.fields[name], self.add_prefix(name)
        widget = form_field.widget
        if isinstance(widget, forms.MultiWidget):
            for index, part in enumerate(widget.decompress(value)):
                self.data[f"{key}_{index}"] = "" if part is None else str(part)
        elif isinstance(value, list | tuple):
            self.data.setlist(key, [str(item) for item in value])
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                self.data[key] = "on"
            else:
                self.data.pop(key, None)
        else:
            self.data[key] = "" if value is None else str(form_field.prepare_value(value))
