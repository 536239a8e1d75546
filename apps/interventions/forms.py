"""Support forms: the plan, consent, interventions and signposting."""

from django import forms

from apps.core.concurrency import VersionedFormMixin
from apps.core.forms import GovukDateField, GovukForm, OneTimeFormMixin
from apps.interventions.choices import (
    ConsentGivenBy,
    ConsentMethod,
    ConsentStatus,
    InvestigationAnswer,
    LetterDeliveryMethod,
    SignpostingResponse,
)
from apps.interventions.models import CMASection, InterventionType
from apps.partners.models import Organisation
from apps.reference.models import SupportService

TEXTAREA = {"rows": 4}


class SupportPlanForm(GovukForm):
    submit_label = "Save the plan"
    objectives = forms.CharField(
        label="Objectives of the support",
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": "Enter the objectives of the support"},
    )
    consent_approach = forms.CharField(
        label="How, when and by whom consent will be sought",
        help_text="For a child, consent is sought from a parent or guardian",
        widget=forms.Textarea(attrs=TEXTAREA),
        required=False,
    )
    review_on = GovukDateField(label="Review the plan by", required=False)


class SupportPlanEditForm(VersionedFormMixin, SupportPlanForm):
    """Changing a written plan: a colleague's save in between is merged field by field."""


class ConsentForm(OneTimeFormMixin, GovukForm):
    submit_label = "Record consent"
    status = forms.ChoiceField(
        label="Consent",
        choices=ConsentStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the consent to record"},
    )
    given_by = forms.ChoiceField(
        label="By whom",
        choices=ConsentGivenBy.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    guardian_name = forms.CharField(
        label="Parent or guardian's name", max_length=150, required=False
    )
    recorded_on = GovukDateField(label="Date", past=False)
    how_sought = forms.ChoiceField(
        label="How consent was sought",
        choices=[("", "Select how"), *ConsentMethod.choices],
        required=False,
    )
    note = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class _OrganisationChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.sector.name})"


ADULT_HELP = "For a visit to someone under 18: who was present, for example a parent"


class InterventionForm(OneTimeFormMixin, GovukForm):
    """Add an intervention. On a Cyber Prevent case it also takes the Computer Misuse Act
    sections and, for a visit to a child, the parent or appropriate adult present."""

    submit_label = "Add the intervention"
    intervention_type = forms.ModelChoiceField(
        label="Type of intervention",
        queryset=InterventionType.objects.none(),
        empty_label="Select a type",
    )
    provider = forms.ChoiceField(
        label="Provider",
        help_text="Only approved, in-date providers covering the person's area are offered. "
        "Leave empty if the police deliver it",
        required=False,
    )
    objective = forms.CharField(label="Objective", widget=forms.Textarea(attrs=TEXTAREA))
    start_date = GovukDateField(label="Date", help_text="The date it starts or takes place")
    end_date = GovukDateField(label="Planned end date", required=False)
    intervention_officer = forms.ChoiceField(
        label="Officer delivering it", help_text="You, unless you choose another", required=False
    )
    cma_sections = forms.ModelMultipleChoiceField(
        label="Computer Misuse Act sections concerned",
        queryset=CMASection.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    partners = _OrganisationChoices(
        label="Partners involved",
        help_text="From the partners directory: for example the school, youth justice, "
        "probation, or the CPS for conditional-caution advice",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    appropriate_adult_name = forms.CharField(
        label="Parent or appropriate adult present (name)",
        help_text=ADULT_HELP,
        max_length=150,
        required=False,
    )
    appropriate_adult_relationship = forms.CharField(
        label="Their relationship to the person", max_length=100, required=False
    )

    def __init__(
        self, *args, types, providers, officers, partners, sections=None, user=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["intervention_type"].queryset = types
        self._providers = {str(provider.pk): provider for provider, _ in providers}
        self.fields["provider"].choices = [
            ("", "No provider (delivered by the police)"),
            *[(str(provider.pk), label) for provider, label in providers],
        ]
        self._officers = {str(officer.pk): officer for officer in officers}
        if user is not None:
            self._officers.setdefault(str(user.pk), user)
            self.fields["intervention_officer"].initial = str(user.pk)
        self.fields["intervention_officer"].choices = [
            (key, officer.display_name) for key, officer in self._officers.items()
        ]
        self.fields["partners"].queryset = partners
        if sections is None:  # a Prevent case: the Act and the appropriate adult do not apply
            for name in (
                "cma_sections",
                "appropriate_adult_name",
                "appropriate_adult_relationship",
            ):
                del self.fields[name]
        else:
            self.fields["cma_sections"].queryset = sections

    def clean_provider(self):
        value = self.cleaned_data.get("provider")
        return self._providers.get(value) if value else None

    def clean_intervention_officer(self):
        return self._officers.get(self.cleaned_data.get("intervention_officer"))


class InterventionEditForm(VersionedFormMixin, GovukForm):
    submit_label = "Save"
    objective = forms.CharField(label="Objective", widget=forms.Textarea(attrs=TEXTAREA))
    end_date = GovukDateField(label="Planned end date", required=False)
    sessions_held = forms.IntegerField(
        label="Sessions held",
        min_value=0,
        max_value=999,
        error_messages={"min_value": "Sessions held must be 0 or more"},
    )
    outcome = forms.CharField(
        label="Outcome", widget=forms.Textarea(attrs=TEXTAREA), required=False
    )


class InterventionAdultEditForm(InterventionEditForm):
    """Editing a visit or interview: the parent or appropriate adult present too."""

    appropriate_adult_name = forms.CharField(
        label="Parent or appropriate adult present (name)",
        help_text=ADULT_HELP,
        max_length=150,
        required=False,
    )
    appropriate_adult_relationship = forms.CharField(
        label="Their relationship to the person", max_length=100, required=False
    )


class InterventionLinksForm(GovukForm):
    """The partners involved and, on a Cyber Prevent case, the Act's sections."""

    submit_label = "Save"
    version = forms.IntegerField(widget=forms.HiddenInput)
    cma_sections = forms.ModelMultipleChoiceField(
        label="Computer Misuse Act sections concerned",
        queryset=CMASection.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    partners = _OrganisationChoices(
        label="Partners involved",
        help_text="From the partners directory",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, partners, sections=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = partners
        if sections is None:
            del self.fields["cma_sections"]
        else:
            self.fields["cma_sections"].queryset = sections


class InvestigationCheckForm(OneTimeFormMixin, GovukForm):
    submit_label = "Record the check"
    asked = forms.CharField(
        label="Who was asked",
        help_text="Name, role and unit at Pursue or the NCCU, for example DS Invented, NCCU "
        "Pursue. By reference only: no investigation detail",
        max_length=200,
        error_messages={"required": "Enter who was asked at Pursue or the NCCU"},
    )
    asked_on = GovukDateField(label="When", past=False)
    answer = forms.ChoiceField(
        label="Answer",
        choices=InvestigationAnswer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the answer"},
    )
    conditions = forms.CharField(
        label="Conditions to proceed with",
        help_text="Required when deconflicted",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class LetterDeliveryForm(OneTimeFormMixin, GovukForm):
    submit_label = "Record the delivery"
    method = forms.ChoiceField(
        label="How was the letter delivered?",
        choices=LetterDeliveryMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the letter was delivered"},
    )
    delivered_on = GovukDateField(label="When", past=False)
    delivered_by = forms.ChoiceField(
        label="By whom", help_text="You, unless you choose another", required=False
    )
    note = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, officers, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._officers = {str(officer.pk): officer for officer in officers}
        self._officers.setdefault(str(user.pk), user)
        self.fields["delivered_by"].choices = [
            (key, officer.display_name) for key, officer in self._officers.items()
        ]
        self.fields["delivered_by"].initial = str(user.pk)

    def clean_delivered_by(self):
        return self._officers.get(self.cleaned_data.get("delivered_by"))


class InterventionEndForm(GovukForm):
    submit_label = "Record the outcome"
    outcome = forms.CharField(
        label="Outcome",
        help_text="What the support achieved, or why it stopped",
        widget=forms.Textarea(attrs=TEXTAREA),
        error_messages={"required": "Enter the outcome"},
    )


class SignpostingForm(OneTimeFormMixin, GovukForm):
    submit_label = "Record the signposting"
    service = forms.ModelChoiceField(
        label="Service",
        queryset=SupportService.objects.filter(is_active=True),
        empty_label="Select a service",
    )
    signposted_on = GovukDateField(label="Date signposted")
    reason = forms.CharField(label="Why", widget=forms.Textarea(attrs=TEXTAREA))


class SignpostingResponseForm(VersionedFormMixin, GovukForm):
    submit_label = "Record the response"
    response = forms.ChoiceField(
        label="Response", choices=SignpostingResponse.choices, widget=forms.RadioSelect
    )
    response_on = GovukDateField(label="Date of the response", required=False)
    response_note = forms.CharField(
        label="What the service said", widget=forms.Textarea(attrs=TEXTAREA), required=False
    )
