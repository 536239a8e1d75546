"""Attachments: type and size checked, stored outside the web root, served after an access check."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.core.tests.forms import post_with_token
from apps.referrals.models import ReferralAttachment
from apps.referrals.tests.factories import ReceivedReferralFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% synthetic test document\n"


@pytest.fixture
def referral(team):
    return ReceivedReferralFactory(team=team)


def upload(client, referral, name, content, content_type="application/pdf"):
    return post_with_token(
        client,
        reverse("referrals:attachment_create", args=[referral.pk]),
        {"file": SimpleUploadedFile(name, content, content_type=content_type), "description": ""},
    )


def test_officer_uploads_and_downloads_a_pdf(client, gateway_officer, referral):
    client.force_login(gateway_officer)
    response = upload(client, referral, "school letter.pdf", PDF)
    assert response.status_code == 302
    attachment = ReferralAttachment.objects.get()
    assert "school letter" not in attachment.file.name
    assert not attachment.file.path.startswith(str(settings.STATIC_ROOT))
    download = client.get(reverse("referrals:attachment_download", args=[attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert AuditEvent.objects.filter(action="export", object_id=str(referral.pk)).exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tool.exe", b"MZ", "must be a PDF, Word, Excel, text, PNG or JPEG"),
        ("renamed.pdf", b"MZ this is not a pdf", "do not match its type"),
        ("empty.pdf", b"", "is empty"),
    ],
)
def test_bad_files_are_refused(client, gateway_officer, referral, name, content, message):
    client.force_login(gateway_officer)
    response = upload(client, referral, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ReferralAttachment.objects.exists()


def test_large_files_are_refused(client, gateway_officer, referral, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    client.force_login(gateway_officer)
    response = upload(client, referral, "big.pdf", PDF + b"0" * 2048)
    assert "must be smaller than" in response.content.decode()


def test_outsider_cannot_download_or_upload(client, gateway_officer, outsider, referral):
    client.force_login(gateway_officer)
    upload(client, referral, "letter.pdf", PDF)
    attachment = ReferralAttachment.objects.get()
    client.force_login(outsider)
    assert (
        client.get(reverse("referrals:attachment_download", args=[attachment.pk])).status_code
        == 404
    )
    posted = {"file": SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")}
    url = reverse("referrals:attachment_create", args=[referral.pk])
    assert client.post(url, posted).status_code == 404
