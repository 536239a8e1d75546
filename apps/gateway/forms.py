"""Gateway forms: de-confliction decisions, the live-investigation check, decisions, sign-off."""

from django import forms

from apps.accounts.models import User
from apps.core.forms import GovukForm, OneTimeFormMixin
from apps.gateway.choices import EnquiryDirection, Outcome
from apps.matching.presentation import choice_label
from apps.reference.models import SupportService
from apps.referrals.choices import LiveInvestigationCheck


class MatchDecisionForm(GovukForm):
    submit_label = "Record decision"
    choice = forms.ChoiceField(
        label="Who is this referral about?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the person, or that this is someone new"},
    )
    reason = forms.CharField(
        label="Reason for your decision",
        help_text="For example, which details agree and which differ",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for your decision"},
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(c.id, choice_label(c)) for c in candidates if c.kind == "person" and c.visible]
        choices.append(("new", "None of these: create a new person from the referral"))
        self.fields["choice"].choices = choices


class LiveInvestigationForm(GovukForm):
    submit_label = "Record check"
    result = forms.ChoiceField(
        label="Result of the check against live counter-terrorism investigations",
        choices=[
            (LiveInvestigationCheck.NO_TRACE, LiveInvestigationCheck.NO_TRACE.label),
            (LiveInvestigationCheck.TRACE, LiveInvestigationCheck.TRACE.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the result of the check"},
    )
    sio = forms.ModelChoiceField(
        label="SIO consulted (for a trace)",
        queryset=User.objects.none(),
        required=False,
    )
    supervisor = forms.ModelChoiceField(
        label="Supervisor the SIO named (for a trace)",
        help_text="A trace restricts the referral, the person and the person's other open "
        "referrals and cases to the SIO, this supervisor and you. The supervisor signs off "
        "the Gateway decision",
        queryset=User.objects.none(),
        required=False,
    )
    note = forms.CharField(
        label="Note (reference only: no investigation detail)",
        max_length=500,
        required=False,
    )

    def __init__(self, *args, team=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sio"].queryset = User.objects.filter(role__code="sio", is_active=True)
        self.fields["supervisor"].queryset = User.objects.filter(
            role__code="supervisor", is_active=True, team=team
        )
        for name in ("sio", "supervisor"):
            self.fields[name].label_from_instance = lambda user: user.display_name


class DecisionForm(OneTimeFormMixin, GovukForm):
    submit_label = "Send for sign-off"
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select an outcome"},
    )
    support_service = forms.ModelChoiceField(
        label="Service signposted to",
        queryset=SupportService.objects.filter(is_active=True),
        required=False,
        help_text="Only for 'Signposted to other support'",
    )
    threshold_met = forms.TypedChoiceField(
        label="Are there reasonable grounds to believe the person is vulnerable to being "
        "drawn into terrorism?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the threshold is met"},
    )
    rationale = forms.CharField(
        label="Rationale",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Explain the reasons for this decision"},
    )
    history_considered = forms.BooleanField(
        label="I have considered the earlier referrals and their outcomes", required=False
    )


class SignOffForm(GovukForm):
    submit_label = "Record sign-off"
    approve = forms.TypedChoiceField(
        label="Do you agree this decision?",
        choices=[("yes", "Yes, sign it off"), ("no", "No, return it for more work")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you agree the decision"},
    )
    comment = forms.CharField(
        label="Comment",
        help_text="Required when you return it",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class EnquiryForm(OneTimeFormMixin, GovukForm):
    submit_label = "Save enquiry"
    direction = forms.ChoiceField(
        label="Type of enquiry", choices=EnquiryDirection.choices, widget=forms.RadioSelect
    )
    received_at = forms.DateTimeField(
        label="Received",
        help_text="For example, 2026-11-20 14:30",
        input_formats=["%Y-%m-%d %H:%M"],
    )
    enquirer = forms.CharField(label="Who asked", max_length=150)
    organisation = forms.CharField(label="Organisation", max_length=200, required=False)
    subject = forms.CharField(label="Subject", max_length=200)
    detail = forms.CharField(
        label="Detail", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    response = forms.CharField(
        label="Response given", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
