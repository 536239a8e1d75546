"""Every write to a referral: creation (web, import, API) and its workflow steps."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.accounts.models import Team, User
from apps.audit.choices import AuditAction
from apps.core import access, audit, raw_sql
from apps.core.forms import validation_messages
from apps.core.references import next_reference, next_references
from apps.core.restriction import restrict_record
from apps.core.workflow import run_transition
from apps.core.working_days import add_working_days
from apps.reference.models import ConcernType, ReferralSector
from apps.referrals import validation
from apps.referrals.choices import OPEN_STATUSES
from apps.referrals.forms import ALLOWED_ATTACHMENT_TYPES, file_extension
from apps.referrals.mail import send_referrer_feedback
from apps.referrals.models import Referral, ReferralAttachment, ReferralImport, ReferrerFeedback
from apps.referrals.routing import RoutingRules, referral_route, routing_detail

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


@dataclass(frozen=True)
class ReferenceData:
    """Sectors, concern types and routing rules, read once for a batch rather than once a row."""

    sectors: dict
    concern_types: dict
    routing: RoutingRules

    @classmethod
    def load(cls) -> "ReferenceData":
        return cls(
            sectors={sector.code: sector for sector in ReferralSector.objects.all()},
            concern_types={
                concern.code: concern for concern in ConcernType.objects.filter(scheme="2024/25")
            },
            routing=RoutingRules.load(),
        )


def _build(
    *, cleaned: dict, team: Team, user: User, lookups: ReferenceData | None = None
) -> Referral:
    lookups = lookups or ReferenceData.load()
    referral = Referral(team=team, created_by=user, updated_by=user)
    for name in DIRECT_FIELDS:
        setattr(referral, name, cleaned.get(name))
    referral.source_reference = cleaned.get("source_reference") or None
    referral.referrer_may_receive_feedback = bool(cleaned.get("referrer_may_receive_feedback"))
    for name, model_field in SUBJECT_FIELDS.items():
        value = cleaned.get(name)
        setattr(referral, model_field, value if value is not None or name in _NULLABLE else "")
    referral.sector = lookups.sectors[cleaned["sector"]]
    referral.concern_type = lookups.concern_types[cleaned["concern_type"]]
    referral.due_date = add_working_days(
        cleaned["date_received"], settings.GATEWAY_SLA_WORKING_DAYS
    )
    # Every way in (web form, API, import) builds here, so every way in is routed alike.
    return referral_route(referral, rules=lookups.routing)


_NULLABLE = {"date_of_birth", "estimated_age", "interpreter_needed"}
_NOT_CHECKED_PER_ROW = [
    "status",
    "reference",
    "team",
    "created_by",
    "updated_by",
    "sector",
    "concern_type",
    "person",
    "live_investigation_checked_by",
]
_INPUT_NAME = {model_field: name for name, model_field in SUBJECT_FIELDS.items()}


def _input_errors(error: ValidationError) -> dict[str, list[ValidationError]]:
    """Model errors keyed by the names the sender used (form field, API key, file column).

    A field the sender never gives (the reference, the due date) becomes a non-field error.
    The errors themselves are kept, codes included (a "unique" clash is recognised later).
    """
    inputs = set(validation.ReferralDataForm.base_fields)
    errors: dict[str, list[ValidationError]] = {}
    for name, messages in error.update_error_dict({}).items():
        key = _INPUT_NAME.get(name, name)
        errors.setdefault(key if key in inputs else NON_FIELD_ERRORS, []).extend(messages)
    return errors


def _save_new(referral: Referral, *, user: User, received_by: Team) -> Referral:
    referral.reference = next_reference("PR")
    try:
        referral.full_clean(exclude=["status"])
    except ValidationError as error:
        raise ValidationError(_input_errors(error)) from error
    referral.save()
    audit.record(
        AuditAction.CREATE,
        user=user,
        subject=referral,
        detail={
            "channel": referral.channel,
            "source_reference": referral.source_reference,
            **routing_detail(referral, received_by=received_by),
        },
    )
    return referral


def referral_submit(*, submitted_by: User, team: Team, data: dict) -> Referral:
    """Validate one referral (web form or API) and record it, or raise with every field's error."""
    access.require_add(submitted_by, Referral)
    cleaned, errors = validation.validate(data)
    if errors:
        raise ValidationError(errors)
    source_reference = cleaned.get("source_reference")
    if _source_reference_taken(source_reference):
        raise _already_received()
    try:
        with transaction.atomic():
            return _save_new(
                _build(cleaned=cleaned, team=team, user=submitted_by),
                user=submitted_by,
                received_by=team,
            )
    except ValidationError as error:
        # Received between the check above and full_clean's own uniqueness check.
        clashes = getattr(error, "error_dict", {}).get("source_reference", [])
        if any(clash.code == "unique" for clash in clashes):
            raise _already_received() from None
        raise
    except IntegrityError:
        # Received by a simultaneous request after full_clean: the unique constraint
        # refused the insert. The same answer as the check, never a 500.
        if _source_reference_taken(source_reference):
            raise _already_received() from None
        raise


def _source_reference_taken(source_reference: str | None) -> bool:
    return bool(source_reference) and (
        Referral.objects.filter(source_reference=source_reference).exists()
    )


def _already_received() -> ValidationError:
    return ValidationError(
        {"source_reference": ["A referral with this source reference has already been received"]}
    )


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


def referral_row_check(
    *, row: dict, team: Team, imported_by: User, lookups: ReferenceData, choices: dict
) -> tuple[Referral | None, dict[str, list[str]]]:
    """Check one import row completely, without storing it: (unsaved referral, {}) or errors.

    The model's own checks run here too, so publishing cannot fail on a row; their errors
    are keyed by the file's column names.
    """
    cleaned, errors = validation.validate(row, choices=choices)
    if errors:
        return None, errors
    referral = _build(cleaned=cleaned, team=team, user=imported_by, lookups=lookups)
    try:
        # Uniqueness is checked for the whole batch (source references) and at publishing;
        # the related records come from `lookups` and the batch, so they exist.
        referral.full_clean(exclude=_NOT_CHECKED_PER_ROW, validate_unique=False)
    except ValidationError as error:
        return None, validation_messages(ValidationError(_input_errors(error)))
    return referral, {}


@dataclass
class PreparedReferrals:
    """Checked referrals with their database-ready rows, made before the publishing transaction
    so that the write lock is held only to insert them."""

    referrals: list[Referral]
    columns: list[str]
    rows: list[list]


def referrals_prepare(*, referrals: list[Referral]) -> PreparedReferrals:
    columns, rows = raw_sql.insert_values(referrals)
    return PreparedReferrals(referrals=referrals, columns=columns, rows=rows)


def referrals_create_prepared(
    *,
    prepared: PreparedReferrals,
    created_by: User,
    received_by: Team,
    detail: dict | None = None,
) -> list[Referral]:
    """Store referrals checked by `referral_row_check`, all at once: references in one block,
    the rows in one prepared insert, and each referral's creation (collection) event, as
    `_save_new` records it one at a time (with where routing sent it, if it moved from
    `received_by`, the team the batch came in to). Run it inside the caller's transaction.
    """
    access.require_add(created_by, Referral)
    referrals = prepared.referrals
    if not referrals:
        return []
    teams = Team.objects.in_bulk({referral.team_id for referral in referrals})
    for referral in referrals:
        referral.team = teams[referral.team_id]
    with transaction.atomic():
        references = next_references("PR", len(referrals))
        position = prepared.columns.index(Referral._meta.get_field("reference").column)
        for referral, row, reference in zip(referrals, prepared.rows, references, strict=True):
            referral.reference = row[position] = reference
        raw_sql.insert_prepared(Referral, prepared.columns, prepared.rows)
        audit.record_many(
            AuditAction.CREATE,
            user=created_by,
            model=Referral,
            records=(
                (
                    referral.pk,
                    referral.reference,
                    {
                        "channel": referral.channel,
                        "source_reference": referral.source_reference,
                        **routing_detail(referral, received_by=received_by),
                        **(detail or {}),
                    },
                )
                for referral in referrals
            ),
        )
    for referral in referrals:
        referral._state.adding = False
    return referrals


def existing_source_references(source_references) -> set[str]:
    """Which of these source references are already on a referral (checked in chunks)."""
    wanted = [value for value in source_references if value]
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        found.update(
            Referral.objects.filter(source_reference__in=wanted[start : start + 500]).values_list(
                "source_reference", flat=True
            )
        )
    return found


class RowChecker:
    """The checks on each row of one batch, including those across rows (repeats in the file)."""

    def __init__(self, *, team: Team, imported_by: User):
        self.team = team
        self.imported_by = imported_by
        self.lookups = ReferenceData.load()
        self.choices = validation.reference_choices()
        self.seen_in_file: dict[str, int] = {}

    def check(
        self, rows: list[tuple[int, dict]], result: "BatchResult"
    ) -> list[tuple[int, Referral]]:
        """Check some rows; errors and skipped references go on `result`; returns the new ones."""
        existing = existing_source_references(
            str(row.get("source_reference") or "").strip() for _, row in rows
        )
        checked = []
        for number, row in rows:
            referral, errors = referral_row_check(
                row=row,
                team=self.team,
                imported_by=self.imported_by,
                lookups=self.lookups,
                choices=self.choices,
            )
            for field_name, messages in errors.items():
                for message in messages:
                    result.errors.append(RowError(number, field_name, message))
            if referral is None:
                continue
            source_reference = referral.source_reference or ""
            if not source_reference:
                result.errors.append(
                    RowError(
                        number, "source_reference", "Every imported row needs a source reference"
                    )
                )
            elif source_reference in self.seen_in_file:
                result.errors.append(
                    RowError(
                        number,
                        "source_reference",
                        f"Same source reference as row {self.seen_in_file[source_reference]}",
                    )
                )
            elif source_reference in existing:
                self.seen_in_file[source_reference] = number
                result.skipped.append(source_reference)
            else:
                self.seen_in_file[source_reference] = number
                checked.append((number, referral))
        return checked


def referral_import_rows(
    *, rows: list[tuple[int, dict]], team: Team, imported_by: User, progress=None
) -> BatchResult:
    """Import rows held in memory, all-or-nothing (commands that generate their own rows).

    Every row is checked first; if any row has an error nothing is stored and every
    error is reported by row and field. Rows whose source reference was already
    imported are skipped, so importing the same file twice creates nothing new.
    `rows` are (row number in the file, values) pairs; `progress(done, total)` is
    called while checking. Uploaded files go through apps.referrals.imports, which
    stages the checked rows instead of holding them in memory.
    """
    access.require_add(imported_by, Referral)
    result = BatchResult()
    checker = RowChecker(team=team, imported_by=imported_by)
    checked: list[tuple[int, Referral]] = []
    for start in range(0, len(rows), 100):
        checked.extend(checker.check(rows[start : start + 100], result))
        if progress:
            progress(min(start + 100, len(rows)), len(rows))
    if result.errors:
        return result
    prepared = referrals_prepare(referrals=[referral for _, referral in checked])
    with transaction.atomic():
        result.created = referrals_create_prepared(
            prepared=prepared, created_by=imported_by, received_by=team
        )
    return result


def referral_begin_deconfliction(*, referral: Referral, officer: User) -> Referral:
    """Start de-confliction, deciding on the referral as it is now, locked.

    Two clicks at once record one change: the second waits for the first, then finds
    the referral already in de-confliction and is refused (referral_transition locks it).
    """
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
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


def _lock_for_change(referral: Referral, *, officer: User) -> Referral:
    access.require(officer, access.CHANGE, referral)
    return Referral.objects.select_for_update().get(pk=referral.pk)


URGENCY_FIELDS = ("is_urgent", "urgent_reason")


def _urgency(referral: Referral) -> dict:
    return {name: getattr(referral, name) for name in URGENCY_FIELDS}


def referral_mark_urgent(*, referral: Referral, officer: User, reason: str) -> Referral:
    """Mark the referral urgent (or change why it is): it then heads every referral queue."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"urgent_reason": ["Enter why the referral is urgent"]})
    with transaction.atomic():
        referral = _lock_for_change(referral, officer=officer)
        if not referral.is_open:
            raise ValidationError(
                "This referral has been decided: only an open referral can be marked urgent",
                code="not_open",
            )
        before = _urgency(referral)
        referral.is_urgent = True
        referral.urgent_reason = reason
        referral.urgent_marked_by = officer
        referral.urgent_marked_at = timezone.now()
        referral.updated_by = officer
        referral.full_clean(exclude=["status"], validate_unique=False)
        referral.save()
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=referral,
            changes={
                name: {"old": before[name], "new": getattr(referral, name)}
                for name in URGENCY_FIELDS
            },
            detail={"what": "marked urgent"},
        )
    return referral


def referral_unmark_urgent(*, referral: Referral, officer: User) -> Referral:
    """The referral is no longer urgent: it takes its place by Gateway target again."""
    with transaction.atomic():
        referral = _lock_for_change(referral, officer=officer)
        if not referral.is_urgent:
            raise ValidationError("This referral is not marked urgent", code="not_urgent")
        before = _urgency(referral)
        referral.is_urgent = False
        referral.urgent_reason = ""
        referral.urgent_marked_by = None
        referral.urgent_marked_at = None
        referral.updated_by = officer
        referral.save()
        audit.record(
            AuditAction.UPDATE,
            user=officer,
            subject=referral,
            changes={
                name: {"old": before[name], "new": getattr(referral, name)}
                for name in URGENCY_FIELDS
            },
            detail={"what": "no longer urgent"},
        )
    return referral


def referrer_feedback_send(*, referral: Referral, officer: User, text: str) -> ReferrerFeedback:
    """Send the outcome to a referrer who agreed to feedback, and keep what was sent.

    The text is the officer's, written for a partner (the page prefills the outcome and
    warns against the rationale or intelligence). Recorded as a disclosure on the
    referral; the e-mail goes after the transaction commits (a background task).
    """
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": ["Enter the feedback to send to the referrer"]})
    with transaction.atomic():
        referral = _lock_for_change(referral, officer=officer)
        if not referral.referrer_may_receive_feedback:
            raise ValidationError(
                "The referrer did not agree to feedback, so none can be sent",
                code="no_feedback",
            )
        if not referral.referrer_email:
            raise ValidationError(
                "The referral has no e-mail address for the referrer", code="no_feedback"
            )
        if not referral.may_send_feedback:
            raise ValidationError(
                "Feedback can be sent once the Gateway decision is signed off",
                code="not_decided",
            )
        feedback = ReferrerFeedback(
            referral=referral,
            recipient_name=referral.referrer_name,
            recipient_email=referral.referrer_email,
            text=text,
            sent_at=timezone.now(),
            created_by=officer,
            updated_by=officer,
        )
        feedback.full_clean()
        feedback.save()
        audit.record(
            AuditAction.EXPORT,
            user=officer,
            subject=referral,
            detail={
                "what": "outcome sent to the referrer",
                "feedback": str(feedback.pk),
                "to": feedback.recipient_email,
            },
        )
        transaction.on_commit(lambda: send_referrer_feedback.enqueue(str(feedback.pk)))
    return feedback


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
    from apps.referrals.forms import file_extension
    from apps.referrals.imports import referral_import_enqueue

    access.require_add(officer, Referral)
    batch = ReferralImport(team=team, original_name=upload.name[:200], created_by=officer)
    batch.updated_by = officer
    batch.file.save(f"{batch.id}{file_extension(upload.name)}", upload, save=False)
    batch.save()
    transaction.on_commit(lambda: referral_import_enqueue(batch))
    return batch
