"""Every write to operations, packages and subjects: checked, in one transaction, audited.

A package's subjects are imported all or nothing (imports.check_rows). A subject becomes a
Person only when an officer establishes who they are: matched to someone in the index, or
a new person once a name is known — never from an identifier alone. Opening a case for a
subject hands it to the normal intake (apps.referrals.services.referral_submit) as a Cyber
Prevent referral and starts the Gateway's de-confliction at once.
"""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.selectors import REFUSED_TEAM, is_cyber_user
from apps.audit.choices import AuditAction
from apps.cases.models import Case
from apps.core import access, audit
from apps.core.concurrency import merge_edit, save_if_unchanged
from apps.core.postcodes import normalise_postcode
from apps.core.references import next_reference
from apps.cyber_packages import imports
from apps.cyber_packages.choices import CloseReason, Identification, Progress
from apps.cyber_packages.models import (
    Force,
    IntelligencePackage,
    Operation,
    PackageSubject,
    SubjectIdentifier,
)
from apps.cyber_packages.selectors import with_progress
from apps.people.models import Person, PersonIdentifier
from apps.people.services import person_create, person_identifier_add
from apps.referrals.models import Referral
from apps.referrals.services import referral_begin_deconfliction, referral_submit
from apps.referrals.tabular import UnreadableFile, read_rows
from apps.work.selectors import allocation_of
from apps.work.services import allocation_allocate, task_create

OPERATION_FIELDS = ["name", "lead_agency", "starts_on", "ends_on", "spoc", "description"]
PACKAGE_FIELDS = [
    "source_agency",
    "source_reference",
    "received_on",
    "deadline",
    "description",
    "protective_marking",
]
# The most subjects one package file may hold (the referral import's limit).
MAX_ROWS = 20000


class PackageImportRejected(ValidationError):
    """The file had bad rows: nothing was stored. `errors` lists row, field and message."""

    def __init__(self, errors: list[dict]):
        self.errors = errors
        count = len(errors)
        super().__init__(f"{count} problem{'s' if count != 1 else ''}: nothing was imported")


def _require_cyber_team(officer: User) -> None:
    if not is_cyber_user(officer):
        audit.record_access_denied(user=officer, status=403, reason=REFUSED_TEAM)
        raise PermissionDenied("Cyber Prevent records are for Cyber Prevent teams.")


def _shown(value):
    if hasattr(value, "pk"):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _changes(record, before: dict, fields) -> dict:
    changed = {}
    for name in fields:
        new = _shown(getattr(record, name))
        if before[name] != new:
            changed[name] = {"old": before[name], "new": new}
    return changed


def _update(record, *, officer: User, fields, expected_version: int, base, changes, check):
    """The shared edit (ADR 0019): merge with a colleague's change, check, save, audit."""
    unknown = set(changes) - set(fields)
    if unknown:
        raise ValidationError(f"Cannot change: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        before = {name: _shown(getattr(record, name)) for name in fields}
        merge = merge_edit(record, expected_version=expected_version, changes=changes, base=base)
        for name, value in merge.changes.items():
            setattr(record, name, value)
        record.updated_by = officer
        record.updated_at = timezone.now()
        check(record)
        save_if_unchanged(
            record,
            expected_version=record.version,
            fields=[*merge.changes, "updated_by", "updated_at"],
        )
        changed = _changes(record, before, fields)
        if changed:
            audit.record(AuditAction.UPDATE, user=officer, subject=record, changes=changed)
    return record


# --- Operations -----------------------------------------------------------------------------


def _check_operation(operation: Operation) -> None:
    if operation.ends_on and operation.starts_on and operation.ends_on < operation.starts_on:
        raise ValidationError({"ends_on": "The end date must be on or after the start date"})
    if operation.spoc_id and not is_cyber_user(operation.spoc):
        raise ValidationError({"spoc": "The SPOC must be a Cyber Prevent officer"})
    operation.full_clean(exclude=["reference", "team"])


def operation_create(*, officer: User, **data) -> Operation:
    """Record an operation for the officer's team."""
    access.require_add(officer, Operation)
    _require_cyber_team(officer)
    unknown = set(data) - set(OPERATION_FIELDS)
    if unknown:
        raise ValidationError(f"Cannot record: {', '.join(sorted(unknown))}")
    operation = Operation(team=officer.team, created_by=officer, updated_by=officer, **data)
    _check_operation(operation)
    with transaction.atomic():
        operation.reference = next_reference("OP")
        operation.save()
        audit.record(
            AuditAction.CREATE,
            user=officer,
            subject=operation,
            changes={
                name: {"old": None, "new": _shown(getattr(operation, name))}
                for name in OPERATION_FIELDS
            },
        )
    return operation


def operation_update(
    *,
    operation: Operation,
    officer: User,
    expected_version: int,
    base: dict | None = None,
    **changes,
) -> Operation:
    access.require(officer, access.CHANGE, operation)
    _require_cyber_team(officer)
    return _update(
        operation,
        officer=officer,
        fields=OPERATION_FIELDS,
        expected_version=expected_version,
        base=base,
        changes=changes,
        check=_check_operation,
    )


# --- Packages -------------------------------------------------------------------------------


def _check_package(package: IntelligencePackage) -> None:
    if package.received_on and package.received_on > timezone.localdate():
        raise ValidationError({"received_on": "The date received must be today or in the past"})
    if package.deadline and package.received_on and package.deadline < package.received_on:
        raise ValidationError({"deadline": "The return must be due on or after the date received"})
    package.full_clean(exclude=["reference", "team", "operation"])


def package_create(*, officer: User, operation: Operation, **data) -> IntelligencePackage:
    """Record a package received for an operation (its subjects are imported next)."""
    access.require_add(officer, IntelligencePackage)
    _require_cyber_team(officer)
    access.require(officer, access.VIEW, operation)
    unknown = set(data) - set(PACKAGE_FIELDS)
    if unknown:
        raise ValidationError(f"Cannot record: {', '.join(sorted(unknown))}")
    package = IntelligencePackage(
        team=operation.team, operation=operation, created_by=officer, updated_by=officer, **data
    )
    _check_package(package)
    with transaction.atomic():
        package.reference = next_reference("PK")
        package.save()
        audit.record(
            AuditAction.CREATE,
            user=officer,
            subject=package,
            changes={
                name: {"old": None, "new": _shown(getattr(package, name))}
                for name in PACKAGE_FIELDS
            },
            detail={"operation": operation.reference},
        )
    return package


def package_update(
    *,
    package: IntelligencePackage,
    officer: User,
    expected_version: int,
    base: dict | None = None,
    **changes,
) -> IntelligencePackage:
    """Change a package; a new marking is carried to its subjects."""
    access.require(officer, access.CHANGE, package)
    _require_cyber_team(officer)
    with transaction.atomic():
        package = _update(
            package,
            officer=officer,
            fields=PACKAGE_FIELDS,
            expected_version=expected_version,
            base=base,
            changes=changes,
            check=_check_package,
        )
        package.subjects.exclude(protective_marking=package.protective_marking).update(
            protective_marking=package.protective_marking
        )
    return package


def package_import_upload(*, package: IntelligencePackage, officer: User, upload) -> int:
    """`package_import` of an uploaded file (the page's or the API's), kept in a temporary
    folder while it is read and removed after."""
    suffix = Path(upload.name).suffix.lower()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"subjects{suffix}"
        with path.open("wb") as stored:
            for chunk in upload.chunks():
                stored.write(chunk)
        return package_import(package=package, officer=officer, path=path)


def package_import(*, package: IntelligencePackage, officer: User, path: Path | str) -> int:
    """Import the package's subjects from a CSV or XLSX file: every row or none.

    Raises PackageImportRejected with every row's problems (row, field, reason), having
    stored nothing; returns how many subjects were added.
    """
    access.require(officer, access.CHANGE, package)
    _require_cyber_team(officer)
    try:
        rows = read_rows(path, max_rows=MAX_ROWS)
    except UnreadableFile as error:
        raise PackageImportRejected([{"row": 1, "field": "file", "message": str(error)}]) from None
    taken = set(package.subjects.values_list("source_reference", flat=True))
    checked = imports.check_rows(rows, taken=taken)
    if checked.errors:
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=package,
            detail={"import": "rejected", "rows": len(rows), "problems": len(checked.errors)},
        )
        raise PackageImportRejected(checked.errors)
    with transaction.atomic():
        package = IntelligencePackage.objects.select_for_update().get(pk=package.pk)
        created = []
        for row in checked.subjects:
            subject = PackageSubject.objects.create(
                reference=next_reference("SJ"),
                package=package,
                team=package.team,
                protective_marking=package.protective_marking,
                row_number=row.row,
                source_reference=row.source_reference,
                given_name=row.given_name,
                family_name=row.family_name,
                date_of_birth=row.date_of_birth,
                postcode=row.postcode,
                force=row.force,
                created_by=officer,
                updated_by=officer,
            )
            SubjectIdentifier.objects.bulk_create(
                SubjectIdentifier(subject=subject, kind=kind, supplied=supplied, value=value)
                for kind, supplied, value in row.identifiers
            )
            created.append(subject)
        package.imported_at = timezone.now()
        package.save(update_fields=["imported_at"])
        audit.record_many(
            AuditAction.CREATE,
            user=officer,
            model=PackageSubject,
            records=[
                (
                    subject.pk,
                    subject.reference,
                    {"package": package.reference, "row": subject.row_number},
                )
                for subject in created
            ],
        )
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=package,
            detail={"import": "succeeded", "subjects": len(created)},
        )
    return len(created)


def package_allocate_force(
    *, package: IntelligencePackage, force: Force, officer: User, by: User
) -> int:
    """Allocate the package's unallocated subjects in one force area to an officer, with a
    task due on the package's deadline (apps.work). How many subjects were allocated."""
    access.require(by, access.CHANGE, package)
    _require_cyber_team(by)
    subjects = [
        subject
        for subject in package.subjects.filter(force=force).order_by("row_number")
        if allocation_of(subject) is None
    ]
    if not subjects:
        raise ValidationError({"force": f"No subject in {force.name} is waiting to be allocated"})
    with transaction.atomic():
        for subject in subjects:
            allocation_allocate(
                record=subject,
                officer=officer,
                by=by,
                reason=f"{force.name} subjects of package {package.reference}",
            )
        task_create(
            officer=by,
            assignee=officer,
            title=f"Contact the {len(subjects)} {force.name} subjects of package "
            f"{package.reference}",
            due_date=package.deadline,
            details=f"The return to the sender is due on {package.deadline:%-d %B %Y}.",
            record=package,
        )
    return len(subjects)


# --- Subjects -------------------------------------------------------------------------------


def subject_update(
    *,
    subject: PackageSubject,
    officer: User,
    expected_version: int,
    base: dict | None = None,
    **changes,
) -> PackageSubject:
    """Record what an officer established: the subject's name, date of birth, postcode or
    force. A name is never removed once the subject is linked to a person."""
    access.require(officer, access.CHANGE, subject)
    _require_cyber_team(officer)
    if "postcode" in changes and changes["postcode"]:
        try:
            changes["postcode"] = normalise_postcode(changes["postcode"])
        except Exception:
            raise ValidationError({"postcode": "Enter a real UK postcode, like RG1 1AA"}) from None

    def check(record: PackageSubject) -> None:
        if bool(record.given_name.strip()) != bool(record.family_name.strip()):
            missing = "family_name" if record.given_name.strip() else "given_name"
            raise ValidationError({missing: "Enter both the given and family names, or neither"})
        if record.person_id and not record.has_name:
            raise ValidationError(
                {"given_name": "The subject is linked to a person: keep the name"}
            )
        if record.date_of_birth and record.date_of_birth >= timezone.localdate():
            raise ValidationError({"date_of_birth": "The date of birth must be in the past"})
        record.full_clean(exclude=["reference", "team", "package", "referral", "person"])

    return _update(
        subject,
        officer=officer,
        fields=["given_name", "family_name", "date_of_birth", "postcode", "force"],
        expected_version=expected_version,
        base=base,
        changes=changes,
        check=check,
    )


def _copy_identifiers(*, subject: PackageSubject, person: Person, officer: User) -> list[str]:
    """Record the subject's identifiers on the person (those not there already)."""
    added = []
    for identifier in subject.identifiers.all():
        if PersonIdentifier.objects.filter(
            person=person, kind=identifier.kind, value=identifier.value
        ).exists():
            continue
        try:
            person_identifier_add(
                person=person, officer=officer, kind=identifier.kind, value=identifier.value
            )
        except ValidationError:
            raise ValidationError(
                {
                    "person": f"The {identifier.get_kind_display().lower()} {identifier.value} is "
                    "recorded on someone else: check whether they are the same person"
                }
            ) from None
        added.append(f"{identifier.kind}:{identifier.value}")
    return added


def subject_identify(
    *,
    subject: PackageSubject,
    officer: User,
    outcome: str,
    reason: str,
    person: Person | None = None,
) -> PackageSubject:
    """An officer's answer to "who is this subject?": the person they match, a new person
    (only when the subject has a name), or no person yet. Matching only suggested; this
    decision, with its reason, is what links them. The identifiers go onto the person."""
    access.require(officer, access.CHANGE, subject)
    _require_cyber_team(officer)
    errors = {}
    if outcome not in Identification.values or outcome == Identification.PENDING:
        errors["outcome"] = "Select who the subject is"
    if not (reason or "").strip():
        errors["reason"] = "Enter the reasons for your decision"
    if outcome == Identification.MATCHED and person is None:
        errors["person"] = "Select the person the subject is"
    if outcome == Identification.NEW_PERSON and not subject.has_name:
        errors["outcome"] = (
            "A person is created only when a name is established: record the subject's "
            "given and family names first"
        )
    if subject.person_id and outcome != Identification.MATCHED:
        errors["outcome"] = "The subject is already linked to a person"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        subject = PackageSubject.objects.select_for_update().get(pk=subject.pk)
        before = {"identification": subject.identification, "person": _shown(subject.person)}
        if outcome == Identification.MATCHED:
            access.require(officer, access.CHANGE, person)
        if outcome == Identification.NEW_PERSON:
            person = person_create(
                created_by=officer,
                team=subject.team,
                protective_marking=subject.protective_marking,
                given_name=subject.given_name,
                family_name=subject.family_name,
                date_of_birth=subject.date_of_birth,
                address={"postcode": subject.postcode} if subject.postcode else None,
            )
        added = []
        if person is not None:
            added = _copy_identifiers(subject=subject, person=person, officer=officer)
        subject.identification = outcome
        subject.person = person if outcome != Identification.NO_PERSON else None
        subject.identified_by = officer
        subject.identified_at = timezone.now()
        subject.identification_reason = reason.strip()
        subject.updated_by = officer
        subject.version += 1
        subject.save()
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=subject,
            justification=reason.strip(),
            changes={
                "identification": {"old": before["identification"], "new": outcome},
                "person": {"old": before["person"], "new": _shown(subject.person)},
            },
            detail={"identifiers_added": added},
        )
    return subject


def subject_close(
    *, subject: PackageSubject, officer: User, reason: str, note: str = ""
) -> PackageSubject:
    """Close a subject for whom no case will be opened (not identified, outside the region,
    a live investigation). A subject with a case closes when its case does."""
    access.require(officer, access.CHANGE, subject)
    _require_cyber_team(officer)
    progress = with_progress(PackageSubject.objects.filter(pk=subject.pk)).get()
    errors = {}
    if reason not in CloseReason.values:
        errors["reason"] = "Select why the subject is closed"
    if progress.case_pk:
        errors["reason"] = (
            f"The subject has case {progress.case_reference}: it closes with the case"
        )
    elif progress.progress == Progress.CLOSED:
        errors["reason"] = "The subject is already closed"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        subject.closed_on = timezone.localdate()
        subject.close_reason = reason
        subject.close_note = (note or "").strip()
        subject.updated_by = officer
        subject.version += 1
        subject.save()
        audit.record(
            AuditAction.TRANSITION,
            user=officer,
            subject=subject,
            changes={"progress": {"old": progress.progress, "new": Progress.CLOSED}},
            detail={"reason": CloseReason(reason).label},
        )
    return subject


def subject_refer(*, subject: PackageSubject, officer: User, data: dict) -> Referral:
    """Open a case for the subject: record it through the normal intake as a Cyber Prevent
    referral (the channel: an intelligence package) and start the Gateway's de-confliction
    at once. The case the Gateway opens from it is the subject's case; its progress follows.

    `data` holds the concern as the referral form takes it (concern, concern_type,
    computer_misuse_sections, person_aware, parents_aware); the name, date of birth and
    postcode are the subject's.
    """
    access.require(officer, access.CHANGE, subject)
    _require_cyber_team(officer)
    if not subject.has_name:
        raise ValidationError(
            {"given_name": "Record the subject's name before opening a case for them"}
        )
    if subject.referral_id:
        raise ValidationError(f"The subject is already referral {subject.referral.reference}")
    if subject.closed_on:
        raise ValidationError("The subject is closed")
    package = subject.package
    with transaction.atomic():
        subject = PackageSubject.objects.select_for_update().get(pk=subject.pk)
        referral = referral_submit(
            submitted_by=officer,
            team=subject.team,
            data={
                **data,
                "is_cyber": True,
                "channel": "package",
                "source_reference": subject.reference,
                "date_received": timezone.localdate().isoformat(),
                "protective_marking": subject.protective_marking,
                "given_name": subject.given_name,
                "family_name": subject.family_name,
                "date_of_birth": subject.date_of_birth.isoformat() if subject.date_of_birth else "",
                "postcode": subject.postcode,
                "referrer_name": officer.display_name,
                "referrer_organisation": str(package.source_agency),
                "sector": "police",
                "other_agencies": f"{package.source_agency} package {package.source_reference}",
            },
        )
        subject.referral = referral
        subject.updated_by = officer
        subject.version += 1
        subject.save()
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=subject,
            changes={"referral": {"old": None, "new": referral.reference}},
        )
        if access.can(officer, access.CHANGE, referral):
            referral = referral_begin_deconfliction(referral=referral, officer=officer)
    return referral


def subject_link_case(*, subject: PackageSubject, officer: User, case: Case) -> PackageSubject:
    """The subject's person already has a case (found when they were identified): the
    subject follows that case (through the referral that opened it) instead of a new one."""
    access.require(officer, access.CHANGE, subject)
    _require_cyber_team(officer)
    access.require(officer, access.VIEW, case)
    if subject.person_id is None or case.person_id != subject.person_id:
        raise ValidationError(
            {"case": "Link only a case about the person the subject was identified as"}
        )
    if subject.referral_id:
        raise ValidationError({"case": f"The subject already follows {subject.referral.reference}"})
    if PackageSubject.objects.filter(referral_id=case.referral_id).exists():
        raise ValidationError({"case": f"Case {case.reference} already has a package subject"})
    with transaction.atomic():
        subject.referral_id = case.referral_id
        subject.updated_by = officer
        subject.version += 1
        subject.save()
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=subject,
            changes={"case": {"old": None, "new": case.reference}},
        )
    return subject
