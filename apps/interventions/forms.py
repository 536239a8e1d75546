"""Support forms: the plan, consent, interventions and signposting."""

from django import forms

from apps.core.concurrency import VersionedFormMixin
from apps.core.forms import GovukDateField, GovukForm, OneTimeFormMixin
from apps.interventions.choices import (
    ConsentGivenBy,
    ConsentMethod,
    ConsentStatus,
    SignpostingResponse,
)
from apps.interventions.models import InterventionType
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


class InterventionForm(OneTimeFormMixin, GovukForm):
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
    start_date = GovukDateField(label="Start date")
    end_date = GovukDateField(label="Planned end date", required=False)

    def __init__(self, *args, types, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intervention_type"].queryset = types
        self._providers = {str(provider.pk): provider for provider, _ in providers}
        self.fields["provider"].choices = [
            ("", "No provider (delivered by the police)"),
            *[(str(provider.pk), label) for provider, label in providers],
        ]

    def clean_provider(self):
        value = self.cleaned_data.get("provider")
        return self._providers.get(value) if value else None


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
