"""Background work for referrals."""

from django_tasks import task

from apps.referrals.imports import referral_import_run
from apps.referrals.models import ReferralImport


@task()
def import_referrals(import_id: str) -> None:
    """Run an uploaded import batch; the upload page polls its progress.

    referral_import_run ends every batch it starts (failed, with the reason, on any
    unexpected error); a batch whose worker died is recovered by `recover_imports`.
    """
    batch = ReferralImport.objects.select_related("team", "created_by").filter(pk=import_id).first()
    if batch is not None:
        referral_import_run(batch=batch)
