"""Person index forms."""

from django import forms

from apps.core.concurrency import VersionedFormMixin
from apps.core.forms import GovukDateField, GovukForm, OneTimeFormMixin
from apps.core.postcodes import normalise_postcode
from apps.people.choices import EngagementNeed, Gender, IdentifierKind, NameKind


def check_one_age(form: forms.Form, cleaned: dict) -> None:
    """A person has a date of birth or an estimated age, never both (referrals and people)."""
    if cleaned.get("date_of_birth") and cleaned.get("estimated_age") is not None:
        form.add_error("estimated_age", "Give a date of birth or an estimated age, not both")


class SamePersonForm(GovukForm):
    """Merge, or record 'not the same person', for one suggested duplicate."""

    submit_label = "Record decision"
    other = forms.CharField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label="Are these the same person?",
        choices=[
            ("merge", "Yes – merge the other record into this one"),
            ("not_same", "No – they are different people (never suggest this pair again)"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether these are the same person"},
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for your decision"},
    )


class UnmergeForm(GovukForm):
    submit_label = "Undo merge"
    reason = forms.CharField(
        label="Why is the merge being undone?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the merge is being undone"},
    )


class PersonDetailsForm(VersionedFormMixin, GovukForm):
    """The person's own details; never overwrites a colleague's edit (core.concurrency)."""

    submit_label = "Save changes"
    given_name = forms.CharField(label="Given name", max_length=100)
    middle_names = forms.CharField(label="Middle names", max_length=150, required=False)
    family_name = forms.CharField(label="Family name", max_length=100)
    date_of_birth = GovukDateField(
        label="Date of birth", required=False, past=True, help_text="For example, 27 4 2009"
    )
    estimated_age = forms.IntegerField(
        label="Estimated age", min_value=0, max_value=120, required=False
    )
    gender = forms.ChoiceField(label="Gender", choices=Gender.choices)
    nationality = forms.CharField(label="Nationality", max_length=100, required=False)
    first_language = forms.CharField(label="First language", max_length=100, required=False)
    other_languages = forms.CharField(label="Other languages", max_length=200, required=False)
    interpreter_needed = forms.TypedChoiceField(
        label="Interpreter needed",
        choices=[("", "Not known"), ("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
    )
    needs_recorded = forms.BooleanField(
        label="Needs affecting engagement have been asked about", required=False
    )
    needs = forms.MultipleChoiceField(
        label="Needs disclosed",
        help_text="Only what has been disclosed: never inferred",
        choices=EngagementNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    phone = forms.CharField(label="Phone number", max_length=40, required=False)
    email = forms.EmailField(label="Email address", required=False)

    def clean(self):
        cleaned = super().clean()
        check_one_age(self, cleaned)
        if cleaned.get("needs") and not cleaned.get("needs_recorded"):
            cleaned["needs_recorded"] = True
        return cleaned


class OtherNameForm(OneTimeFormMixin, GovukForm):
    submit_label = "Add name"
    kind = forms.ChoiceField(label="Type of name", choices=NameKind.choices)
    given_name = forms.CharField(label="Given name", max_length=100, required=False)
    family_name = forms.CharField(label="Family name", max_length=100, required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("given_name") and not cleaned.get("family_name"):
            raise forms.ValidationError("Enter a given name, a family name or both")
        return cleaned


class AddressForm(OneTimeFormMixin, GovukForm):
    submit_label = "Add address"
    line_1 = forms.CharField(label="Address line 1", max_length=150)
    line_2 = forms.CharField(label="Address line 2", max_length=150, required=False)
    town = forms.CharField(label="Town or city", max_length=100, required=False)
    postcode = forms.CharField(label="Postcode", max_length=20)
    date_from = GovukDateField(
        label="Living there since", required=False, help_text="For example, 1 9 2024"
    )
    is_current = forms.BooleanField(label="This is their current address", required=False)

    def clean_postcode(self) -> str:
        return normalise_postcode(self.cleaned_data["postcode"])


class IdentifierForm(OneTimeFormMixin, GovukForm):
    submit_label = "Add identifier"
    kind = forms.ChoiceField(label="Type", choices=IdentifierKind.choices)
    value = forms.CharField(label="Identifier", max_length=60)
    description = forms.CharField(label="Description", max_length=100, required=False)
