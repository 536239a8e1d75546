"""Background work for accounts: e-mailing notifications."""

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task

from apps.accounts.models import Notification


@task()
def email_notification(notification_id: int) -> None:
    """E-mail a copy of an in-service notification. The body carries a reference, not content."""
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    if not notification.recipient.email:
        return
    send_mail(
        subject=f"[{settings.SERVICE_NAME}] {notification.subject}",
        message=f"{notification.body}\n\nSign in to {settings.SERVICE_NAME} to see more.",
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[notification.recipient.email],
    )
