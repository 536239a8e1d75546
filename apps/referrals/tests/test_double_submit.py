"""A referral, an attachment or an import sent twice is recorded once.

One-time form tokens on the pages, the Idempotency-Key on the API.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from apps.core.models import Submission
from apps.core.tests.concurrency import run_together, slow_down
from apps.core.tests.forms import form_token
from apps.referrals import services
from apps.referrals.models import Referral, ReferralAttachment, ReferralImport
from apps.referrals.tests.factories import ReceivedReferralFactory, page_data, referral_row
from apps.referrals.validation import PAGES

CHECK = reverse("referrals:referral_check")
API = "/api/v1/referrals/"


def fill_pages(client, row):
    client.get(reverse("referrals:referral_start"))
    for page in PAGES:
        response = client.post(
            reverse("referrals:referral_page", args=[page]),
            page_data(page, row),
        )
        assert response.status_code == 302, response.content.decode()[:2000]


def checked_draft(client, officer) -> str:
    """Sign in, fill every page (no source reference, so nothing else stops a duplicate)
    and open check-your-answers; returns the page's one-time token."""
    client.force_login(officer)
    fill_pages(client, referral_row(source_reference=""))
    return form_token(client.get(CHECK))


@pytest.mark.django_db
def test_two_quick_posts_of_the_check_page_record_one_referral(client, gateway_officer):
    token = checked_draft(client, gateway_officer)
    first = client.post(CHECK, {"submission_token": token})
    second = client.post(CHECK, {"submission_token": token})
    referral = Referral.objects.get()
    assert first.url == second.url == referral.get_absolute_url()
    page = client.get(second.url).content.decode()
    assert f"This referral was already submitted ({referral.reference})" in page


@pytest.mark.django_db
def test_a_repeat_with_the_draft_still_in_the_session_records_nothing_more(client, gateway_officer):
    """A double click: the second request read the session before the first one ended."""
    token = checked_draft(client, gateway_officer)
    draft = client.session["referral_draft"]
    client.post(CHECK, {"submission_token": token})
    session = client.session
    session["referral_draft"] = draft
    session.save()
    response = client.post(CHECK, {"submission_token": token})
    referral = Referral.objects.get()
    assert response.url == referral.get_absolute_url()


@pytest.mark.django_db
def test_a_post_without_a_good_token_records_nothing_and_asks_again(client, gateway_officer):
    checked_draft(client, gateway_officer)
    for posted in ({}, {"submission_token": "forged"}):
        response = client.post(CHECK, posted)
        assert response.status_code == 200
        assert "This page had expired, so nothing was saved" in response.content.decode()
    assert not Referral.objects.exists()
    # The page it answers with carries a fresh token that works.
    response = client.post(CHECK, {"submission_token": form_token(response)})
    assert response.url == Referral.objects.get().get_absolute_url()


@pytest.mark.django_db
def test_a_token_drawn_for_another_officer_is_refused(client, gateway_officer, make_user):
    other = make_user("gateway_officer", username="another.officer")
    token = checked_draft(Client(), other)
    checked_draft(client, gateway_officer)
    response = client.post(CHECK, {"submission_token": token})
    assert "This page had expired" in response.content.decode()
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_a_new_referral_in_the_same_session_gets_its_own_token(client, gateway_officer):
    first = checked_draft(client, gateway_officer)
    client.post(CHECK, {"submission_token": first})
    second = checked_draft(client, gateway_officer)
    assert second != first
    client.post(CHECK, {"submission_token": second})
    assert Referral.objects.count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_posts_with_the_same_token_record_one_referral(gateway_officer, monkeypatch):
    """Both requests read the draft; the second waits on the token's row, then is sent on."""
    client = Client()
    token = checked_draft(client, gateway_officer)
    # Hold the first create open while the second request arrives.
    slow_down(monkeypatch, services, "referral_submit")

    def post():
        twin = Client()
        twin.cookies = client.cookies
        return twin.post(CHECK, {"submission_token": token})

    responses = run_together(post, post)
    referral = Referral.objects.get()
    assert [response.status_code for response in responses] == [302, 302]
    assert {response.url for response in responses} == {referral.get_absolute_url()}
    assert Submission.objects.count() == 1


# The API ------------------------------------------------------------------------------


def api_post(client, body, key=None):
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(API, body, content_type="application/json", headers=headers)


@pytest.mark.django_db
def test_the_same_idempotency_key_twice_creates_one_referral(client, gateway_officer):
    client.force_login(gateway_officer)
    body = referral_row(source_reference="")
    first = api_post(client, body, key="c0ffee-0001")
    second = api_post(client, body, key="c0ffee-0001")
    assert first.status_code == second.status_code == 201
    assert second.json()["reference"] == first.json()["reference"]
    assert second.json()["id"] == first.json()["id"]
    assert second.headers["Idempotent-Replayed"] == "true"
    assert Referral.objects.count() == 1


@pytest.mark.django_db
def test_the_key_matches_the_same_body_whatever_the_order_of_its_fields(client, gateway_officer):
    client.force_login(gateway_officer)
    body = referral_row(source_reference="")
    api_post(client, body, key="order-1")
    response = api_post(client, dict(reversed(list(body.items()))), key="order-1")
    assert response.status_code == 201
    assert Referral.objects.count() == 1


@pytest.mark.django_db
def test_a_different_key_creates_another_referral(client, gateway_officer):
    client.force_login(gateway_officer)
    body = referral_row(source_reference="")
    first = api_post(client, body, key="key-a")
    second = api_post(client, body, key="key-b")
    assert second.status_code == 201
    assert second.json()["reference"] != first.json()["reference"]
    assert Referral.objects.count() == 2


@pytest.mark.django_db
def test_the_same_key_with_a_different_body_is_refused(client, gateway_officer):
    client.force_login(gateway_officer)
    api_post(client, referral_row(source_reference=""), key="key-a")
    response = api_post(client, referral_row(source_reference="", town="Slough"), key="key-a")
    assert response.status_code == 422
    assert "already used for a different request" in response.json()["Idempotency-Key"][0]
    assert Referral.objects.count() == 1


@pytest.mark.django_db
def test_keys_belong_to_the_user_who_sent_them(client, gateway_officer, make_user):
    other = make_user("gateway_officer", username="another.officer")
    body = referral_row(source_reference="")
    client.force_login(gateway_officer)
    mine = api_post(client, body, key="shared-looking-key")
    client.force_login(other)
    theirs = api_post(client, body, key="shared-looking-key")
    assert theirs.status_code == 201
    assert theirs.json()["reference"] != mine.json()["reference"]
    assert Referral.objects.count() == 2


@pytest.mark.django_db
def test_a_refused_request_does_not_use_up_its_key(client, gateway_officer):
    client.force_login(gateway_officer)
    bad = api_post(client, referral_row(source_reference="", postcode="nope"), key="retry-me")
    assert bad.status_code == 400
    good = api_post(client, referral_row(source_reference=""), key="retry-me")
    assert good.status_code == 201
    assert Referral.objects.count() == 1


@pytest.mark.django_db
def test_a_key_is_forgotten_after_the_configured_time(client, gateway_officer, settings):
    client.force_login(gateway_officer)
    body = referral_row(source_reference="")
    api_post(client, body, key="old-key")
    Submission.objects.update(
        created_at=Submission.objects.get().created_at
        - datetime.timedelta(hours=settings.SUBMISSION_KEY_HOURS, minutes=1)
    )
    response = api_post(client, body, key="old-key")
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response.headers
    assert Referral.objects.count() == 2
    assert Submission.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", "x" * 256, "tab\there"])
def test_an_unusable_key_is_refused(client, gateway_officer, key):
    client.force_login(gateway_officer)
    response = api_post(client, referral_row(source_reference=""), key=key)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_without_a_key_the_api_works_as_before(client, gateway_officer):
    client.force_login(gateway_officer)
    assert api_post(client, referral_row(source_reference="")).status_code == 201
    assert not Submission.objects.exists()


# Attachments and imports --------------------------------------------------------------


@pytest.mark.django_db
def test_an_attachment_uploaded_twice_is_stored_once(client, gateway_officer, team):
    referral = ReceivedReferralFactory(team=team)
    client.force_login(gateway_officer)
    url = reverse("referrals:attachment_create", args=[referral.pk])
    token = form_token(client.get(url))

    def upload():
        letter = SimpleUploadedFile("letter.pdf", b"%PDF-1.4\n% synthetic\n", "application/pdf")
        return client.post(url, {"file": letter, "description": "", "submission_token": token})

    first, second = upload(), upload()
    assert first.url == second.url == referral.get_absolute_url()
    assert ReferralAttachment.objects.count() == 1
    page = client.get(second.url).content.decode()
    assert "This attachment was already submitted, so it was not recorded again." in page


@pytest.mark.django_db
def test_an_import_file_uploaded_twice_makes_one_batch(
    client, gateway_officer, django_capture_on_commit_callbacks
):
    client.force_login(gateway_officer)
    url = reverse("referrals:import_create")
    token = form_token(client.get(url))
    row = referral_row()
    content = (",".join(row) + "\n" + ",".join(f'"{value}"' for value in row.values())).encode()

    def upload():
        batch_file = SimpleUploadedFile("batch.csv", content, "text/csv")
        return client.post(url, {"file": batch_file, "submission_token": token})

    with django_capture_on_commit_callbacks() as queued:
        first, second = upload(), upload()
    batch = ReferralImport.objects.get()
    assert first.url == second.url == reverse("referrals:import_detail", args=[batch.pk])
    assert len(queued) == 1  # one batch queued for the worker
    page = client.get(second.url).content.decode()
    assert "This file was already submitted, so it was not recorded again." in page
