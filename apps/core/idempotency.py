"""Creates that happen once: one-time form tokens on pages, Idempotency-Key on the API.

A double click, the back button or a replayed request must not record a referral, an
enquiry or a decision twice. Both ways claim their key by inserting a `Submission` row
under a unique constraint, in the same transaction as the create. A second request with
the same key waits (on PostgreSQL) for the first to commit, then hits the constraint and
is sent to what the first one created; if the first failed and rolled back, the second
goes ahead. Nothing is checked and then inserted, so it holds across processes.

Form tokens are signed, name the user and the page's purpose, and expire after
SUBMISSION_KEY_HOURS; used keys are kept at least as long, so a token is refused as
expired before its row can be forgotten. See docs/decisions/0014.
"""

import hashlib
import json
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from functools import cached_property, wraps

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone

from apps.core.models import Submission

TOKEN_FIELD = "submission_token"  # noqa: S105 (a form field name, not a secret)
IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_KEY_MAX_LENGTH = 255
_SALT = "apps.core.idempotency.form-token"


class AlreadySubmitted(Exception):
    """The key was used before: `submission` says what it created."""

    def __init__(self, submission: Submission, *, noun: str = "form"):
        super().__init__(submission.purpose)
        self.submission = submission
        self.noun = noun

    @property
    def message(self) -> str:
        reference = f" ({self.submission.reference})" if self.submission.reference else ""
        return f"This {self.noun} was already submitted{reference}, so it was not recorded again."


class KeyReused(Exception):
    """The key was used before for a different request (another body or endpoint)."""


class TokenRefused(ValidationError):
    """A form was sent without a good one-time token: missing, altered, another's or expired."""


def keep_for() -> timedelta:
    return timedelta(hours=settings.SUBMISSION_KEY_HOURS)


@contextmanager
def claim(*, user, key: str, purpose: str, fingerprint: str = "") -> Iterator[Submission]:
    """Claim `key` for one create, made in the `with` block in the same transaction.

    Raises AlreadySubmitted if the key was used for this purpose (and, with a
    fingerprint, this body), KeyReused if it was used for anything else. An exception in
    the block rolls the claim back with the create, so the key can be used again.
    Call `submission_created(submission, obj)` in the block to say what was made.
    """
    with transaction.atomic():
        Submission.objects.filter(user=user, created_at__lt=timezone.now() - keep_for()).delete()
        try:
            with transaction.atomic():
                submission = Submission.objects.create(
                    user=user, key=key, purpose=purpose, fingerprint=fingerprint
                )
        except IntegrityError:
            earlier = Submission.objects.get(user=user, key=key)
            if earlier.purpose != purpose or earlier.fingerprint != fingerprint:
                raise KeyReused(key) from None
            raise AlreadySubmitted(earlier) from None
        yield submission
        submission.save()


def submission_created(submission: Submission, obj, *, url: str = "") -> None:
    """Remember what the create made, to send a repeat of it there."""
    submission.object_id = str(obj.pk)
    submission.reference = str(getattr(obj, "reference", "") or "")[:40]
    submission.url = url or obj.get_absolute_url()


# Pages --------------------------------------------------------------------------------


def form_token_issue(*, user, purpose: str) -> str:
    return signing.dumps(
        {"u": str(user.pk), "p": purpose, "n": secrets.token_urlsafe(16)}, salt=_SALT
    )


def _form_token_key(*, user, purpose: str, token: str) -> str:
    refused = TokenRefused(
        "This page had expired, so nothing was saved. Check your answers and submit again.",
        code="form_token",
    )
    try:
        payload = signing.loads(token, salt=_SALT, max_age=keep_for())
    except signing.BadSignature:  # includes SignatureExpired
        raise refused from None
    if payload.get("u") != str(user.pk) or payload.get("p") != purpose:
        raise refused
    return f"form:{payload['n']}"


class OneTimeForm:
    """The one-time token of a page that creates something.

    The page draws `token` in its form (core/partials/form_token.html, or
    OneTimeFormMixin for a GOV.UK form); the view makes the create inside `consume()`.
    Views using it are decorated with `submit_once`, which sends a repeat to the record
    the first submission made, with a message.
    """

    def __init__(self, request, *, purpose: str, noun: str):
        self.request = request
        self.purpose = purpose
        self.noun = noun

    @property
    def posted(self) -> str:
        return self.request.POST.get(TOKEN_FIELD, "") if self.request.method == "POST" else ""

    @cached_property
    def token(self) -> str:
        """The token to draw: the posted one while it is still good, else a new one."""
        if self.posted:
            try:
                self.check()
            except TokenRefused:
                pass
            else:
                return self.posted
        return form_token_issue(user=self.request.user, purpose=self.purpose)

    def check(self) -> str:
        """The key of the posted token, or TokenRefused."""
        return _form_token_key(user=self.request.user, purpose=self.purpose, token=self.posted)

    @contextmanager
    def consume(self) -> Iterator[Submission]:
        try:
            with claim(user=self.request.user, key=self.check(), purpose=self.purpose) as sub:
                yield sub
        except AlreadySubmitted as repeat:
            repeat.noun = self.noun
            raise
        except KeyReused:
            raise TokenRefused(
                "This page had expired, so nothing was saved. Check your answers and submit again."
            ) from None

    def raise_if_used(self) -> None:
        """Raise AlreadySubmitted if the posted token has been used (for pages whose input
        is gone once the create succeeded, such as the referral draft)."""
        try:
            key = self.check()
        except TokenRefused:
            return
        earlier = Submission.objects.filter(
            user=self.request.user, key=key, purpose=self.purpose
        ).first()
        if earlier is not None:
            raise AlreadySubmitted(earlier, noun=self.noun)


def submit_once(view: Callable) -> Callable:
    """Send a repeated submission to what the first one created, saying so."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except AlreadySubmitted as repeat:
            messages.info(request, repeat.message)
            return redirect(repeat.submission.url or request.path)

    return wrapped


# API ----------------------------------------------------------------------------------


def request_fingerprint(body) -> str:
    """The same JSON body gives the same fingerprint, whatever the order of its keys."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def idempotency_key_problem(key: str) -> str:
    """Why an Idempotency-Key header value cannot be used, or "" if it can."""
    if not key or len(key) > IDEMPOTENCY_KEY_MAX_LENGTH:
        return f"{IDEMPOTENCY_HEADER} must be 1 to {IDEMPOTENCY_KEY_MAX_LENGTH} characters"
    if not key.isprintable() or not key.isascii():
        return f"{IDEMPOTENCY_HEADER} must be printable ASCII characters"
    return ""


@contextmanager
def api_claim(*, user, key: str, purpose: str, body) -> Iterator[Submission]:
    """Claim a client's Idempotency-Key for one create with this body (see `claim`)."""
    with claim(
        user=user, key=f"api:{key}", purpose=purpose, fingerprint=request_fingerprint(body)
    ) as submission:
        yield submission
