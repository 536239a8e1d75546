"""Forms of the partners directory: GOV.UK markup, dates as day, month and year boxes.

Create forms carry the one-time token (`...CreateForm`); edit forms carry the version and a
signed snapshot of what they started from (core.concurrency, ADR 0019), so a colleague's
change in between is merged field by field, never silently overwritten.
"""

from django import forms

from apps.accounts.models import Team, User
from apps.core.concurrency import VersionedFormMixin
from apps.core.forms import GovukDateField, GovukForm, OneTimeFormMixin
from apps.core.postcodes import normalise_postcode
from apps.geography.models import LSOA, LocalAuthority
from apps.partners import selectors
from apps.partners.choices import (
    BriefingStatus,
    CheckKind,
    CheckOutcome,
    EngagementKind,
    NetworkKind,
    ProviderStatus,
    VettingLevel,
)
from apps.partners.models import (
    AgeGroup,
    ContactRole,
    Language,
    PartnerSector,
    ProviderSpecialism,
    SessionType,
)

CHECKBOXES = forms.CheckboxSelectMultiple


def _officers(user: User):
    """Officers an agreement or provider can belong to: active users of the user's team."""
    return User.objects.filter(is_active=True, team_id=user.team_id).order_by(
        "last_name", "first_name"
    )


class _UserLabel(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


class _UsersLabel(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


class ContactChoices(forms.ModelMultipleChoiceField):
    """Contacts to choose from, by name: the page records them as consulted."""

    def label_from_instance(self, obj) -> str:
        where = f", {obj.organisation.name}" if obj.organisation_id else ""
        return f"{obj.full_name} ({obj.role.name}{where})"


class DirectoryForm(GovukForm):
    """A form whose choices depend on who is filling it in (`user`)."""

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)


# --- Organisations and contacts -------------------------------------------------------------


class OrganisationFields(DirectoryForm):
    submit_label = "Save organisation"
    name = forms.CharField(label="Name", max_length=200)
    sector = forms.ModelChoiceField(
        label="Sector", queryset=PartnerSector.objects.filter(is_active=True)
    )
    street = forms.CharField(label="Street", max_length=200, required=False)
    town = forms.CharField(label="Town or city", max_length=100, required=False)
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    local_authority = forms.ModelChoiceField(
        label="Local authority", queryset=LocalAuthority.objects.all(), required=False
    )
    lsoa_code = forms.CharField(
        label="LSOA code",
        max_length=9,
        required=False,
        help_text="For example, E01016353. Sets the local authority too.",
    )
    urn = forms.IntegerField(label="URN (schools)", min_value=1, required=False)
    ukprn = forms.RegexField(
        label="UKPRN (colleges and universities)",
        regex=r"^\d{8}$",
        required=False,
        error_messages={"invalid": "UKPRN must be 8 digits"},
    )
    charity_number = forms.CharField(label="Charity number", max_length=20, required=False)

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"]
        return normalise_postcode(value) if value.strip() else ""

    def clean(self):
        cleaned = super().clean()
        code = (cleaned.pop("lsoa_code", "") or "").strip().upper()
        cleaned["lsoa"] = None
        if code:
            lsoa = LSOA.objects.select_related("local_authority").filter(code=code).first()
            if lsoa is None:
                self.add_error("lsoa_code", "LSOA code must be a Thames Valley LSOA")
            else:
                cleaned["lsoa"] = lsoa
                cleaned["local_authority"] = lsoa.local_authority
        return cleaned


class OrganisationCreateForm(OneTimeFormMixin, OrganisationFields):
    submit_label = "Add organisation"


class OrganisationEditForm(VersionedFormMixin, OrganisationFields):
    submit_label = "Save changes"


class ContactFields(DirectoryForm):
    submit_label = "Save contact"
    given_name = forms.CharField(label="Given name", max_length=100)
    family_name = forms.CharField(label="Family name", max_length=100)
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=None,
        required=False,
        help_text="Leave blank for someone not attached to an organisation",
    )
    role = forms.ModelChoiceField(label="Role", queryset=ContactRole.objects.filter(is_active=True))
    job_title = forms.CharField(label="Job title", max_length=150, required=False)
    phone = forms.CharField(label="Phone number", max_length=30, required=False)
    email = forms.EmailField(label="Email address", required=False)
    vetting_level = forms.ChoiceField(label="Vetting level", choices=VettingLevel.choices)
    vetting_expires_on = GovukDateField(
        label="Vetting expiry date", required=False, help_text="For example, 31 3 2028"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = selectors.organisation_list(user=self.user)

    def clean(self):
        cleaned = super().clean()
        vetted = cleaned.get("vetting_level") not in (None, VettingLevel.NONE)
        if vetted and not cleaned.get("vetting_expires_on") and "vetting_expires_on" in self.fields:
            self.add_error("vetting_expires_on", "Enter the vetting expiry date")
        if not vetted:
            cleaned["vetting_expires_on"] = None
        return cleaned


class ContactCreateForm(OneTimeFormMixin, ContactFields):
    submit_label = "Add contact"


class ContactEditForm(VersionedFormMixin, ContactFields):
    submit_label = "Save changes"


class AgreementForm(OneTimeFormMixin, DirectoryForm):
    submit_label = "Add agreement"
    title = forms.CharField(label="Title", max_length=200)
    owner = _UserLabel(label="Owning officer", queryset=None)
    signed_on = GovukDateField(label="Date signed", help_text="For example, 1 4 2026")
    review_on = GovukDateField(label="Review date")
    expires_on = GovukDateField(label="Expiry date")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _officers(self.user)


# --- Providers ------------------------------------------------------------------------------


class ProviderFields(DirectoryForm):
    name = forms.CharField(label="Name", max_length=200)
    description = forms.CharField(
        label="What they offer", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    specialisms = forms.ModelMultipleChoiceField(
        label="Specialisms", queryset=ProviderSpecialism.objects.all(), widget=CHECKBOXES
    )
    languages = forms.ModelMultipleChoiceField(
        label="Languages", queryset=Language.objects.all(), widget=CHECKBOXES, required=False
    )
    age_groups = forms.ModelMultipleChoiceField(
        label="Age groups", queryset=AgeGroup.objects.all(), widget=CHECKBOXES, required=False
    )
    areas = forms.ModelMultipleChoiceField(
        label="Areas covered", queryset=LocalAuthority.objects.all(), widget=CHECKBOXES
    )
    status = forms.ChoiceField(label="Status", choices=ProviderStatus.choices)
    capacity = forms.IntegerField(
        label="Capacity",
        min_value=0,
        max_value=1000,
        help_text="How many people they can support at once",
    )
    owner = _UserLabel(
        label="Managing officer",
        queryset=None,
        required=False,
        help_text="Gets the reminder 30 days before an approval expires",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _officers(self.user)


class ProviderCreateForm(OneTimeFormMixin, ProviderFields):
    submit_label = "Add provider"


class ProviderEditForm(VersionedFormMixin, ProviderFields):
    submit_label = "Save changes"


class ProviderCheckForm(OneTimeFormMixin, GovukForm):
    submit_label = "Record check"
    kind = forms.ChoiceField(label="Type of check", choices=CheckKind.choices)
    checked_on = GovukDateField(label="Date of the check")
    outcome = forms.ChoiceField(label="Outcome", choices=CheckOutcome.choices)
    expires_on = GovukDateField(label="Expiry date")
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ProviderPickerForm(GovukForm):
    """The picker's questions, as the support-plan page will ask them."""

    submit_label = "Find providers"
    area = forms.ModelChoiceField(
        label="Local authority", queryset=LocalAuthority.objects.all(), required=False
    )
    needs = forms.ModelMultipleChoiceField(
        label="Needs", queryset=ProviderSpecialism.objects.all(), widget=CHECKBOXES, required=False
    )
    language = forms.ModelChoiceField(
        label="Language", queryset=Language.objects.all(), required=False, to_field_name="code"
    )
    age_group = forms.ModelChoiceField(
        label="Age group", queryset=AgeGroup.objects.all(), required=False, to_field_name="code"
    )


# --- Engagement, networks, briefings --------------------------------------------------------


class EngagementFields(DirectoryForm):
    kind = forms.ChoiceField(label="Type", choices=EngagementKind.choices, widget=forms.RadioSelect)
    held_on = GovukDateField(label="Date", help_text="For example, 14 3 2026")
    organisations = forms.ModelMultipleChoiceField(
        label="Organisations", queryset=None, widget=CHECKBOXES, required=False
    )
    contacts = ContactChoices(label="Contacts", queryset=None, widget=CHECKBOXES, required=False)
    purpose = forms.CharField(label="Purpose", widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.CharField(
        label="Outcome", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    follow_up = forms.CharField(
        label="Follow-up", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    follow_up_due = GovukDateField(
        label="Follow-up due",
        required=False,
        help_text="A follow-up with a due date becomes a task for you",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = selectors.organisation_list(user=self.user)
        self.fields["contacts"].queryset = selectors.contact_list(user=self.user)


class EngagementCreateForm(OneTimeFormMixin, EngagementFields):
    submit_label = "Record engagement"


class EngagementEditForm(VersionedFormMixin, EngagementFields):
    submit_label = "Save changes"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A follow-up's task is set when the engagement is recorded; it is changed on the task.
        del self.fields["follow_up_due"]


class NetworkFields(DirectoryForm):
    kind = forms.ChoiceField(label="Type", choices=NetworkKind.choices, widget=forms.RadioSelect)
    name = forms.CharField(label="Name", max_length=200)
    local_authority = forms.ModelChoiceField(
        label="Local authority", queryset=LocalAuthority.objects.all(), required=False
    )
    description = forms.CharField(
        label="Description", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    members = ContactChoices(label="Members", queryset=None, widget=CHECKBOXES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = selectors.contact_list(user=self.user)


class NetworkCreateForm(OneTimeFormMixin, NetworkFields):
    submit_label = "Add group"


class NetworkEditForm(VersionedFormMixin, NetworkFields):
    submit_label = "Save changes"


class NetworkMeetingForm(OneTimeFormMixin, GovukForm):
    submit_label = "Add meeting"
    held_on = GovukDateField(label="Date of the meeting")
    summary = forms.CharField(label="What was discussed", widget=forms.Textarea(attrs={"rows": 3}))
    advice = forms.CharField(
        label="Advice given", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class BriefingFields(DirectoryForm):
    title = forms.CharField(label="Title", max_length=200)
    session_type = forms.ModelChoiceField(
        label="Type of session", queryset=SessionType.objects.filter(is_active=True)
    )
    status = forms.ChoiceField(label="Status", choices=BriefingStatus.choices)
    held_on = GovukDateField(label="Date", help_text="For example, 14 3 2026")
    local_authority = forms.ModelChoiceField(
        label="Local authority", queryset=LocalAuthority.objects.all(), required=False
    )
    audience_sector = forms.ModelChoiceField(
        label="Audience sector", queryset=PartnerSector.objects.all(), required=False
    )
    organisations = forms.ModelMultipleChoiceField(
        label="Organisations attending", queryset=None, widget=CHECKBOXES, required=False
    )
    teams = forms.ModelMultipleChoiceField(
        label="Teams attending",
        queryset=Team.objects.filter(is_active=True),
        widget=CHECKBOXES,
        required=False,
        help_text="Including neighbourhood policing teams",
    )
    attendees = ContactChoices(
        label="Named partner attendees", queryset=None, widget=CHECKBOXES, required=False
    )
    staff_attendees = _UsersLabel(
        label="Named police staff attending", queryset=None, widget=CHECKBOXES, required=False
    )
    attendance = forms.IntegerField(label="Number attending", min_value=0, max_value=100000)
    materials = forms.CharField(
        label="Materials used", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    feedback_score = forms.DecimalField(
        label="Average feedback score",
        min_value=1,
        max_value=5,
        decimal_places=1,
        required=False,
        help_text="From 1 (poor) to 5 (excellent)",
    )
    feedback_comments = forms.CharField(
        label="Feedback comments", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    follow_up = forms.CharField(
        label="Follow-up", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = selectors.organisation_list(user=self.user)
        self.fields["attendees"].queryset = selectors.contact_list(user=self.user)
        self.fields["staff_attendees"].queryset = _officers(self.user)


class BriefingCreateForm(OneTimeFormMixin, BriefingFields):
    submit_label = "Add session"


class BriefingEditForm(VersionedFormMixin, BriefingFields):
    submit_label = "Save changes"
