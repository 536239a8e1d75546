"""Running one referral import batch, for the upload page's background task and the command."""

from django.conf import settings
from django.utils import timezone

from apps.referrals import services
from apps.referrals.choices import ImportStatus
from apps.referrals.models import ReferralImport
from apps.referrals.tabular import UnreadableFile, read_rows

PROGRESS_EVERY = 25


def referral_import_run(*, batch: ReferralImport, progress=None) -> ReferralImport:
    """Check and import a stored batch; record the outcome (and every rejected row) on it."""
    ReferralImport.objects.filter(pk=batch.pk).update(status=ImportStatus.RUNNING)
    try:
        rows = read_rows(batch.file.path, max_rows=settings.IMPORT_MAX_ROWS)
    except UnreadableFile as error:
        _finish(
            batch,
            ImportStatus.REJECTED,
            errors=[{"row": 1, "field": "file", "message": str(error)}],
        )
        return batch
    ReferralImport.objects.filter(pk=batch.pk).update(total_rows=len(rows))

    def report(done: int, total: int) -> None:
        if done % PROGRESS_EVERY == 0 or done == total:
            ReferralImport.objects.filter(pk=batch.pk).update(processed_rows=done)
        if progress:
            progress(done, total)

    result = services.referral_import_rows(
        rows=rows, team=batch.team, imported_by=batch.created_by, progress=report
    )
    if result.ok:
        _finish(
            batch,
            ImportStatus.SUCCEEDED,
            created=len(result.created),
            skipped=len(result.skipped),
        )
    else:
        _finish(batch, ImportStatus.REJECTED, errors=[error.as_dict() for error in result.errors])
    batch.refresh_from_db()
    return batch


def _finish(batch: ReferralImport, status: str, *, errors=(), created=0, skipped=0) -> None:
    ReferralImport.objects.filter(pk=batch.pk).update(
        status=status,
        errors=list(errors),
        created_count=created,
        skipped_count=skipped,
        finished_at=timezone.now(),
    )
