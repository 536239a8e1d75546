"""Partners API shapes. Contacts' names, phones and e-mails appear only in PartnerContactSerializer,
which only roles with `partners.view_contact` can reach; other shapes carry counts."""

from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from apps.accounts.models import Team, User
from apps.core.api import SlugRelatedField
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
    Briefing,
    Contact,
    ContactRole,
    Engagement,
    InformationSharingAgreement,
    Language,
    Network,
    NetworkMeeting,
    Organisation,
    PartnerSector,
    Provider,
    ProviderCheck,
    ProviderSpecialism,
    SessionType,
)


class OrganisationSerializer(serializers.ModelSerializer):
    sector = serializers.CharField(source="sector.name")
    local_authority = serializers.CharField(
        source="local_authority.name", default=None, allow_null=True
    )
    lsoa = serializers.CharField(source="lsoa.code", default=None, allow_null=True)
    source = serializers.CharField(source="get_source_display")

    class Meta:
        model = Organisation
        fields = [
            "id",
            "reference",
            "name",
            "sector",
            "street",
            "town",
            "postcode",
            "lsoa",
            "local_authority",
            "urn",
            "ukprn",
            "charity_number",
            "establishment_type",
            "phase",
            "is_closed",
            "source",
        ]


class BriefingAttendedSerializer(serializers.ModelSerializer):
    session_type = serializers.CharField(source="session_type.name")

    class Meta:
        model = Briefing
        fields = ["id", "reference", "held_on", "session_type", "title", "status"]


class PartnerContactSerializer(serializers.ModelSerializer):
    role = serializers.CharField(source="role.name")
    organisation = serializers.CharField(
        source="organisation.reference", default=None, allow_null=True
    )
    vetting_level_label = serializers.CharField(source="get_vetting_level_display")

    class Meta:
        model = Contact
        fields = [
            "id",
            "reference",
            "given_name",
            "family_name",
            "organisation",
            "role",
            "job_title",
            "phone",
            "email",
            "vetting_level",
            "vetting_level_label",
            "vetting_expires_on",
        ]


class PartnerContactDetailSerializer(PartnerContactSerializer):
    briefings = serializers.SerializerMethodField(
        help_text="Sessions the contact attended, latest first: has this person been trained?"
    )

    class Meta(PartnerContactSerializer.Meta):
        fields = [*PartnerContactSerializer.Meta.fields, "briefings"]

    def get_briefings(self, contact) -> list[dict]:
        return BriefingAttendedSerializer(self.context.get("briefings", []), many=True).data


class ProviderSerializer(serializers.ModelSerializer):
    specialisms = SlugRelatedField(slug_field="code", many=True, read_only=True)
    languages = SlugRelatedField(slug_field="code", many=True, read_only=True)
    age_groups = SlugRelatedField(slug_field="code", many=True, read_only=True)
    areas = SlugRelatedField(slug_field="code", many=True, read_only=True)
    check_outcome = serializers.CharField(
        default=None, allow_null=True, help_text="The latest check's outcome"
    )
    check_expires_on = serializers.DateField(
        default=None, allow_null=True, help_text="When the latest check expires"
    )
    current_allocations = serializers.IntegerField(
        default=0, help_text="People the provider supports now"
    )

    class Meta:
        model = Provider
        fields = [
            "id",
            "reference",
            "name",
            "description",
            "status",
            "capacity",
            "current_allocations",
            "specialisms",
            "languages",
            "age_groups",
            "areas",
            "check_outcome",
            "check_expires_on",
        ]


class NetworkSerializer(serializers.ModelSerializer):
    local_authority = serializers.CharField(
        source="local_authority.name", default=None, allow_null=True
    )
    member_count = serializers.IntegerField()
    meeting_count = serializers.IntegerField()

    class Meta:
        model = Network
        fields = [
            "id",
            "reference",
            "kind",
            "name",
            "local_authority",
            "description",
            "member_count",
            "meeting_count",
        ]


class BriefingSerializer(serializers.ModelSerializer):
    session_type = serializers.CharField(source="session_type.name")
    local_authority = serializers.CharField(
        source="local_authority.name", default=None, allow_null=True
    )
    audience_sector = serializers.CharField(
        source="audience_sector.name", default=None, allow_null=True
    )
    organisations = SlugRelatedField(slug_field="reference", many=True, read_only=True)
    named_attendees = serializers.IntegerField(
        source="attendees.count", help_text="How many partner attendees are named (not who)"
    )

    class Meta:
        model = Briefing
        fields = [
            "id",
            "reference",
            "title",
            "session_type",
            "status",
            "held_on",
            "local_authority",
            "audience_sector",
            "organisations",
            "attendance",
            "named_attendees",
            "feedback_score",
        ]


class EngagementSerializer(serializers.ModelSerializer):
    organisations = SlugRelatedField(slug_field="reference", many=True, read_only=True)

    class Meta:
        model = Engagement
        fields = [
            "id",
            "reference",
            "kind",
            "held_on",
            "organisations",
            "purpose",
            "outcome",
            "follow_up",
            "follow_up_due",
        ]


class CoverageSerializer(serializers.Serializer):
    local_authority = serializers.CharField()
    total = serializers.IntegerField(help_text="Open organisations")
    covered = serializers.IntegerField(help_text="Had a delivered session in the period")
    not_covered = serializers.IntegerField()
    percent = serializers.IntegerField()


class CoverageReportSerializer(serializers.Serializer):
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    by_local_authority = CoverageSerializer(many=True)


# --- Writes: the fields the pages' forms take, other records named by reference or code ------


class _Visible(SlugRelatedField):
    """A directory record named by its reference, among those the caller may see (else 400)."""

    def __init__(self, selector, model, **kwargs):
        self.selector = selector
        # The model, for the schema; the choices are the caller's (get_queryset).
        super().__init__(slug_field="reference", queryset=model.objects.none(), **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return self.queryset
        return self.selector(user=request.user)


class _Code(SlugRelatedField):
    """Reference data (or a local authority, an LSOA) named by its code."""

    def __init__(self, queryset, **kwargs):
        super().__init__(slug_field="code", queryset=queryset, **kwargs)


class _Username(SlugRelatedField):
    """A user named by username: an active officer of the caller's team (as the pages offer)."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="username", queryset=User.objects.none(), **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None or request.user.team_id is None:
            return self.queryset
        return User.objects.filter(is_active=True, team_id=request.user.team_id)


def _organisations(**kwargs) -> _Visible:
    return _Visible(selectors.organisation_list, Organisation, **kwargs)


def _contacts(**kwargs) -> _Visible:
    return _Visible(selectors.contact_list, Contact, **kwargs)


class OrganisationWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    sector = _Code(PartnerSector.objects.filter(is_active=True), help_text="A sector's code")
    street = serializers.CharField(max_length=200, required=False, allow_blank=True)
    town = serializers.CharField(max_length=100, required=False, allow_blank=True)
    postcode = serializers.CharField(max_length=10, required=False, allow_blank=True)
    local_authority = _Code(
        LocalAuthority.objects.all(),
        required=False,
        allow_null=True,
        help_text="The local authority's ONS code (set from the LSOA when one is given)",
    )
    lsoa = _Code(
        LSOA.objects.select_related("local_authority"),
        required=False,
        allow_null=True,
        help_text="A Thames Valley LSOA code, for example E01016353",
    )
    urn = serializers.IntegerField(
        min_value=1, max_value=2_147_483_647, required=False, allow_null=True
    )
    ukprn = serializers.RegexField(
        r"^\d{8}$",
        required=False,
        allow_blank=True,
        error_messages={"invalid": "UKPRN must be 8 digits"},
    )
    charity_number = serializers.CharField(max_length=20, required=False, allow_blank=True)

    def validate_postcode(self, value: str) -> str:
        if not value.strip():
            return ""
        try:
            return normalise_postcode(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error

    def validate(self, data: dict) -> dict:
        if data.get("lsoa") is not None:
            data["local_authority"] = data["lsoa"].local_authority
        return data


class PartnerContactWriteSerializer(serializers.Serializer):
    given_name = serializers.CharField(max_length=100)
    family_name = serializers.CharField(max_length=100)
    organisation = _organisations(
        required=False,
        allow_null=True,
        help_text="The organisation's reference; null for someone not attached to one",
    )
    role = _Code(ContactRole.objects.filter(is_active=True), help_text="A contact role's code")
    job_title = serializers.CharField(max_length=150, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    vetting_level = serializers.ChoiceField(choices=VettingLevel.choices, required=False)
    vetting_expires_on = serializers.DateField(required=False, allow_null=True)

    def validate(self, data: dict) -> dict:
        level = data.get("vetting_level", getattr(self.instance, "vetting_level", None))
        if level not in (None, VettingLevel.NONE):
            expires = data.get(
                "vetting_expires_on", getattr(self.instance, "vetting_expires_on", None)
            )
            if not expires:
                raise serializers.ValidationError(
                    {"vetting_expires_on": ["Enter the vetting expiry date"]}
                )
        elif "vetting_level" in data:
            data["vetting_expires_on"] = None
        return data


class AgreementSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.reference", read_only=True)
    owner = serializers.CharField(source="owner.username", read_only=True)

    class Meta:
        model = InformationSharingAgreement
        fields = ["id", "organisation", "title", "owner", "signed_on", "review_on", "expires_on"]
        read_only_fields = fields


class AgreementCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    owner = _Username(help_text="The owning officer's username (reminded 30 days before expiry)")
    signed_on = serializers.DateField()
    review_on = serializers.DateField()
    expires_on = serializers.DateField()


class ProviderWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    specialisms = _Code(
        ProviderSpecialism.objects.all(), many=True, help_text="Specialism codes (one or more)"
    )
    languages = _Code(Language.objects.all(), many=True, required=False)
    age_groups = _Code(AgeGroup.objects.all(), many=True, required=False)
    areas = _Code(
        LocalAuthority.objects.all(), many=True, help_text="ONS codes of the areas covered"
    )
    status = serializers.ChoiceField(choices=ProviderStatus.choices, required=False)
    capacity = serializers.IntegerField(min_value=0, max_value=1000)
    owner = _Username(
        required=False,
        allow_null=True,
        help_text="The managing officer's username (reminded before an approval expires)",
    )


class ProviderCheckSerializer(serializers.ModelSerializer):
    provider = serializers.CharField(source="provider.reference", read_only=True)
    reviewer = serializers.CharField(source="reviewer.username", read_only=True)

    class Meta:
        model = ProviderCheck
        fields = [
            "id",
            "provider",
            "kind",
            "checked_on",
            "outcome",
            "expires_on",
            "notes",
            "reviewer",
        ]
        read_only_fields = fields


class ProviderCheckCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CheckKind.choices)
    checked_on = serializers.DateField()
    outcome = serializers.ChoiceField(choices=CheckOutcome.choices)
    expires_on = serializers.DateField()
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class NetworkWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=NetworkKind.choices)
    name = serializers.CharField(max_length=200)
    local_authority = _Code(LocalAuthority.objects.all(), required=False, allow_null=True)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    members = _contacts(
        many=True,
        required=False,
        help_text="Contacts' references (officers only: analysts never name contacts)",
    )


class NetworkMeetingSerializer(serializers.ModelSerializer):
    network = serializers.CharField(source="network.reference", read_only=True)

    class Meta:
        model = NetworkMeeting
        fields = ["id", "network", "held_on", "summary", "advice"]
        read_only_fields = fields


class NetworkMeetingCreateSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    summary = serializers.CharField(max_length=5000)
    advice = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class BriefingWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    session_type = _Code(SessionType.objects.filter(is_active=True))
    status = serializers.ChoiceField(choices=BriefingStatus.choices, required=False)
    held_on = serializers.DateField()
    local_authority = _Code(LocalAuthority.objects.all(), required=False, allow_null=True)
    audience_sector = _Code(PartnerSector.objects.all(), required=False, allow_null=True)
    organisations = _organisations(many=True, required=False, help_text="References")
    teams = SlugRelatedField(
        slug_field="name",
        queryset=Team.objects.filter(is_active=True),
        many=True,
        required=False,
        help_text="Names of the teams attending (neighbourhood policing teams too)",
    )
    attendees = _contacts(
        many=True,
        required=False,
        help_text="Named partner attendees: contacts' references",
    )
    staff_attendees = _Username(
        many=True, required=False, help_text="Named police staff attending: usernames"
    )
    deliverers = _Username(
        many=True, required=False, help_text="Usernames (you, when none are given)"
    )
    attendance = serializers.IntegerField(min_value=0, max_value=100000)
    materials = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    feedback_score = serializers.DecimalField(
        max_digits=2,
        decimal_places=1,
        min_value=Decimal(1),
        max_value=Decimal(5),
        required=False,
        allow_null=True,
    )
    feedback_comments = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    follow_up = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class EngagementWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EngagementKind.choices)
    held_on = serializers.DateField()
    organisations = _organisations(many=True, required=False, help_text="References")
    contacts = _contacts(many=True, required=False, help_text="References")
    officers = _Username(many=True, required=False, help_text="Usernames (you, when none)")
    purpose = serializers.CharField(max_length=5000)
    outcome = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    follow_up = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class EngagementCreateSerializer(EngagementWriteSerializer):
    follow_up_due = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="A follow-up with a due date becomes a task for you",
    )


# What PATCH and PUT take: the same fields, each optional (a field left out is left as it is).


class _AllOptional:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class OrganisationUpdateSerializer(_AllOptional, OrganisationWriteSerializer):
    pass


class PartnerContactUpdateSerializer(_AllOptional, PartnerContactWriteSerializer):
    pass


class ProviderUpdateSerializer(_AllOptional, ProviderWriteSerializer):
    pass


class NetworkUpdateSerializer(_AllOptional, NetworkWriteSerializer):
    pass


class BriefingUpdateSerializer(_AllOptional, BriefingWriteSerializer):
    pass


class EngagementUpdateSerializer(_AllOptional, EngagementWriteSerializer):
    pass
