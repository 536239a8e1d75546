"""A locked SQLite database is retried, never a 500."""

import pytest
from django.core.handlers.exception import convert_exception_to_response
from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from apps.core import db_retry


class FlakyView:
    """Raises the given errors in turn, then answers 200."""

    def __init__(self, *errors):
        self.errors = list(errors)
        self.calls = 0

    def __call__(self, request):
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return HttpResponse("ok")


@pytest.fixture(autouse=True)
def no_pauses(monkeypatch):
    monkeypatch.setattr(db_retry.time, "sleep", lambda seconds: None)


def run(view):
    # Django's own wrapper turns the exception into a 500, as it does in every request.
    middleware = db_retry.RetryLockedDatabaseMiddleware(convert_exception_to_response(view))
    return middleware(RequestFactory().get("/referrals/"))


def test_a_request_that_found_the_database_locked_is_run_again():
    view = FlakyView(OperationalError("database is locked"), OperationalError("database is locked"))
    response = run(view)
    assert response.status_code == 200
    assert view.calls == 3


def test_a_database_that_stays_locked_answers_503_with_retry_after():
    view = FlakyView(*[OperationalError("database is locked")] * db_retry.ATTEMPTS)
    response = run(view)
    assert response.status_code == 503
    assert response["Retry-After"]
    assert view.calls == db_retry.ATTEMPTS


def test_other_database_errors_are_not_retried():
    view = FlakyView(OperationalError("no such table: referrals_referral"))
    response = run(view)
    assert response.status_code == 500
    assert view.calls == 1


def test_the_retry_is_the_outermost_middleware(settings):
    assert settings.MIDDLEWARE[0] == "apps.core.db_retry.RetryLockedDatabaseMiddleware"
