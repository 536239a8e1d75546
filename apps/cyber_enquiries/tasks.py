"""Background work for Cyber Prevent enquiries: the scheduled disposal, for a scheduler to
enqueue daily (or run `manage.py dispose_cyber_enquiries` from cron or a systemd timer)."""

from django_tasks import task

from apps.cyber_enquiries.services import enquiries_dispose_due


@task()
def dispose_cyber_enquiries() -> int:
    """Dispose of unconverted enquiries past the retention period (services)."""
    return enquiries_dispose_due()
