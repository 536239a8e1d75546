"""Forms for Cyber Prevent enquiries and campaigns: GOV.UK markup, dates as day, month and
year boxes, every required message naming its field. Nothing asks for the young person's
name or date of birth: the enquiry is anonymous (ADR 0028)."""

from django import forms
from django.utils import timezone

from apps.accounts.models import User
from apps.core.concurrency import VersionedFormMixin
from apps.core.forms import GovukDateField, GovukForm, OneTimeFormMixin
from apps.cyber_enquiries.choices import (
    ActUnderstanding,
    AutismStatus,
    ContactMethod,
    SkillLevel,
    SuitabilityOutcome,
    YesNoUnknown,
)
from apps.cyber_enquiries.models import (
    AgeBand,
    CampaignResource,
    CodingLanguage,
    CyberInterest,
    Device,
    EnquirerType,
    ForceArea,
    OnlinePlatform,
    OperatingSystem,
    SignpostingService,
)
from apps.geography.models import LocalAuthority
from apps.partners.selectors import organisation_list
from apps.referrals.choices import Awareness, ReferralChannel
from apps.referrals.validation import TEXT_MAX_LENGTH

CHECKBOXES = forms.CheckboxSelectMultiple
RADIOS = forms.RadioSelect


def _active(model):
    return model.objects.filter(is_active=True)


class _UserForm(GovukForm):
    """A form whose choices depend on who is filling it in (the organisations they see)."""

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)


class EnquiryFields(_UserForm):
    submit_label = "Save enquiry"

    received_on = GovukDateField(
        label="Date received", past=True, help_text="For example, 14 3 2026"
    )
    enquirer_type = forms.ModelChoiceField(
        label="Who is asking",
        queryset=_active(EnquirerType),
        widget=RADIOS,
        error_messages={"required": "Select who is asking"},
    )
    enquirer_organisation = forms.ModelChoiceField(
        label="Their organisation, from the partners directory (optional)",
        queryset=None,
        required=False,
        empty_label="Not in the directory, or not an organisation",
    )
    enquirer_organisation_name = forms.CharField(
        label="Their organisation, if it is not in the directory (optional)",
        max_length=200,
        required=False,
    )
    contact_method = forms.ChoiceField(
        label="How they contacted us",
        choices=ContactMethod.choices,
        widget=RADIOS,
        error_messages={"required": "Select how they contacted us"},
    )
    enquirer_contact = forms.CharField(
        label="How to reply to the enquirer (optional)",
        max_length=300,
        required=False,
        help_text="Their role and an e-mail address or phone number. Never the young "
        "person's name or details.",
    )
    age_band = forms.ModelChoiceField(
        label="The young person's age",
        queryset=_active(AgeBand),
        widget=RADIOS,
        error_messages={"required": "Select the young person's age"},
    )
    local_authority = forms.ModelChoiceField(
        label="Local authority (optional)",
        queryset=LocalAuthority.objects.all(),
        required=False,
        empty_label="Not known",
    )
    force_area = forms.ModelChoiceField(
        label="Police force area (optional)",
        queryset=_active(ForceArea),
        required=False,
        empty_label="Not known",
    )
    concern = forms.CharField(
        label="The concern, in the enquirer's words",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=TEXT_MAX_LENGTH,
        error_messages={"required": "Enter the concern"},
    )
    interests = forms.ModelMultipleChoiceField(
        label="Interests (optional)",
        queryset=_active(CyberInterest),
        widget=CHECKBOXES,
        required=False,
    )
    interests_detail = forms.CharField(
        label="More about their interests (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX_LENGTH,
        required=False,
    )
    skill_level = forms.ChoiceField(
        label="How they rate their own skill",
        choices=SkillLevel.choices,
        widget=RADIOS,
        initial=SkillLevel.NOT_KNOWN,
    )
    coding_languages = forms.ModelMultipleChoiceField(
        label="Coding languages (optional)",
        queryset=_active(CodingLanguage),
        widget=CHECKBOXES,
        required=False,
    )
    things_built = forms.CharField(
        label="What they have built (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX_LENGTH,
        required=False,
    )
    devices = forms.ModelMultipleChoiceField(
        label="Devices (optional)", queryset=_active(Device), widget=CHECKBOXES, required=False
    )
    operating_systems = forms.ModelMultipleChoiceField(
        label="Operating systems (optional)",
        queryset=_active(OperatingSystem),
        widget=CHECKBOXES,
        required=False,
    )
    vpn_use = forms.ChoiceField(
        label="Do they use a VPN?",
        choices=YesNoUnknown.choices,
        widget=RADIOS,
        initial=YesNoUnknown.NOT_KNOWN,
    )
    platforms = forms.ModelMultipleChoiceField(
        label="Forums and platforms (optional)",
        queryset=_active(OnlinePlatform),
        widget=CHECKBOXES,
        required=False,
    )
    platforms_detail = forms.CharField(
        label="More about forums and platforms (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX_LENGTH,
        required=False,
    )
    usernames_offered = forms.BooleanField(
        label="The enquirer offered the young person's usernames",
        required=False,
        help_text="Do not ask for usernames: record them only if the enquirer offers them.",
    )
    usernames = forms.CharField(
        label="Usernames offered (optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
    act_understanding = forms.ChoiceField(
        label="Their understanding of the Computer Misuse Act",
        choices=ActUnderstanding.choices,
        widget=RADIOS,
        initial=ActUnderstanding.NOT_KNOWN,
    )
    autism = forms.ChoiceField(
        label="Autism diagnosis or self-identification",
        choices=AutismStatus.choices,
        widget=RADIOS,
        initial=AutismStatus.NOT_KNOWN,
    )
    other_needs = forms.CharField(
        label="Other needs (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX_LENGTH,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enquirer_organisation"].queryset = organisation_list(user=self.user).filter(
            is_closed=False
        )
        if not self.is_bound and not self.initial.get("received_on"):
            self.initial["received_on"] = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("usernames") and not cleaned.get("usernames_offered"):
            self.add_error(
                "usernames",
                "Only record usernames the enquirer offered: tick that they were offered",
            )
        return cleaned


class EnquiryCreateForm(OneTimeFormMixin, EnquiryFields):
    submit_label = "Record enquiry"


class EnquiryEditForm(VersionedFormMixin, EnquiryFields):
    pass


class DecisionForm(GovukForm):
    submit_label = "Record decision"
    outcome = forms.ChoiceField(
        label="Is this a Cyber Choices case?",
        choices=SuitabilityOutcome.choices,
        widget=RADIOS,
        error_messages={"required": "Select whether the enquiry is suitable"},
    )
    rationale = forms.CharField(
        label="Reasons for the decision",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=TEXT_MAX_LENGTH,
        error_messages={"required": "Enter the reasons for the decision"},
    )
    signposted_to = forms.ModelChoiceField(
        label="If not suitable: signposted to",
        queryset=_active(SignpostingService),
        required=False,
        empty_label="Select where",
    )
    information_needed = forms.CharField(
        label="If more information is needed: what to ask the enquirer for",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX_LENGTH,
        required=False,
    )


class ConversionForm(OneTimeFormMixin, GovukForm):
    """The full referral the enquirer sent: what the enquiry did not have (the name).

    The field names are the referral form's (referrals.validation.ReferralDataForm), so the
    intake's own checks report against these boxes.
    """

    submit_label = "Create the referral and start de-confliction"

    date_received = GovukDateField(label="Date the full referral was received", past=True)
    channel = forms.ChoiceField(
        label="How it was received",
        choices=ReferralChannel.choices,
        widget=RADIOS,
        error_messages={"required": "Select how the referral was received"},
    )
    given_name = forms.CharField(
        label="Given name",
        max_length=100,
        error_messages={"required": "Enter the person's given name"},
    )
    family_name = forms.CharField(
        label="Family name",
        max_length=100,
        error_messages={"required": "Enter the person's family name"},
    )
    date_of_birth = GovukDateField(label="Date of birth (optional)", past=True, required=False)
    address_line_1 = forms.CharField(
        label="Address line 1 (optional)", max_length=150, required=False
    )
    town = forms.CharField(label="Town or city (optional)", max_length=100, required=False)
    postcode = forms.CharField(label="Postcode (optional)", max_length=20, required=False)
    school_or_workplace = forms.CharField(
        label="School, college or workplace (optional)", max_length=200, required=False
    )
    referrer_name = forms.CharField(
        label="Referrer's name",
        max_length=150,
        error_messages={"required": "Enter the referrer's name"},
    )
    referrer_organisation = forms.CharField(
        label="Referrer's organisation (optional)", max_length=200, required=False
    )
    referrer_email = forms.EmailField(label="Referrer's e-mail address (optional)", required=False)
    sector = forms.ChoiceField(label="Referrer's sector", choices=(), widget=RADIOS)
    concern = forms.CharField(
        label="The concern, as the full referral gives it",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=TEXT_MAX_LENGTH,
        error_messages={"required": "Enter the concern"},
    )
    concern_type = forms.ChoiceField(label="Type of concern", choices=(), widget=RADIOS)
    person_aware = forms.ChoiceField(
        label="Does the person know about the referral?",
        choices=Awareness.choices,
        widget=RADIOS,
    )
    parents_aware = forms.ChoiceField(
        label="Do their parents or carers know?", choices=Awareness.choices, widget=RADIOS
    )

    def __init__(self, *args, sectors, concern_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = sectors
        self.fields["concern_type"].choices = concern_types


class CampaignFields(_UserForm):
    submit_label = "Save campaign activity"

    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter a title"}
    )
    held_on = GovukDateField(label="Date", help_text="For example, 14 3 2026")
    organisations = forms.ModelMultipleChoiceField(
        label="Schools and partners (optional)", queryset=None, required=False
    )
    local_authority = forms.ModelChoiceField(
        label="Local authority (optional)",
        queryset=LocalAuthority.objects.all(),
        required=False,
        empty_label="Force-wide",
    )
    description = forms.CharField(
        label="What was done (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_MAX_LENGTH,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisation_list(user=self.user).filter(
            is_closed=False
        )
        self.resource_fields = {}
        for resource in _active(CampaignResource):
            name = f"resource_{resource.code}"
            self.fields[name] = forms.IntegerField(
                label=f"{resource.name}: how many given out (optional)",
                min_value=0,
                max_value=1_000_000,
                required=False,
                error_messages={
                    "invalid": f"Enter how many of '{resource.name}' as a whole number",
                    "min_value": f"How many of '{resource.name}' must be 0 or more",
                    "max_value": f"How many of '{resource.name}' must be 1,000,000 or fewer",
                },
            )
            self.resource_fields[name] = resource

    def resources(self) -> dict:
        return {
            resource: self.cleaned_data.get(name) or 0
            for name, resource in self.resource_fields.items()
        }


class CampaignCreateForm(OneTimeFormMixin, CampaignFields):
    submit_label = "Record campaign activity"


class CampaignEditForm(VersionedFormMixin, CampaignFields):
    pass
