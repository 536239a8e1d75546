"""Retry a request that SQLite refused with "database is locked", rather than answer 500.

The embedded database has one writer at a time. Writers queue for up to the busy timeout
(settings: DATABASES OPTIONS "timeout"); if one still finds the database locked, nothing it
tried to write was kept (its transaction never began or was rolled back), so the request
is run again after a short, growing pause. If the database stays locked the answer is a
503 with Retry-After: busy, not broken. PostgreSQL never raises this error.
"""

import sys
import time

from django.core.signals import got_request_exception
from django.db import OperationalError
from django.http import HttpResponse

ATTEMPTS = 4
BACKOFF_SECONDS = 0.1  # then 0.2, 0.4


def is_locked_error(error: BaseException | None) -> bool:
    return isinstance(error, OperationalError) and "is locked" in str(error)


def _note_locked(sender, request=None, **kwargs) -> None:
    # Django turns an exception into a 500 before outer middleware sees it; this signal
    # is sent while the exception is being handled, so it can tell us what it was.
    if request is not None and is_locked_error(sys.exc_info()[1]):
        request.database_locked = True


got_request_exception.connect(_note_locked, dispatch_uid="core.db_retry.note_locked")


class RetryLockedDatabaseMiddleware:
    """Outermost middleware: runs the whole request again when the database was locked."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for attempt in range(ATTEMPTS):
            request.database_locked = False
            response = self.get_response(request)
            if not request.database_locked:
                return response
            if attempt + 1 < ATTEMPTS:
                time.sleep(BACKOFF_SECONDS * 2**attempt)
        busy = HttpResponse(
            "The service is busy. Please try again in a moment.",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        busy["Retry-After"] = "2"
        return busy
