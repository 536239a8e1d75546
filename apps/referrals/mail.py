"""Background e-mail for referrals: the outcome sent to a referrer who agreed to feedback."""

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task

from apps.referrals.models import ReferrerFeedback


@task()
def send_referrer_feedback(feedback_id: str) -> None:
    """E-mail the feedback exactly as recorded: the text the officer sent, nothing more."""
    feedback = ReferrerFeedback.objects.filter(pk=feedback_id).first()
    if feedback is None:
        return
    send_mail(
        subject=f"{settings.SERVICE_NAME}: the outcome of your Prevent referral",
        message=feedback.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[feedback.recipient_email],
    )
