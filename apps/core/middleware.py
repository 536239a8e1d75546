"""Request plumbing shared by every app."""

import re
import uuid

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from ipware import get_client_ip
from whitenoise.middleware import WhiteNoiseMiddleware

from apps.core import audit, request_context

REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9-]{8,64}$")


class FrontendAssetsMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise, also serving GOV.UK and MoJ fonts and images at /assets/.

    Their precompiled CSS refers to /assets/...; serving the packages' own
    folders there avoids a Sass build (docs/decisions/0003).
    """

    def __init__(self, get_response=None):
        super().__init__(get_response)
        for folder in settings.FRONTEND_ASSET_DIRS:
            if folder.exists():
                self.add_files(str(folder), prefix="assets/")


class RefuseNulMiddleware:
    """A 400 for a query string holding a NUL character, before any view reads it.

    No search term or filter has one, and PostgreSQL cannot take one in a query (a 500
    wherever a view passes a parameter to the database unchecked). The API answers in its
    documented shape, naming the parameter."""

    MESSAGE = "Remove the NUL character: no value may contain one"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                shown = name.replace("\x00", "") or "query"
                if request.path.startswith("/api/"):
                    return JsonResponse({shown: [self.MESSAGE]}, status=400)
                return HttpResponseBadRequest(f"{self.MESSAGE} ({shown}).")
        return self.get_response(request)


class RequestContextMiddleware:
    """Give each request an ID, record its origin for the audit trail, and write its refusals."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        supplied = request.headers.get("X-Request-ID", "")
        request_id = supplied if REQUEST_ID_PATTERN.match(supplied) else uuid.uuid4().hex
        ip_address, _routable = get_client_ip(request)
        context = request_context.RequestContext(
            request_id=request_id,
            ip_address=ip_address,
            user_agent=request.headers.get("User-Agent", "")[:300],
            path=request.path[:300],
            channel="api" if request.path.startswith("/api/") else "web",
        )
        request.request_id = request_id
        token = request_context.activate(context)
        try:
            # Refusals recorded during the view are written when this block ends:
            # after the view's transactions have committed or rolled back (ADR 0013).
            with audit.security_events_held() as held:
                response = self.get_response(request)
                if response.status_code == 403 and not held:
                    # A 403 no access check recorded (CSRF, a workflow rule, DRF's own checks).
                    audit.record_access_denied(
                        user=getattr(request, "user", None), status=403, reason="refused"
                    )
        finally:
            request_context.deactivate(token)
        response["X-Request-ID"] = request_id
        return response


class NoStoreMiddleware:
    """Tell browsers and proxies never to keep a copy of what the application sends.

    Pages, API responses and attachment downloads carry personal data, and the
    two-factor enrolment page shows a secret: none may be left in a browser's or
    a shared proxy's cache for the next user of the machine. Static files never
    reach this middleware (FrontendAssetsMiddleware answers them first) and keep
    their long cache lifetimes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response["Cache-Control"] = "no-store"
        response["Pragma"] = "no-cache"
        return response
