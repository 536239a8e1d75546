"""Case forms: input shape and field checks; the services decide the rest."""

import datetime

from django import forms
from django.utils import timezone

from apps.cases.choices import (
    CASE_REVIEW_OUTCOMES,
    POST_EXIT_OUTCOMES,
    CheckResult,
    ContactKind,
    DeliveryOutcome,
    ExitDecidedBy,
    FlagKind,
    PanelDecision,
    Priority,
)
from apps.cases.schedules import months_text
from apps.cases.selectors import sios
from apps.core.choices import ProtectiveMarking
from apps.core.concurrency import VersionedFormMixin
from apps.core.forms import GovukDateField, GovukForm, OneTimeFormMixin


def _text(label: str, *, required: bool = True, rows: int = 4, help_text: str = "", **kwargs):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=kwargs.pop("max_length", 5000),
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


def _user_choices(users) -> list[tuple[str, str]]:
    return [
        (str(user.pk), f"{user.display_name} ({user.team.name if user.team else 'no team'})")
        for user in users
    ]


class CaseDetailsForm(VersionedFormMixin, GovukForm):
    """The case's details; never overwrites a colleague's edit (core.concurrency)."""

    submit_label = "Save changes"
    sio_id = forms.TypedChoiceField(label="SIO", required=False, coerce=int, empty_value=None)
    niche_reference = forms.CharField(
        label="Niche occurrence or task reference", required=False, max_length=50
    )
    channel_reference = forms.CharField(
        label="Channel case reference", required=False, max_length=50
    )
    review_interval_months = forms.IntegerField(
        label="Months between case reviews",
        min_value=1,
        max_value=12,
        help_text="From 1 to 12. The default is 3.",
        error_messages={
            "min_value": "Months between case reviews must be 1 or more",
            "max_value": "Months between case reviews must be 12 or fewer",
            "invalid": "Months between case reviews must be a whole number",
        },
    )
    protective_marking = forms.ChoiceField(
        label="Protective marking", choices=ProtectiveMarking.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sio_id"].choices = [("", "No SIO"), *_user_choices(sios())]


class ReasonForm(GovukForm):
    submit_label = "Confirm"
    reason = _text("Reason", rows=3, error_messages={"required": "Give the reason for this step"})


class ExitForm(GovukForm):
    submit_label = "Exit the case"
    decided_by = forms.ChoiceField(
        label="Who decided the exit?",
        choices=ExitDecidedBy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who decided the exit"},
    )
    reason = _text(
        "Reason for exit",
        help_text="Why the vulnerability is removed or much reduced",
        error_messages={"required": "Give the reason for exit"},
    )
    extend_to_24 = forms.BooleanField(label="Extend the post-exit reviews", required=False)

    def __init__(self, *args, schedule=None, **kwargs):
        """`schedule` (cases.schedules) words the extension, or removes it when the case
        type's schedule has none."""
        super().__init__(*args, **kwargs)
        if schedule is None or schedule.extendable_at is None:
            del self.fields["extend_to_24"]
            return
        self.fields[
            "extend_to_24"
        ].label = (
            f"Review at {schedule.extension_text} as well as at {months_text(schedule.post_exit)}"
        )


class RestrictForm(GovukForm):
    submit_label = "Restrict the case"
    readers = forms.MultipleChoiceField(
        label="Who else may see the case",
        help_text="You are always on the list. Everyone else loses sight of the case and "
        "everything in it.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reason = _text(
        "Reason for the restriction",
        rows=3,
        help_text="For example, the live investigation's reference",
        error_messages={"required": "Give the reason for the restriction"},
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["readers"].choices = _user_choices(people)


class FlagForm(OneTimeFormMixin, GovukForm):
    submit_label = "Add flag"
    kind = forms.ChoiceField(
        label="Flag",
        choices=FlagKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the flag"},
    )
    reason = _text("Reason", rows=3, error_messages={"required": "Give the reason for the flag"})
    expires_on = GovukDateField(
        label="Expiry date", required=False, help_text="Leave blank if it does not expire"
    )


class TransferForm(GovukForm):
    submit_label = "Transfer the case"
    to_owner = forms.ChoiceField(label="Officer", required=False)
    to_team = forms.ChoiceField(label="Team")
    to_region = forms.CharField(
        label="CT policing region",
        required=False,
        max_length=100,
        help_text="Only when the case moves to another region",
    )
    handover_note = _text("Handover note", error_messages={"required": "Write the handover note"})

    def __init__(self, *args, officers=(), teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_owner"].choices = [("", "No officer yet"), *_user_choices(officers)]
        self.fields["to_team"].choices = [(str(team.pk), team.name) for team in teams]


class AttachReferralForm(GovukForm):
    submit_label = "Attach referral"
    referral = forms.ChoiceField(
        label="Referral about this person",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the referral to attach"},
    )
    note = _text("Note", required=False, rows=3)

    def __init__(self, *args, referrals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referral"].choices = [
            (str(r.pk), f"{r.reference} – received {r.date_received:%-d %B %Y}") for r in referrals
        ]


class DirectionForm(OneTimeFormMixin, GovukForm):
    submit_label = "Record direction"
    tactic = forms.CharField(label="Tactic", max_length=300)
    rationale = _text("Rationale")
    due_on = GovukDateField(label="Due date")
    priority = forms.ChoiceField(
        label="Priority", choices=Priority.choices, widget=forms.RadioSelect
    )
    tasked_officer = forms.ChoiceField(label="Officer tasked")

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tasked_officer"].choices = [
            ("", "Select an officer"),
            *_user_choices(officers),
        ]

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on and due_on < timezone.localdate():
            raise forms.ValidationError("Due date must be today or in the future")
        return due_on


class DirectionEditForm(VersionedFormMixin, GovukForm):
    """The SIO changes a direction; never overwrites a colleague's edit (core.concurrency)."""

    submit_label = "Save changes"
    tactic = forms.CharField(label="Tactic", max_length=300)
    rationale = _text("Rationale")
    due_on = GovukDateField(label="Due date")
    priority = forms.ChoiceField(
        label="Priority", choices=Priority.choices, widget=forms.RadioSelect
    )
    tasked_officer_id = forms.TypedChoiceField(label="Officer tasked", coerce=int)
    officers: tuple = ()  # set by the page for the case's team

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tasked_officer_id"].choices = _user_choices(self.officers)


class DeliveryForm(OneTimeFormMixin, GovukForm):
    submit_label = "Record delivery"
    outcome = forms.ChoiceField(
        label="What was done?",
        choices=DeliveryOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what was done"},
    )
    note = _text(
        "Details",
        help_text="What was done, or why it was not done",
        error_messages={"required": "Enter the details"},
    )


TIME_HELP = "Use the 24-hour clock, for example 14:30"


class ContactForm(OneTimeFormMixin, GovukForm):
    submit_label = "Record contact"
    kind = forms.ChoiceField(
        label="Kind of contact",
        choices=ContactKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of contact"},
    )
    date = GovukDateField(label="Date")
    time = forms.TimeField(
        label="Time",
        help_text=TIME_HELP,
        input_formats=["%H:%M", "%H.%M"],
        error_messages={"required": "Enter the time", "invalid": "Enter the time like 14:30"},
    )
    location = forms.CharField(label="Location", required=False, max_length=200)
    officers = forms.MultipleChoiceField(
        label="Officers present", widget=forms.CheckboxSelectMultiple, required=False
    )
    other_attendees = _text(
        "Other attendees",
        required=False,
        rows=2,
        help_text="Partner contacts and family members present",
    )
    summary = _text("Summary", rows=6)
    follow_up = _text(
        "Follow-up actions",
        required=False,
        rows=3,
        help_text="Each action becomes a task on the case",
    )
    follow_up_assignee = forms.ChoiceField(label="Who does the follow-up actions", required=False)
    follow_up_due = GovukDateField(label="Follow-up actions due by", required=False)
    direction = forms.ChoiceField(label="In answer to an SIO direction", required=False)

    def __init__(self, *args, officers=(), directions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].choices = _user_choices(officers)
        self.fields["follow_up_assignee"].choices = [("", "Nobody"), *_user_choices(officers)]
        self.fields["direction"].choices = [
            ("", "None"),
            *[(str(direction.pk), direction.tactic) for direction in directions],
        ]

    def occurred_at(self) -> datetime.datetime:
        return timezone.make_aware(
            datetime.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])
        )


class ContactAmendForm(GovukForm):
    submit_label = "Save amendment"
    date = GovukDateField(label="Date")
    time = ContactForm.base_fields["time"]
    location = ContactForm.base_fields["location"]
    officers = forms.MultipleChoiceField(
        label="Officers present", widget=forms.CheckboxSelectMultiple, required=False
    )
    other_attendees = ContactForm.base_fields["other_attendees"]
    summary = ContactForm.base_fields["summary"]
    follow_up = ContactForm.base_fields["follow_up"]
    reason = _text(
        "Reason for the amendment",
        rows=3,
        help_text="The earlier version stays on the record, with your reason",
        error_messages={"required": "Give the reason for the amendment"},
    )
    expected_number = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].choices = _user_choices(officers)

    occurred_at = ContactForm.occurred_at


class ReviewForm(GovukForm):
    submit_label = "Record review"
    outcome = forms.ChoiceField(
        label="Outcome",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome"},
    )
    notes = _text("Findings", rows=6, error_messages={"required": "Write the review's findings"})
    extend_to_24 = forms.BooleanField(label="Extend the post-exit reviews", required=False)

    def __init__(self, *args, post_exit: bool = False, extension: str = "", **kwargs):
        """`extension` ("24 months", from the case type's schedule) offers to extend the
        reviews; empty, the field is removed."""
        super().__init__(*args, **kwargs)
        outcomes = POST_EXIT_OUTCOMES if post_exit else CASE_REVIEW_OUTCOMES
        self.fields["outcome"].choices = [(outcome.value, outcome.label) for outcome in outcomes]
        if not extension:
            del self.fields["extend_to_24"]
        else:
            self.fields["extend_to_24"].label = f"Extend post-exit reviews to {extension}"


class PanelDecisionForm(OneTimeFormMixin, GovukForm):
    submit_label = "Record panel decision"
    decision = forms.ChoiceField(
        label="The panel's decision",
        choices=PanelDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the panel's decision"},
    )
    panel_date = GovukDateField(label="Date of the panel")
    referral_considered = forms.BooleanField(
        label="A health or social-care referral was considered",
        required=False,
        help_text="Required when the case is not adopted",
    )
    notes = _text("Notes", error_messages={"required": "Enter the notes"})


class CheckForm(GovukForm):
    """A re-offending check the officer made: when, which systems, what they found."""

    submit_label = "Record check"
    checked_on = GovukDateField(label="Date you checked")
    systems = forms.MultipleChoiceField(
        label="Systems you checked",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the systems you checked"},
    )
    result = forms.ChoiceField(
        label="What the check found",
        choices=CheckResult.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the check found"},
    )
    notes = _text(
        "Notes",
        required=False,
        help_text="Required unless there was no trace: what was found, and where",
    )

    def __init__(self, *args, systems=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["systems"].choices = [(str(system.pk), system.name) for system in systems]


class TransferDecisionForm(GovukForm):
    """The receiving team's supervisor accepts a case offered to the team, or declines it."""

    submit_label = "Save decision"
    decision = forms.ChoiceField(
        label="Will your team take the case?",
        choices=[("accept", "Yes, accept the case"), ("decline", "No, decline it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether your team takes the case"},
    )
    to_owner = forms.ChoiceField(
        label="Officer to allocate it to", required=False, help_text="When you accept it"
    )
    reason = _text("Reason for declining", required=False, rows=3)

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_owner"].choices = [("", "No officer yet"), *_user_choices(officers)]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "decline" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Say why your team cannot take the case")
        return cleaned
