"""Session limits and the two-factor gate, applied to every request."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.urls import reverse

SESSION_STARTED = "session_started_at"
LAST_ACTIVITY = "last_activity_at"

# Pages a signed-in user must reach before finishing two-factor set-up.
TWO_FACTOR_EXEMPT_PREFIXES = (
    "/account/two-factor/",
    "/account/sign-out/",
    "/static/",
    "/assets/",
    "/accessibility/",
    "/privacy/",
    "/healthz",
)


class SessionTimeoutMiddleware:
    """End a session after SESSION_IDLE_TIMEOUT_SECONDS idle or SESSION_ABSOLUTE_TIMEOUT_SECONDS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.setdefault(SESSION_STARTED, now)
            last = request.session.get(LAST_ACTIVITY, now)
            idle = now - last > settings.SESSION_IDLE_TIMEOUT_SECONDS
            too_long = now - started > settings.SESSION_ABSOLUTE_TIMEOUT_SECONDS
            if idle or too_long:
                logout(request)
                reason = "you were inactive" if idle else "you reached the session time limit"
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": f"Session ended: {reason}."}, status=401)
                messages.info(request, f"You have been signed out because {reason}.")
                return redirect_to_login(request.get_full_path(), reverse(settings.LOGIN_URL))
            request.session[LAST_ACTIVITY] = now
        return self.get_response(request)


class RequireTwoFactorMiddleware:
    """When REQUIRE_2FA is on, a signed-in user must pass a TOTP check before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.REQUIRE_2FA
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(TWO_FACTOR_EXEMPT_PREFIXES)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "Two-factor authentication required."}, status=403)
            return redirect_to_login(request.get_full_path(), reverse("accounts:two_factor"))
        return self.get_response(request)
