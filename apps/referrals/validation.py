"""One validation for every way a referral comes in: the web form, file imports and the API.

`ReferralDataForm` holds every field with its checks and messages. The web pages
show subsets of it (PAGES); an import row or an API body is checked whole. Choice
fields accept a code or a label, case-insensitively, so spreadsheets can say
"Education" or "education".
"""

import datetime
import re

from django import forms
from django.utils import timezone

from apps.core.choices import REFUSED_MARKINGS, ProtectiveMarking
from apps.core.postcodes import normalise_postcode
from apps.people.choices import EngagementNeed, Gender
from apps.people.forms import check_one_age
from apps.reference.models import ConcernType, ReferralSector
from apps.referrals.choices import Awareness, ComputerMisuseSection, ReferralChannel

PNC_PATTERN = re.compile(r"^(\d{2}|\d{4})/\d{1,7}[A-Z]$")
# Free text a referrer writes (the concern, family details): generous, but bounded so an
# import cell or API body cannot be megabytes long.
TEXT_MAX_LENGTH = 200_000
TRUE_WORDS = {"yes", "y", "true", "1"}
FALSE_WORDS = {"no", "n", "false", "0"}


def _lookup_choice(value: str, choices, label: str) -> str:
    wanted = (value or "").strip().lower()
    for code, text in choices:
        if wanted in (str(code).lower(), str(text).lower()):
            return code
    allowed = ", ".join(str(text) for _, text in choices)
    raise forms.ValidationError(f"{label} must be one of: {allowed}")


class FlexibleChoiceField(forms.CharField):
    """A choice given as code or label (spreadsheets and APIs send either)."""

    def __init__(self, *, choices, label, required=True, blank_value="", **kwargs):
        self.choice_list = list(choices)
        self.blank_value = blank_value
        super().__init__(label=label, required=required, **kwargs)
        self.widget = forms.Select(choices=[("", "Select")] + self.choice_list)

    def clean(self, value):
        value = super().clean(value)
        if value in ("", None):
            return self.blank_value
        return _lookup_choice(value, self.choice_list, self.label)


class FlexibleBooleanField(forms.Field):
    """Yes/no given as yes, no, true, false, 1 or 0; blank means not known."""

    widget = forms.Select(choices=[("", "Not known"), ("yes", "Yes"), ("no", "No")])

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise forms.ValidationError(f"{self.label} must be yes or no")


class MultiCodeField(forms.Field):
    """Several codes or labels, as a list or separated by semicolons."""

    def __init__(self, *, choices, **kwargs):
        self.choice_list = list(choices)
        super().__init__(**kwargs)
        self.widget = forms.CheckboxSelectMultiple(choices=self.choice_list)

    @property
    def choices(self):
        """The boxes a page draws (crispy-forms-gds reads the field's choices)."""
        return self.choice_list

    def to_python(self, value):
        if value in (None, "", []):
            return []
        items = value if isinstance(value, list | tuple) else str(value).split(";")
        return [
            _lookup_choice(str(item), self.choice_list, self.label)
            for item in items
            if str(item).strip()
        ]


def _sector_choices():
    return [(sector.code, sector.name) for sector in ReferralSector.objects.filter(is_active=True)]


def _concern_choices():
    return [
        (concern.code, concern.name)
        for concern in ConcernType.objects.filter(is_active=True, scheme="2024/25")
    ]


class MarkingField(forms.CharField):
    """A protective marking: a choice on the page; imports and the API may send any case."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.choices = list(ProtectiveMarking.choices)
        self.widget = forms.RadioSelect(choices=self.choices)


class DateField(forms.DateField):
    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%d/%m/%Y"])
        super().__init__(**kwargs)


class ReferralDataForm(forms.Form):
    """Every field of a referral as it arrives, with its checks."""

    # How it arrived.
    source_reference = forms.CharField(
        label="Source reference",
        max_length=100,
        required=False,
        help_text="The sender's own reference. Importing it again creates nothing new.",
    )
    date_received = DateField(
        label="Date received",
        error_messages={"required": "Enter the date the referral was received"},
    )
    channel = FlexibleChoiceField(
        choices=ReferralChannel.choices,
        label="How it was received",
        error_messages={"required": "Select how the referral was received"},
    )
    is_cyber = FlexibleBooleanField(label="Cyber Prevent referral", required=False)
    protective_marking = MarkingField(
        label="Protective marking",
        required=False,
        help_text="If you do not choose, the referral is marked OFFICIAL-SENSITIVE",
    )

    # The person.
    given_name = forms.CharField(
        label="Given name",
        max_length=100,
        error_messages={"required": "Enter the person's given name"},
    )
    middle_names = forms.CharField(label="Middle names", max_length=150, required=False)
    family_name = forms.CharField(
        label="Family name",
        max_length=100,
        error_messages={"required": "Enter the person's family name"},
    )
    other_names = forms.CharField(
        label="Other names they are known by",
        max_length=300,
        required=False,
        help_text="Aliases, previous names, nicknames or other spellings, separated by semicolons",
    )
    date_of_birth = DateField(label="Date of birth", required=False)
    estimated_age = forms.IntegerField(
        label="Estimated age",
        min_value=0,
        max_value=120,
        required=False,
        help_text="Only if the date of birth is not known",
    )
    # Optional: blank or missing is recorded as "not recorded", never guessed.
    gender = FlexibleChoiceField(
        choices=Gender.choices,
        label="Gender",
        required=False,
        blank_value=Gender.NOT_RECORDED,
    )
    address_line_1 = forms.CharField(label="Address line 1", max_length=150, required=False)
    address_line_2 = forms.CharField(label="Address line 2", max_length=150, required=False)
    town = forms.CharField(label="Town or city", max_length=100, required=False)
    postcode = forms.CharField(label="Postcode", max_length=20, required=False)
    nationality = forms.CharField(label="Nationality", max_length=100, required=False)
    first_language = forms.CharField(label="First language", max_length=100, required=False)
    interpreter_needed = FlexibleBooleanField(label="Interpreter needed", required=False)
    school_or_workplace = forms.CharField(
        label="School, college or workplace", max_length=200, required=False
    )
    needs = MultiCodeField(
        choices=EngagementNeed.choices,
        label="Needs disclosed",
        required=False,
        help_text="Only what the referrer says is known or disclosed: never inferred",
    )
    pnc_id = forms.CharField(
        label="PNC ID (if known)",
        max_length=30,
        required=False,
        help_text="For example, 09/123456A. Police referrers often have it",
    )
    family_details = forms.CharField(
        label="Family or carer details",
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    # The referrer.
    referrer_name = forms.CharField(
        label="Referrer's name",
        max_length=150,
        error_messages={"required": "Enter the referrer's name"},
    )
    referrer_organisation = forms.CharField(label="Organisation", max_length=200, required=False)
    referrer_role = forms.CharField(label="Role", max_length=150, required=False)
    referrer_email = forms.EmailField(label="Email address", required=False)
    referrer_phone = forms.CharField(label="Phone number", max_length=40, required=False)
    referrer_may_receive_feedback = FlexibleBooleanField(
        label="The referrer may be told the outcome", required=False
    )
    sector = FlexibleChoiceField(
        choices=(),
        label="Referral sector",
        error_messages={"required": "Select the referral sector"},
    )

    # The concern.
    concern = forms.CharField(
        label="The concern, in the referrer's words",
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter the concern, in the referrer's words"},
    )
    concern_type = FlexibleChoiceField(
        choices=(),
        label="Type of concern",
        error_messages={"required": "Select the type of concern"},
    )
    computer_misuse_sections = MultiCodeField(
        choices=ComputerMisuseSection.choices, label="Computer Misuse Act sections", required=False
    )
    actions_taken = forms.CharField(
        label="What has been done already",
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    other_agencies = forms.CharField(
        label="Other agencies involved",
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    person_aware = FlexibleChoiceField(
        choices=Awareness.choices,
        label="Does the person know about this referral?",
        error_messages={"required": "Select whether the person knows about this referral"},
    )
    parents_aware = FlexibleChoiceField(
        choices=Awareness.choices,
        label="For under-18s, do their parents or carers know?",
        error_messages={"required": "Select whether their parents or carers know"},
    )

    def __init__(self, *args, choices: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = choices or reference_choices()
        self.fields["sector"].choice_list = choices["sector"]
        self.fields["sector"].widget.choices = [("", "Select")] + self.fields["sector"].choice_list
        self.fields["concern_type"].choice_list = choices["concern_type"]
        self.fields["concern_type"].widget.choices = [("", "Select")] + self.fields[
            "concern_type"
        ].choice_list

    def clean_pnc_id(self) -> str:
        value = "".join((self.cleaned_data.get("pnc_id") or "").split()).upper()
        if value and not PNC_PATTERN.match(value):
            raise forms.ValidationError("Enter a PNC ID like 09/123456A")
        return value

    def clean_postcode(self) -> str:
        value = self.cleaned_data.get("postcode", "")
        return normalise_postcode(value) if value.strip() else ""

    def clean_date_received(self) -> datetime.date:
        value = self.cleaned_data["date_received"]
        if value > timezone.localdate():
            raise forms.ValidationError("Date received must be today or in the past")
        return value

    def clean_date_of_birth(self):
        value = self.cleaned_data.get("date_of_birth")
        if value and value > timezone.localdate():
            raise forms.ValidationError("Date of birth must be in the past")
        if value and value.year < 1900:
            raise forms.ValidationError("Date of birth must be after 1900")
        return value

    def clean_protective_marking(self) -> str:
        value = (self.cleaned_data.get("protective_marking") or "").strip().upper()
        if not value:
            return ProtectiveMarking.OFFICIAL_SENSITIVE
        if value in REFUSED_MARKINGS:
            raise forms.ValidationError(
                "SECRET and TOP SECRET material must not be recorded in this system"
            )
        return _lookup_choice(value, ProtectiveMarking.choices, "Protective marking")

    def clean(self):
        cleaned = super().clean()
        check_one_age(self, cleaned)
        if cleaned.get("computer_misuse_sections") and not cleaned.get("is_cyber"):
            cleaned["is_cyber"] = True
        if cleaned.get("is_cyber") is None:
            cleaned["is_cyber"] = False
        return cleaned


# The web form's pages: each is a subset of ReferralDataForm's fields.
PAGES = {
    "person": [
        "given_name",
        "middle_names",
        "family_name",
        "other_names",
        "date_of_birth",
        "estimated_age",
        "gender",
        "address_line_1",
        "address_line_2",
        "town",
        "postcode",
        "nationality",
        "first_language",
        "interpreter_needed",
        "school_or_workplace",
        "needs",
        "pnc_id",
        "family_details",
    ],
    "referrer": [
        "date_received",
        "channel",
        "referrer_name",
        "referrer_organisation",
        "referrer_role",
        "referrer_email",
        "referrer_phone",
        "sector",
        "referrer_may_receive_feedback",
        "source_reference",
    ],
    "concern": [
        "concern",
        "concern_type",
        "is_cyber",
        "computer_misuse_sections",
        "actions_taken",
        "other_agencies",
        "person_aware",
        "parents_aware",
        "protective_marking",
    ],
}
PAGE_TITLES = {
    "person": "About the person",
    "referrer": "About the referral and the referrer",
    "concern": "The concern",
}


def _type_errors(data: dict) -> dict[str, list[str]]:
    """Values of a kind the field cannot take (JSON lists, objects, numbers for dates).

    Django's fields assume text: a list where a date belongs raised AttributeError (a 500).
    """
    errors = {}
    for name, field in ReferralDataForm.base_fields.items():
        value = data.get(name)
        if value is None or isinstance(value, str):
            continue
        if isinstance(field, MultiCodeField):
            fits = isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)
            wanted = "a list of codes or labels"
        elif isinstance(field, forms.DateField):
            fits, wanted = isinstance(value, datetime.date), "a date like 2001-04-23"
        else:
            fits, wanted = isinstance(value, bool | int | float), "text"
        if not fits:
            errors[name] = [f"{field.label} must be {wanted}"]
    return errors


def reference_choices() -> dict[str, list]:
    """The choices read from reference data; an import reads them once, not once a row."""
    return {"sector": _sector_choices(), "concern_type": _concern_choices()}


def validate(
    data: dict, *, choices: dict | None = None
) -> tuple[dict | None, dict[str, list[str]]]:
    """Check one referral; return (cleaned data, {}) or (None, {field: [messages]})."""
    type_errors = _type_errors(data)
    form = ReferralDataForm(
        data={name: value for name, value in data.items() if name not in type_errors},
        choices=choices,
    )
    if form.is_valid() and not type_errors:
        return form.cleaned_data, {}
    errors = {field: [str(m) for m in messages] for field, messages in form.errors.items()}
    return None, errors | type_errors
