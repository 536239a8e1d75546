"""Background work for the work layer: the daily reminder check, for a scheduler to enqueue."""

from django_tasks import task

from apps.work.services import reminders_send


@task()
def send_reminders() -> int:
    """Send due and overdue reminders not sent before (services.reminders_send)."""
    return reminders_send()
