"""The shared once-only mechanism: form tokens and claimed keys."""

import time
from types import SimpleNamespace

import pytest
from django.core import signing
from django.test import RequestFactory

from apps.core import idempotency
from apps.core.idempotency import (
    AlreadySubmitted,
    KeyReused,
    OneTimeForm,
    TokenRefused,
    claim,
    form_token_issue,
)
from apps.core.models import Submission

pytestmark = pytest.mark.django_db


def posted(user, token):
    request = RequestFactory().post("/somewhere/", {idempotency.TOKEN_FIELD: token})
    request.user = user
    return request


def test_a_token_works_only_for_its_user_and_its_page(gateway_officer, colleague):
    token = form_token_issue(user=gateway_officer, purpose="referrals.referral_create")
    OneTimeForm(
        posted(gateway_officer, token), purpose="referrals.referral_create", noun="x"
    ).check()
    with pytest.raises(TokenRefused):
        OneTimeForm(posted(colleague, token), purpose="referrals.referral_create", noun="x").check()
    with pytest.raises(TokenRefused):
        OneTimeForm(
            posted(gateway_officer, token), purpose="gateway.enquiry_create", noun="x"
        ).check()


def test_an_expired_token_is_refused_and_replaced(gateway_officer, settings, monkeypatch):
    issued_at = time.time() - settings.SUBMISSION_KEY_HOURS * 3600 - 60
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: issued_at))
    token = form_token_issue(user=gateway_officer, purpose="p")
    monkeypatch.undo()
    once = OneTimeForm(posted(gateway_officer, token), purpose="p", noun="x")
    with pytest.raises(TokenRefused):
        once.check()
    assert once.token != token


def test_a_claimed_key_raises_already_submitted_with_what_it_made(gateway_officer, team):
    with claim(user=gateway_officer, key="k", purpose="p") as submission:
        idempotency.submission_created(submission, team, url="/made/")
    with pytest.raises(AlreadySubmitted) as repeat:
        with claim(user=gateway_officer, key="k", purpose="p"):
            pytest.fail("the block must not run twice")
    assert repeat.value.submission.url == "/made/"
    assert repeat.value.submission.object_id == str(team.pk)


def test_a_key_claimed_for_something_else_is_reused(gateway_officer):
    with claim(user=gateway_officer, key="k", purpose="p", fingerprint="a"):
        pass
    with (
        pytest.raises(KeyReused),
        claim(user=gateway_officer, key="k", purpose="q", fingerprint="a"),
    ):
        pass
    with (
        pytest.raises(KeyReused),
        claim(user=gateway_officer, key="k", purpose="p", fingerprint="b"),
    ):
        pass


def test_a_create_that_fails_leaves_its_key_unused(gateway_officer):
    with (
        pytest.raises(ValueError, match="the create failed"),
        claim(user=gateway_officer, key="k", purpose="p"),
    ):
        raise ValueError("the create failed")
    assert not Submission.objects.exists()
    with claim(user=gateway_officer, key="k", purpose="p"):
        pass
    assert Submission.objects.count() == 1
