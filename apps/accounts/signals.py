"""Sign-in and sign-out reach the audit trail through Django's auth signals.

Signals are used only here: they are the one place Django announces these events.
"""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from apps.audit.choices import AuditAction
from apps.core import audit


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    audit.record(AuditAction.LOGIN, user=user)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record(AuditAction.LOGOUT, user=user)


@receiver(user_login_failed)
def audit_failed_login(sender, credentials, request=None, **kwargs):
    # The attempted username is recorded; the password never is.
    audit.record(AuditAction.LOGIN_FAILED, username=str(credentials.get("username", ""))[:150])


@receiver(user_locked_out)
def audit_lockout(sender, request, username, ip_address, **kwargs):
    audit.record(AuditAction.LOCKED_OUT, username=str(username or "")[:150])
