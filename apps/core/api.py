"""API building blocks shared by every app."""

from django.conf import settings
from rest_framework.permissions import BasePermission


class IsVerifiedUser(BasePermission):
    """Signed in, active and (when REQUIRE_2FA is on) past the second factor."""

    message = "Sign in (with two-factor authentication) to use the API."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        if settings.REQUIRE_2FA:
            return bool(getattr(user, "is_verified", lambda: False)())
        return True
