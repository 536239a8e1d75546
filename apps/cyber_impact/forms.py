"""Forms: an intelligence interview (its questions come from the requirements), an outcome
measure, and the reports' choices."""

import datetime

from django import forms
from django.utils import timezone

from apps.core.concurrency import VersionedFormMixin
from apps.core.forms import GovukDateField, GovukForm, OneTimeFormMixin
from apps.cyber_impact.choices import (
    Breakdown,
    Completion,
    ConsentGivenBy,
    Disposal,
    EducationEmployment,
    Engagement,
    InterviewConsent,
    LegalUse,
    MeasurePoint,
)
from apps.cyber_impact.models import IntelligenceRequirement

TEXTAREA = {"rows": 4}


def answer_field(requirement: IntelligenceRequirement) -> str:
    return f"requirement_{requirement.code}"


def note_field(requirement: IntelligenceRequirement) -> str:
    return f"note_{requirement.code}"


class InterviewForm(OneTimeFormMixin, GovukForm):
    submit_label = "Record the interview"
    disposal = forms.ChoiceField(
        label="Disposal", choices=Disposal.choices, widget=forms.RadioSelect
    )
    disposal_date = GovukDateField(label="Date of the disposal")
    date = GovukDateField(label="Date of the interview")
    time = forms.TimeField(
        label="Time of the interview",
        help_text="For example, 14:30",
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
        error_messages={
            "required": "Enter the time of the interview",
            "invalid": "Enter the time of the interview like 14:30",
        },
    )
    location = forms.CharField(label="Where", max_length=200, required=False)
    consent = forms.ChoiceField(
        label="Consent to the interview",
        choices=InterviewConsent.choices,
        widget=forms.RadioSelect,
        help_text="Without consent, record the interview was declined and no answers",
        error_messages={"required": "Select whether consent was given"},
    )
    consent_given_by = forms.ChoiceField(
        label="Consent given by",
        choices=ConsentGivenBy.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    appropriate_adult = forms.CharField(
        label="Parent or appropriate adult present",
        help_text="For an under-18, who was with them",
        max_length=150,
        required=False,
    )
    summary = forms.CharField(
        label="Summary of the interview", widget=forms.Textarea(attrs=TEXTAREA)
    )

    def __init__(self, *args, requirements: list[IntelligenceRequirement], **kwargs):
        super().__init__(*args, **kwargs)
        self.requirements = requirements
        for requirement in requirements:
            choices = [(str(option.pk), option.label) for option in requirement.options.all()]
            if requirement.multiple:
                field = forms.MultipleChoiceField(
                    label=requirement.name,
                    help_text=f"{requirement.question} Select all that apply",
                    choices=choices,
                    widget=forms.CheckboxSelectMultiple,
                    required=False,
                )
            else:
                field = forms.ChoiceField(
                    label=requirement.name,
                    help_text=requirement.question,
                    choices=choices,
                    widget=forms.RadioSelect,
                    required=False,
                )
            self.fields[answer_field(requirement)] = field
            self.fields[note_field(requirement)] = forms.CharField(
                label=f"{requirement.name}: notes",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )

    @property
    def interviewed_at(self) -> datetime.datetime:
        return timezone.make_aware(
            datetime.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])
        )

    def chosen(self, requirement: IntelligenceRequirement) -> tuple[list, str]:
        """(options chosen, note) for one requirement, from the cleaned data."""
        value = self.cleaned_data.get(answer_field(requirement)) or []
        ids = {int(pk) for pk in ([value] if isinstance(value, str) else value)}
        options = [option for option in requirement.options.all() if option.pk in ids]
        return options, self.cleaned_data.get(note_field(requirement), "")


class MeasureFieldsForm(GovukForm):
    """What a measure records, besides its intervention and point."""

    measured_on = GovukDateField(label="Date measured")
    engagement = forms.ChoiceField(
        label="Engagement", choices=Engagement.choices, widget=forms.RadioSelect
    )
    completion = forms.ChoiceField(
        label="Completion", choices=Completion.choices, widget=forms.RadioSelect
    )
    education_employment = forms.ChoiceField(
        label="Education or employment",
        choices=EducationEmployment.choices,
        widget=forms.RadioSelect,
    )
    legal_use = forms.ChoiceField(
        label="Legal use of skills", choices=LegalUse.choices, widget=forms.RadioSelect
    )
    legal_use_detail = forms.CharField(
        label="What they took up",
        help_text="For example, a capture-the-flag club or a course",
        max_length=200,
        required=False,
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs=TEXTAREA), required=False)


class MeasureForm(OneTimeFormMixin, MeasureFieldsForm):
    submit_label = "Record the measure"
    field_order = ["intervention", "point"]
    intervention = forms.ChoiceField(label="Intervention")
    point = forms.ChoiceField(label="When", choices=MeasurePoint.choices, widget=forms.RadioSelect)

    def __init__(self, *args, interventions, **kwargs):
        super().__init__(*args, **kwargs)
        self.interventions = {str(item.pk): item for item in interventions}
        self.fields["intervention"].choices = [("", "Select an intervention")] + [
            (str(item.pk), f"{item.reference}: {item.intervention_type.name}")
            for item in interventions
        ]
        self.order_fields(["intervention", "point"])


class MeasureEditForm(VersionedFormMixin, MeasureFieldsForm):
    submit_label = "Save the measure"


class ImpactReportForm(GovukForm):
    submit_label = "Show the report"
    point = forms.ChoiceField(
        label="When", choices=MeasurePoint.choices, initial=MeasurePoint.END, required=False
    )
    breakdown = forms.ChoiceField(
        label="By", choices=Breakdown.choices, initial=Breakdown.INTERVENTION_TYPE, required=False
    )
    start = GovukDateField(label="Measured from", required=False)
    end = GovukDateField(label="Measured to", required=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "Measured to must be the same as or after measured from")
        return cleaned


class InsightReportForm(GovukForm):
    submit_label = "Show the report"
    start = GovukDateField(label="Interviewed from", required=False)
    end = GovukDateField(label="Interviewed to", required=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "Interviewed to must be the same as or after interviewed from")
        return cleaned
