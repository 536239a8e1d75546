"""Every write to a referral: creation (web, import, API) and its workflow steps."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import Team, User
from apps.audit.choices import AuditAction
from apps.core import access, audit
from apps.core.references import next_reference
from apps.core.restriction import restrict_record
from apps.core.workflow import run_transition
from apps.core.working_days import add_working_days
from apps.reference.models import ConcernType, ReferralSector
from apps.referrals import validation
from apps.referrals.choices import OPEN_STATUSES
from apps.referrals.forms import ALLOWED_ATTACHMENT_TYPES, file_extension
from apps.referrals.models import Referral, ReferralAttachment, ReferralImport

SUBJECT_FIELDS = {
    "given_name": "subject_given_name",
    "middle_names": "subject_middle_names",
    "family_name": "subject_family_name",
    "other_names": "subject_other_names",
    "date_of_birth": "subject_date_of_birth",
    "estimated_age": "subject_estimated_age",
    "gender": "subject_gender",
    "address_line_1": "subject_address_line_1",
    "address_line_2": "subject_address_line_2",
    "town": "subject_town",
    "postcode": "subject_postcode",
    "nationality": "subject_nationality",
    "first_language": "subject_first_language",
    "interpreter_needed": "subject_interpreter_needed",
    "school_or_workplace": "subject_school_or_workplace",
    "needs": "subject_needs",
    "family_details": "subject_family_details",
    "pnc_id": "subject_pnc_id",
}
DIRECT_FIELDS = [
    "source_reference",
    "date_received",
    "channel",
    "is_cyber",
    "protective_marking",
    "referrer_name",
    "referrer_organisation",
    "referrer_role",
    "referrer_email",
    "referrer_phone",
    "concern",
    "computer_misuse_sections",
    "actions_taken",
    "other_agencies",
    "person_aware",
    "parents_aware",
]


def _require_add(user: User) -> None:
    access.require_capability(user, access.capability_for(Referral, access.ADD))


def _build(*, cleaned: dict, team: Team, user: User) -> Referral:
    referral = Referral(team=team, created_by=user, updated_by=user)
    for name in DIRECT_FIELDS:
        setattr(referral, name, cleaned.get(name))
    referral.source_reference = cleaned.get("source_reference") or None
    referral.referrer_may_receive_feedback = bool(cleaned.get("referrer_may_receive_feedback"))
    for name, model_field in SUBJECT_FIELDS.items():
        value = cleaned.get(name)
        setattr(referral, model_field, value if value is not None or name in _NULLABLE else "")
    referral.sector = ReferralSector.objects.get(code=cleaned["sector"])
    referral.concern_type = ConcernType.objects.get(scheme="2024/25", code=cleaned["concern_type"])
    referral.due_date = add_working_days(
        cleaned["date_received"], settings.GATEWAY_SLA_WORKING_DAYS
    )
    return referral


_NULLABLE = {"date_of_birth", "estimated_age", "interpreter_needed"}


def _save_new(referral: Referral, *, user: User) -> Referral:
    referral.reference = next_reference("PR")
    referral.full_clean(exclude=["status"])
    referral.save()
    audit.record(
        AuditAction.CREATE,
        user=user,
        subject=referral,
        detail={"channel": referral.channel, "source_reference": referral.source_reference},
    )
    return referral


def referral_submit(*, submitted_by: User, team: Team, data: dict) -> Referral:
    """Validate one referral (web form or API) and record it, or raise with every field's error."""
    _require_add(submitted_by)
    cleaned, errors = validation.validate(data)
    if errors:
        raise ValidationError(errors)
    source_reference = cleaned.get("source_reference")
    if source_reference and Referral.objects.filter(source_reference=source_reference).exists():
        raise ValidationError(
            {
                "source_reference": [
                    "A referral with this source reference has already been received"
                ]
            }
        )
    with transaction.atomic():
        return _save_new(_build(cleaned=cleaned, team=team, user=submitted_by), user=submitted_by)


@dataclass
class RowError:
    row: int
    field: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "field": self.field, "message": self.message}


@dataclass
class BatchResult:
    created: list[Referral] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def referral_import_rows(
    *, rows: list[tuple[int, dict]], team: Team, imported_by: User, progress=None
) -> BatchResult:
    """Import a batch all-or-nothing.

    Every row is checked first; if any row has an error nothing is stored and every
    error is reported by row and field. Rows whose source reference was already
    imported are skipped, so importing the same file twice creates nothing new.
    `rows` are (row number in the file, values) pairs; `progress(done, total)` is
    called while checking.
    """
    _require_add(imported_by)
    result = BatchResult()
    checked: list[tuple[int, dict]] = []
    seen_in_file: dict[str, int] = {}
    existing = set(
        Referral.objects.filter(
            source_reference__in=[str(row.get("source_reference") or "").strip() for _, row in rows]
        ).values_list("source_reference", flat=True)
    )
    for index, (number, row) in enumerate(rows):
        cleaned, errors = validation.validate(row)
        for field_name, messages in errors.items():
            for message in messages:
                result.errors.append(RowError(number, field_name, message))
        if cleaned is not None:
            source_reference = cleaned.get("source_reference") or ""
            if not source_reference:
                result.errors.append(
                    RowError(
                        number, "source_reference", "Every imported row needs a source reference"
                    )
                )
            elif source_reference in seen_in_file:
                result.errors.append(
                    RowError(
                        number,
                        "source_reference",
                        f"Same source reference as row {seen_in_file[source_reference]}",
                    )
                )
            elif source_reference in existing:
                seen_in_file[source_reference] = number
                result.skipped.append(source_reference)
            else:
                seen_in_file[source_reference] = number
                checked.append((number, cleaned))
        if progress:
            progress(index + 1, len(rows))
    if result.errors:
        return result
    with transaction.atomic():
        for _number, cleaned in checked:
            referral = _build(cleaned=cleaned, team=team, user=imported_by)
            result.created.append(_save_new(referral, user=imported_by))
    return result


def referral_begin_deconfliction(*, referral: Referral, officer: User) -> Referral:
    with transaction.atomic():
        referral_transition(referral=referral, officer=officer, step="begin_deconfliction")
    return referral


def _save_status(referral: Referral, *, officer: User, step: str, **detail) -> None:
    old = Referral.objects.filter(pk=referral.pk).values_list("status", flat=True).first()
    referral.updated_by = officer
    referral.updated_at = timezone.now()
    referral.save()
    audit.record(
        AuditAction.TRANSITION,
        user=officer,
        subject=referral,
        changes={"status": {"old": old, "new": referral.status}},
        detail={"step": step, **detail},
    )


def referral_transition(
    *, referral: Referral, officer: User, step: str, not_ready: str = "", **detail
) -> Referral:
    """Move the referral on by one declared workflow step, saved and audited.

    The one way other apps (gateway, matching) change a referral's stage: the state
    machine checks the stage, the officer's permission and the step's conditions
    (`core.workflow.run_transition`). Call it inside the caller's transaction, with the
    referral locked (`select_for_update`). `detail` is added to the audit event.
    """
    transition = getattr(referral, step, None)
    if not hasattr(transition, "_django_fsm"):
        raise ValueError(f"{step!r} is not a referral workflow step")
    run_transition(transition, user=officer, not_ready=not_ready)
    _save_status(referral, officer=officer, step=step, **detail)
    return referral


def referral_restrict(*, referral: Referral, officer: User, readers, reason: str) -> Referral:
    """Restrict the referral to `readers` (added to its access list), audited on the referral.

    Not refused for want of access: the caller decided the restriction on the record the
    officer acts on (see people.services.person_restrict).
    """
    restrict_record(record=referral, officer=officer, readers=readers, reason=reason)
    return referral


def referral_restrict_for_person(*, person, officer: User, readers, reason: str) -> None:
    """A person was restricted: so are their open referrals (registered in people.registry)."""
    for referral in Referral.objects.filter(person=person, status__in=OPEN_STATUSES):
        referral_restrict(referral=referral, officer=officer, readers=readers, reason=reason)


def referral_attachment_add(*, referral: Referral, officer: User, upload, description: str = ""):
    """Store a checked upload outside the web root, under a name that is not the uploader's."""
    access.require(officer, access.CHANGE, referral)
    with transaction.atomic():
        attachment = ReferralAttachment(
            referral=referral,
            original_name=upload.name[:200],
            content_type=ALLOWED_ATTACHMENT_TYPES[file_extension(upload.name)],
            size=upload.size,
            description=description,
            created_by=officer,
            updated_by=officer,
        )
        attachment.file.save(str(attachment.id), upload, save=False)
        attachment.save()
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=referral,
            detail={"attachment_added": str(attachment.pk), "size": attachment.size},
        )
    return attachment


def referral_import_start(*, officer: User, team: Team, upload):
    """Keep the uploaded batch and queue it for the background worker."""
    # Imported here: tasks imports the import pipeline (imports.py), which imports this module.
    from apps.referrals.tasks import import_referrals

    _require_add(officer)
    batch = ReferralImport(team=team, original_name=upload.name[:200], created_by=officer)
    batch.updated_by = officer
    batch.file.save(f"{batch.id}{file_extension(upload.name)}", upload, save=False)
    batch.save()
    transaction.on_commit(lambda: import_referrals.enqueue(str(batch.pk)))
    return batch
