"""Running one referral import batch, for the upload page's background task and the command.

Stage, then publish (docs/decisions/0012): every row is checked and its checked values
written to ReferralImportRow in small committed chunks, so pages keep answering while a
large file is checked; then one short transaction creates every referral of the batch,
or none. A batch always ends succeeded, rejected (with every row error) or failed (with
the reason): an unexpected error fails it, and a batch whose worker died is resumed or
failed by `referral_imports_recover` (run at worker start, and when its page is viewed).
"""

import datetime
import json
import logging
import time
import traceback

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from apps.referrals import services
from apps.referrals.choices import ImportStatus
from apps.referrals.models import Referral, ReferralImport, ReferralImportRow
from apps.referrals.tabular import UnreadableFile, read_rows

logger = logging.getLogger(__name__)

FINISHED = (ImportStatus.SUCCEEDED, ImportStatus.REJECTED, ImportStatus.FAILED)
UNEXPECTED = (
    "The import stopped because of an unexpected error ({error}). Nothing was imported. "
    "Upload the file again; if it happens again, tell the service desk."
)
# Fields a staged row does not carry: set when the referral is published.
_NOT_STAGED = {"id", "reference", "created_at", "updated_at"}


class Superseded(Exception):
    """Another attempt has taken over this batch (it was recovered as stale): stop quietly."""


def _staged_fields():
    return [field for field in Referral._meta.concrete_fields if field.name not in _NOT_STAGED]


def _to_staged(referral: Referral) -> dict:
    values = {field.attname: getattr(referral, field.attname) for field in _staged_fields()}
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def _from_staged(values: dict) -> Referral:
    return Referral(
        **{field.attname: field.to_python(values[field.attname]) for field in _staged_fields()}
    )


def referral_import_run(*, batch: ReferralImport, progress=None) -> ReferralImport:
    """Check, stage and publish a stored batch; record the outcome (and every rejected row).

    Never leaves the batch running: any unexpected error fails it with the reason.
    """
    attempt = _claim(batch)
    if attempt is None:
        batch.refresh_from_db()
        return batch
    try:
        _run(batch, attempt=attempt, progress=progress)
    except Superseded:
        pass
    except Exception as error:
        # The reason shown names the error type only: messages may quote the file's data.
        frame = traceback.extract_tb(error.__traceback__)[-1]
        logger.error(
            "Referral import %s failed: %s at %s:%s",
            batch.pk,
            type(error).__name__,
            frame.filename,
            frame.lineno,
        )
        _finish(
            batch,
            attempt,
            ImportStatus.FAILED,
            failure_reason=UNEXPECTED.format(error=type(error).__name__),
        )
    finally:
        _discard_staged(batch, up_to_attempt=attempt)
    batch.refresh_from_db()
    return batch


def _claim(batch: ReferralImport) -> int | None:
    """Take a waiting batch for this worker; None if it is finished or another has it."""
    claimed = ReferralImport.objects.filter(pk=batch.pk, status=ImportStatus.PENDING).update(
        status=ImportStatus.RUNNING,
        attempts=F("attempts") + 1,
        heartbeat_at=timezone.now(),
        processed_rows=0,
        skipped_count=0,
    )
    if not claimed:
        return None
    return ReferralImport.objects.values_list("attempts", flat=True).get(pk=batch.pk)


def _run(batch: ReferralImport, *, attempt: int, progress) -> None:
    try:
        rows = read_rows(batch.file.path, max_rows=settings.IMPORT_MAX_ROWS)
    except UnreadableFile as error:
        _finish(
            batch,
            attempt,
            ImportStatus.REJECTED,
            errors=[{"row": 1, "field": "file", "message": str(error)}],
        )
        return
    _beat(batch, attempt, total_rows=len(rows))
    result = _stage(batch, attempt=attempt, rows=rows, progress=progress)
    if result.errors:
        _finish(
            batch,
            attempt,
            ImportStatus.REJECTED,
            errors=[error.as_dict() for error in result.errors],
        )
        return
    _publish(batch, attempt=attempt, skipped=len(result.skipped))


def _stage(batch: ReferralImport, *, attempt: int, rows, progress) -> services.BatchResult:
    """Check every row and keep the checked values, a chunk (one short transaction) at a time.

    After the first error nothing more is kept (nothing will be published), but every
    row is still checked so that every problem is reported.
    """
    result = services.BatchResult()
    checker = services.RowChecker(team=batch.team, imported_by=batch.created_by)
    chunk_rows = settings.IMPORT_CHUNK_ROWS
    for start in range(0, len(rows), chunk_rows):
        checked = checker.check(rows[start : start + chunk_rows], result)
        done = min(start + chunk_rows, len(rows))
        with transaction.atomic():
            if not result.errors:
                ReferralImportRow.objects.bulk_create(
                    ReferralImportRow(
                        batch=batch,
                        attempt=attempt,
                        row_number=number,
                        source_reference=referral.source_reference,
                        values=_to_staged(referral),
                    )
                    for number, referral in checked
                )
            _beat(batch, attempt, processed_rows=done, skipped_count=len(result.skipped))
        if progress:
            progress(done, len(rows))
    return result


def _publish(batch: ReferralImport, *, attempt: int, skipped: int) -> None:
    """Create every staged referral in one short transaction, or none.

    Everything that can be done before the transaction is: reading the staged rows and
    turning them into database-ready values. The transaction only inserts.
    """
    staged = ReferralImportRow.objects.filter(batch=batch, attempt=attempt).order_by("row_number")
    referrals = [_from_staged(values) for values in staged.values_list("values", flat=True)]
    arrived = services.existing_source_references(r.source_reference for r in referrals)
    prepared = services.referrals_prepare(
        referrals=[referral for referral in referrals if referral.source_reference not in arrived]
    )
    started = time.perf_counter()
    with transaction.atomic():
        if not _beat(batch, attempt):
            raise Superseded
        # A referral with the same source reference may have arrived since the row was
        # checked (the web form, another batch): it is skipped, as it would have been then.
        late = services.existing_source_references(r.source_reference for r in prepared.referrals)
        if late:
            prepared = services.referrals_prepare(
                referrals=[r for r in prepared.referrals if r.source_reference not in late]
            )
        created = services.referrals_create_prepared(
            prepared=prepared,
            created_by=batch.created_by,
            received_by=batch.team,
            detail={"import": str(batch.pk)},
        )
        _finish(
            batch,
            attempt,
            ImportStatus.SUCCEEDED,
            created=len(created),
            skipped=skipped + len(referrals) - len(created),
            created_ids=[str(referral.pk) for referral in created],
        )
    logger.info(
        "Referral import %s published %d referrals in one transaction of %.2f s",
        batch.pk,
        len(created),
        time.perf_counter() - started,
    )


def _beat(batch: ReferralImport, attempt: int, **progress) -> bool:
    """Record progress and that the worker is alive; False if another attempt took over."""
    return bool(
        ReferralImport.objects.filter(
            pk=batch.pk, status=ImportStatus.RUNNING, attempts=attempt
        ).update(heartbeat_at=timezone.now(), **progress)
    )


def _finish(
    batch: ReferralImport,
    attempt: int | None,
    status: str,
    *,
    errors=(),
    created=0,
    skipped=0,
    created_ids=(),
    failure_reason="",
) -> bool:
    batches = ReferralImport.objects.filter(pk=batch.pk).exclude(status__in=FINISHED)
    if attempt is not None:
        batches = batches.filter(attempts=attempt)
    values = {
        "status": status,
        "errors": list(errors),
        "created_count": created,
        "created_referral_ids": list(created_ids),
        "failure_reason": failure_reason,
        "finished_at": timezone.now(),
    }
    if status == ImportStatus.SUCCEEDED:
        values["skipped_count"] = skipped
        values["processed_rows"] = F("total_rows")
    return bool(batches.update(**values))


def _discard_staged(batch: ReferralImport, *, up_to_attempt: int) -> None:
    """Staged rows hold personal data: remove them once an attempt is over, a chunk at a time.

    Rows of a later attempt (a worker that took over) are left to it.
    """
    rows = ReferralImportRow.objects.filter(batch=batch, attempt__lte=up_to_attempt)
    while True:
        ids = list(rows.values_list("pk", flat=True)[:1000])
        if not ids:
            return
        ReferralImportRow.objects.filter(pk__in=ids).delete()


# Recovery from a worker that was killed or lost its task.


def referral_import_enqueue(batch: ReferralImport) -> None:
    """Queue the batch's task and remember its id, so a lost task can be noticed."""
    from apps.referrals.tasks import import_referrals

    result = import_referrals.enqueue(str(batch.pk))
    ReferralImport.objects.filter(pk=batch.pk, status=ImportStatus.PENDING).update(
        task_id=str(result.id)[:64]
    )


def _task_lost(batch: ReferralImport, cutoff: datetime.datetime) -> bool:
    """A waiting batch whose task finished, vanished, or was taken by a worker that died."""
    from apps.referrals.tasks import import_referrals

    if not batch.task_id:
        return batch.created_at < cutoff
    try:
        result = import_referrals.get_result(batch.task_id)
    except TaskResultDoesNotExist:
        return True
    except NotImplementedError:  # a backend that cannot say: judge by age alone
        return batch.updated_at < cutoff
    if result.status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED):
        return True
    return result.status == TaskResultStatus.RUNNING and batch.updated_at < cutoff


def referral_import_is_stale(
    batch: ReferralImport, *, stale_after: datetime.timedelta | None = None
) -> bool:
    if stale_after is None:
        stale_after = datetime.timedelta(seconds=settings.IMPORT_STALE_AFTER_SECONDS)
    cutoff = timezone.now() - stale_after
    if batch.status == ImportStatus.RUNNING:
        return (batch.heartbeat_at or batch.updated_at) <= cutoff
    if batch.status == ImportStatus.PENDING:
        return _task_lost(batch, cutoff)
    return False


def referral_import_recover(batch: ReferralImport) -> str:
    """Resume a stale batch (queue it again) or, after too many attempts, fail it.

    Resuming is safe: nothing of an unfinished batch was published, its staged rows are
    checked again from the file, and rows already imported are skipped.
    """
    if batch.attempts >= settings.IMPORT_MAX_ATTEMPTS:
        _finish(
            batch,
            None,
            ImportStatus.FAILED,
            failure_reason=(
                f"The import was interrupted {batch.attempts} times (the background worker "
                "stopped) and has been stopped. Nothing was imported. Upload the file again."
            ),
        )
        _discard_staged(batch, up_to_attempt=batch.attempts)
        return "failed"
    waiting = ReferralImport.objects.filter(
        pk=batch.pk, status=batch.status, attempts=batch.attempts
    ).update(status=ImportStatus.PENDING, heartbeat_at=None, task_id="")
    if not waiting:
        return "unchanged"
    _discard_staged(batch, up_to_attempt=batch.attempts)
    logger.warning("Referral import %s was stale: queued again", batch.pk)
    referral_import_enqueue(batch)
    return "resumed"


def referral_imports_recover(*, stale_after: datetime.timedelta) -> dict[str, int]:
    """Find batches left running or queued without a task, and resume or fail each."""
    outcomes: dict[str, int] = {}
    unfinished = ReferralImport.objects.filter(
        Q(status=ImportStatus.RUNNING) | Q(status=ImportStatus.PENDING)
    ).select_related("team", "created_by")
    for batch in unfinished:
        if referral_import_is_stale(batch, stale_after=stale_after):
            outcome = referral_import_recover(batch)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes
