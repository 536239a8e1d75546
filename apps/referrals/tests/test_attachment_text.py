"""A .txt attachment must be text: a renamed program or binary file is refused (item 14)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.core.tests.forms import post_with_token
from apps.referrals.models import ReferralAttachment
from apps.referrals.tests.factories import ReceivedReferralFactory

pytestmark = pytest.mark.django_db

# The first bytes of real program formats, padded as a compiler would leave them.
WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
LINUX_PROGRAM = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
MAC_PROGRAM = b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + b"\x00" * 24
SCRIPT = b"#!/bin/sh\necho synthetic\n"
ZIP_ARCHIVE = b"PK\x03\x04\x14\x00\x00\x00\x08\x00"
UTF16_TEXT = "Notes from the school".encode("utf-16")
RANDOM_BINARY = bytes(range(256))


@pytest.fixture
def referral(team):
    return ReceivedReferralFactory(team=team)


def upload(client, referral, name, content):
    return post_with_token(
        client,
        reverse("referrals:attachment_create", args=[referral.pk]),
        {"file": SimpleUploadedFile(name, content, content_type="text/plain"), "description": ""},
    )


@pytest.mark.parametrize("program", [WINDOWS_PROGRAM, LINUX_PROGRAM, MAC_PROGRAM, SCRIPT])
def test_a_program_renamed_notes_txt_is_refused(client, gateway_officer, referral, program):
    client.force_login(gateway_officer)
    response = upload(client, referral, "notes.txt", program)
    assert response.status_code == 200
    assert "The file is a program, not text" in response.content.decode()
    assert not ReferralAttachment.objects.exists()


@pytest.mark.parametrize("content", [ZIP_ARCHIVE, UTF16_TEXT, RANDOM_BINARY, b"text\x00more"])
def test_binary_data_named_txt_is_refused(client, gateway_officer, referral, content):
    client.force_login(gateway_officer)
    response = upload(client, referral, "notes.txt", content)
    assert response.status_code == 200
    assert "The file is not plain text" in response.content.decode()
    assert not ReferralAttachment.objects.exists()


@pytest.mark.parametrize(
    "content",
    [
        b"Met the family on Tuesday.\r\nFollow-up booked.\n",
        "Caf\u00e9 visit \u2013 notes \u00a3 \u20ac\n".encode(),
        "\ufeffNotes saved by Notepad with a byte order mark\n".encode(),
        "Windows text: caf\u00e9 \u2013 \u00a3\n".encode("cp1252"),
        b"Columns\tseparated\tby tabs\x0c\n",
    ],
)
def test_plain_text_is_accepted(client, gateway_officer, referral, content):
    client.force_login(gateway_officer)
    response = upload(client, referral, "notes.txt", content)
    assert response.status_code == 302
    attachment = ReferralAttachment.objects.get()
    assert attachment.content_type == "text/plain"
    with attachment.file.open("rb") as stored:
        assert stored.read() == content
