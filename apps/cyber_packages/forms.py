"""Forms for operations, packages and subjects: GOV.UK markup, dates as day, month and year
boxes, every required message naming its field."""

from django import forms

from apps.accounts.choices import TeamKind
from apps.accounts.models import User
from apps.accounts.selectors import is_cyber_user
from apps.core.choices import ProtectiveMarking
from apps.core.concurrency import VersionedFormMixin
from apps.core.forms import GovukDateField, GovukForm, OneTimeFormMixin
from apps.cyber_packages.choices import CloseReason, Identification
from apps.cyber_packages.models import Force, LeadAgency
from apps.reference.models import ConcernType
from apps.referrals.choices import Awareness, ComputerMisuseSection
from apps.referrals.validation import TEXT_MAX_LENGTH

RADIOS = forms.RadioSelect
MARKINGS = [(value, label) for value, label in ProtectiveMarking.choices]


def _active(model):
    return model.objects.filter(is_active=True)


class _TeamForm(GovukForm):
    """A form whose choices are the user's Cyber Prevent colleagues."""

    def __init__(self, *args, user: User | None = None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if "spoc" in self.fields:
            # The user's colleagues; on the edit page (no user given), Cyber Prevent officers.
            colleagues = User.objects.filter(is_active=True).order_by("last_name", "first_name")
            if user is not None:
                colleagues = colleagues.filter(team_id=user.team_id)
            else:
                colleagues = colleagues.filter(team__kind=TeamKind.CYBER)
            self.fields["spoc"].queryset = colleagues
            self.fields["spoc"].label_from_instance = lambda officer: officer.display_name


class OperationFields(_TeamForm):
    submit_label = "Save operation"

    name = forms.CharField(
        label="Operation name",
        max_length=100,
        error_messages={"required": "Enter the operation name"},
    )
    lead_agency = forms.ModelChoiceField(
        label="Lead agency",
        queryset=_active(LeadAgency),
        widget=RADIOS,
        error_messages={"required": "Select the lead agency"},
    )
    starts_on = GovukDateField(label="Start date", help_text="For example, 1 9 2026")
    ends_on = GovukDateField(label="End date (optional)", required=False)
    spoc = forms.ModelChoiceField(
        label="Prevent single point of contact (SPOC)",
        queryset=User.objects.none(),
        error_messages={"required": "Select the Prevent single point of contact"},
    )
    description = forms.CharField(
        label="About the operation (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_MAX_LENGTH,
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The end date must be on or after the start date")
        spoc = cleaned.get("spoc")
        if spoc is not None and not is_cyber_user(spoc):
            self.add_error("spoc", "The SPOC must be a Cyber Prevent officer")
        return cleaned


class OperationCreateForm(OneTimeFormMixin, OperationFields):
    submit_label = "Record operation"


class OperationEditForm(VersionedFormMixin, OperationFields):
    pass


class PackageFields(GovukForm):
    submit_label = "Save package"

    source_agency = forms.ModelChoiceField(
        label="Sent by",
        queryset=_active(LeadAgency),
        widget=RADIOS,
        error_messages={"required": "Select who sent the package"},
    )
    source_reference = forms.CharField(
        label="Their reference for the package",
        max_length=100,
        error_messages={"required": "Enter the sender's reference for the package"},
    )
    received_on = GovukDateField(label="Date received", help_text="For example, 1 10 2026")
    deadline = GovukDateField(label="Return due", help_text="The sender's deadline")
    protective_marking = forms.ChoiceField(
        label="Protective marking",
        choices=MARKINGS,
        widget=RADIOS,
        initial=ProtectiveMarking.OFFICIAL_SENSITIVE,
    )
    description = forms.CharField(
        label="About the package (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_MAX_LENGTH,
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        received_on, deadline = cleaned.get("received_on"), cleaned.get("deadline")
        if received_on and deadline and deadline < received_on:
            self.add_error("deadline", "The return must be due on or after the date received")
        return cleaned


class PackageCreateForm(OneTimeFormMixin, PackageFields):
    submit_label = "Record package"


class PackageEditForm(VersionedFormMixin, PackageFields):
    pass


class ImportForm(OneTimeFormMixin, GovukForm):
    submit_label = "Upload and import"
    file = forms.FileField(
        label="Upload a CSV or Excel file",
        help_text="One subject a row. If any row has a problem nothing is imported and "
        "every problem is listed.",
        error_messages={"required": "Select a CSV or XLSX file"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("The file must be a CSV or XLSX file")
        return upload


class AllocateForceForm(GovukForm):
    submit_label = "Allocate the subjects"
    force = forms.ModelChoiceField(
        label="Force area",
        queryset=_active(Force),
        widget=RADIOS,
        error_messages={"required": "Select the force area"},
    )
    officer = forms.ModelChoiceField(
        label="Officer",
        queryset=User.objects.none(),
        error_messages={"required": "Select the officer"},
    )

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = User.objects.filter(pk__in=[o.pk for o in officers])
        self.fields["officer"].label_from_instance = lambda officer: officer.display_name


class SubjectEditForm(VersionedFormMixin, GovukForm):
    submit_label = "Save subject"
    given_name = forms.CharField(label="Given name (optional)", max_length=100, required=False)
    family_name = forms.CharField(label="Family name (optional)", max_length=100, required=False)
    date_of_birth = GovukDateField(label="Date of birth (optional)", past=True, required=False)
    postcode = forms.CharField(label="Postcode (optional)", max_length=10, required=False)
    force = forms.ModelChoiceField(
        label="Force area (optional)",
        queryset=_active(Force),
        required=False,
        empty_label="Not known",
    )

    def clean(self):
        cleaned = super().clean()
        given, family = cleaned.get("given_name", ""), cleaned.get("family_name", "")
        if bool(given.strip()) != bool(family.strip()):
            missing = "family_name" if given.strip() else "given_name"
            self.add_error(missing, "Enter both the given and family names, or neither")
        return cleaned


class IdentifyForm(GovukForm):
    submit_label = "Record who the subject is"
    outcome = forms.ChoiceField(
        label="Who is the subject?",
        choices=[],
        widget=RADIOS,
        error_messages={"required": "Select who the subject is"},
    )
    reason = forms.CharField(
        label="Your reasons",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": "Enter your reasons"},
    )

    def __init__(self, *args, candidates: list[tuple[str, str]], allow_new: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(f"person:{pk}", label) for pk, label in candidates]
        if allow_new:
            choices.append((Identification.NEW_PERSON, "None of these: add a new person"))
        choices.append((Identification.NO_PERSON, "Not established yet: keep the identifiers"))
        self.fields["outcome"].choices = choices


class CloseForm(GovukForm):
    submit_label = "Close the subject"
    reason = forms.ChoiceField(
        label="Why is the subject closed without a case?",
        choices=CloseReason.choices,
        widget=RADIOS,
        error_messages={"required": "Select why the subject is closed"},
    )
    note = forms.CharField(
        label="Note (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
    )


class ReferForm(OneTimeFormMixin, GovukForm):
    """What the referral needs beyond the subject's name: the concern (referral form names)."""

    submit_label = "Create the referral and start de-confliction"
    concern = forms.CharField(
        label="The concern",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=TEXT_MAX_LENGTH,
        error_messages={"required": "Enter the concern"},
    )
    concern_type = forms.ChoiceField(label="Type of concern", choices=(), widget=RADIOS)
    computer_misuse_sections = forms.MultipleChoiceField(
        label="Computer Misuse Act sections (optional)",
        choices=ComputerMisuseSection.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    person_aware = forms.ChoiceField(
        label="Does the person know about the referral?",
        choices=Awareness.choices,
        widget=RADIOS,
        error_messages={"required": "Select whether the person knows"},
    )
    parents_aware = forms.ChoiceField(
        label="Do their parents or carers know?",
        choices=Awareness.choices,
        widget=RADIOS,
        error_messages={"required": "Select whether their parents or carers know"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concern_type"].choices = [
            (item.code, item.name)
            for item in ConcernType.objects.filter(is_active=True, scheme="2024/25")
        ]
        self.fields["concern_type"].error_messages["required"] = "Select the type of concern"
