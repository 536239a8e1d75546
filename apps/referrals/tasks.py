"""Background work for referrals."""

from django_tasks import task

from apps.referrals.imports import referral_import_run
from apps.referrals.models import ReferralImport


@task()
def import_referrals(import_id: str) -> None:
    """Run an uploaded import batch; the upload page polls its progress."""
    batch = ReferralImport.objects.select_related("team", "created_by").get(pk=import_id)
    referral_import_run(batch=batch)
