"""Referral forms: pages of the one ReferralDataForm, plus attachments and imports."""

from django import forms
from django.conf import settings

from apps.core.forms import GovukDateField, GovukForm, GovukFormMixin, OneTimeFormMixin
from apps.referrals.validation import PAGES, ReferralDataForm
from apps.referrals.validators import validate_text_file

ALLOWED_ATTACHMENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".txt": "text/plain",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
# What each type's file must start with, so a renamed executable is refused.
MAGIC_NUMBERS = {
    ".pdf": [b"%PDF"],
    ".docx": [b"PK\x03\x04"],
    ".xlsx": [b"PK\x03\x04"],
    ".png": [b"\x89PNG"],
    ".jpg": [b"\xff\xd8\xff"],
    ".jpeg": [b"\xff\xd8\xff"],
}


class ReferralPageForm(GovukFormMixin, ReferralDataForm):
    """One page of the web form: ReferralDataForm's own fields, checks and messages.

    Dates are entered in the GOV.UK date input (day, month and year boxes), which
    composes them into a date before ReferralDataForm's own date checks run; imports
    and the API send the same fields as ISO dates.
    """

    date_received = GovukDateField(
        label="Date received",
        help_text="For example, 27 3 2026",
        required_message="Enter the date the referral was received",
    )
    date_of_birth = GovukDateField(
        label="Date of birth", required=False, help_text="For example, 27 3 2009"
    )


def referral_page_form(page: str, data=None, initial=None) -> ReferralPageForm:
    form = ReferralPageForm(data=data, initial=initial)
    for name in list(form.fields):
        if name not in PAGES[page]:
            del form.fields[name]
    return form


def file_extension(name: str) -> str:
    return ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""


class AttachmentForm(OneTimeFormMixin, GovukForm):
    submit_label = "Upload"
    file = forms.FileField(
        label="Choose a file",
        help_text="PDF, Word, Excel, text, PNG or JPEG, up to 10 MB",
        error_messages={"required": "Select a file to upload"},
    )
    description = forms.CharField(label="Description (optional)", max_length=200, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = file_extension(upload.name)
        if extension not in ALLOWED_ATTACHMENT_TYPES:
            raise forms.ValidationError(
                "The file must be a PDF, Word, Excel, text, PNG or JPEG file"
            )
        if upload.size > settings.ATTACHMENT_MAX_BYTES:
            megabytes = settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)
            raise forms.ValidationError(f"The file must be smaller than {megabytes} MB")
        if upload.size == 0:
            raise forms.ValidationError("The selected file is empty")
        head = upload.read(8)
        upload.seek(0)
        expected = MAGIC_NUMBERS.get(extension)
        if expected and not any(head.startswith(magic) for magic in expected):
            raise forms.ValidationError("The file's contents do not match its type")
        if extension == ".txt":
            validate_text_file(upload)
        return upload


class ImportForm(OneTimeFormMixin, GovukForm):
    submit_label = "Upload and check"
    file = forms.FileField(
        label="Upload a CSV or Excel file",
        help_text="One referral a row, with the column names in the import guide. "
        "If any row has a problem nothing is imported and every problem is listed.",
        error_messages={"required": "Select a CSV or XLSX file"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if file_extension(upload.name) not in {".csv", ".xlsx"}:
            raise forms.ValidationError("The file must be a CSV or XLSX file")
        return upload


class UrgentForm(GovukForm):
    submit_label = "Mark as urgent"
    urgent_reason = forms.CharField(
        label="Why is this referral urgent?",
        help_text="Officers see this beside the referral at the top of every queue",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the referral is urgent"},
    )


class FeedbackForm(OneTimeFormMixin, GovukForm):
    submit_label = "Send feedback"
    text = forms.CharField(
        label="Feedback to the referrer",
        help_text="Written for a partner: the outcome only, never the rationale, "
        "intelligence or anything about other people",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the feedback to send to the referrer"},
    )
