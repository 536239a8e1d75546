"""Cyber Prevent enquiry and campaign API shapes. Lists from reference data go by code.

What a client may send is what the pages take: never a name or date of birth (ADR 0028).
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.cyber_enquiries import services
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
    CampaignActivity,
    CampaignResource,
    CodingLanguage,
    CyberEnquiry,
    CyberInterest,
    Device,
    EnquirerType,
    ForceArea,
    OnlinePlatform,
    OperatingSystem,
    SignpostingService,
    SuitabilityDecision,
)
from apps.geography.models import LocalAuthority
from apps.partners.models import Organisation
from apps.referrals.validation import TEXT_MAX_LENGTH


def _code(model, **kwargs):
    return serializers.SlugRelatedField(
        slug_field="code", queryset=model.objects.filter(is_active=True), **kwargs
    )


def _codes(model, **kwargs):
    return serializers.SlugRelatedField(
        slug_field="code",
        queryset=model.objects.filter(is_active=True),
        many=True,
        required=False,
        **kwargs,
    )


class SuitabilityDecisionSerializer(serializers.ModelSerializer):
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)
    signposted_to = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    decided_by = serializers.CharField(source="decided_by.display_name", read_only=True)

    class Meta:
        model = SuitabilityDecision
        fields = [
            "outcome",
            "outcome_label",
            "rationale",
            "signposted_to",
            "information_needed",
            "decided_by",
            "decided_at",
        ]
        read_only_fields = fields


class CyberEnquiryWriteSerializer(serializers.Serializer):
    """The enquiry's answers, as the enquiry form takes them."""

    received_on = serializers.DateField()
    enquirer_type = _code(EnquirerType)
    enquirer_organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(is_restricted=False),
        required=False,
        allow_null=True,
        help_text="A partners directory organisation's id",
    )
    enquirer_organisation_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True
    )
    contact_method = serializers.ChoiceField(choices=ContactMethod.choices)
    enquirer_contact = serializers.CharField(max_length=300, required=False, allow_blank=True)
    age_band = _code(AgeBand)
    local_authority = serializers.SlugRelatedField(
        slug_field="code",
        queryset=LocalAuthority.objects.all(),
        required=False,
        allow_null=True,
        help_text="ONS code",
    )
    force_area = _code(ForceArea, required=False, allow_null=True)
    concern = serializers.CharField(max_length=TEXT_MAX_LENGTH)
    interests = _codes(CyberInterest)
    interests_detail = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True
    )
    skill_level = serializers.ChoiceField(choices=SkillLevel.choices, required=False)
    coding_languages = _codes(CodingLanguage)
    things_built = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True
    )
    devices = _codes(Device)
    operating_systems = _codes(OperatingSystem)
    vpn_use = serializers.ChoiceField(choices=YesNoUnknown.choices, required=False)
    platforms = _codes(OnlinePlatform)
    platforms_detail = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True
    )
    usernames_offered = serializers.BooleanField(required=False)
    usernames = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    act_understanding = serializers.ChoiceField(choices=ActUnderstanding.choices, required=False)
    autism = serializers.ChoiceField(choices=AutismStatus.choices, required=False)
    other_needs = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True
    )

    def validate(self, data):
        if data.get("usernames") and not data.get("usernames_offered"):
            raise serializers.ValidationError(
                {"usernames": ["Only record usernames the enquirer offered"]}
            )
        return data


class CyberEnquirySerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    enquirer_type = serializers.SlugRelatedField(slug_field="code", read_only=True)
    age_band = serializers.SlugRelatedField(slug_field="code", read_only=True)
    local_authority = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    force_area = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    interests = serializers.SlugRelatedField(slug_field="code", read_only=True, many=True)
    coding_languages = serializers.SlugRelatedField(slug_field="code", read_only=True, many=True)
    devices = serializers.SlugRelatedField(slug_field="code", read_only=True, many=True)
    operating_systems = serializers.SlugRelatedField(slug_field="code", read_only=True, many=True)
    platforms = serializers.SlugRelatedField(slug_field="code", read_only=True, many=True)
    referral = serializers.CharField(
        source="referral.reference", read_only=True, allow_null=True, default=None
    )
    decisions = SuitabilityDecisionSerializer(many=True, read_only=True)

    class Meta:
        model = CyberEnquiry
        fields = [
            "id",
            "reference",
            "version",
            "status",
            "status_label",
            *services.ENQUIRY_FIELDS,
            *services.ENQUIRY_LISTS,
            "referral",
            "converted_at",
            "decisions",
        ]
        read_only_fields = fields


class CyberEnquiryConvertedSerializer(CyberEnquirySerializer):
    """The enquiry after its conversion: its referral (by id and reference) and the referral's
    stage (de-confliction started, or awaiting the Gateway of the team intake routed it to)."""

    referral_id = serializers.UUIDField(read_only=True, allow_null=True)
    referral_status = serializers.CharField(
        source="referral.status", read_only=True, allow_null=True, default=None
    )

    class Meta(CyberEnquirySerializer.Meta):
        fields = [*CyberEnquirySerializer.Meta.fields, "referral_id", "referral_status"]
        read_only_fields = fields


class CyberEnquiryDecisionSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=SuitabilityOutcome.choices)
    rationale = serializers.CharField(max_length=TEXT_MAX_LENGTH)
    signposted_to = _code(SignpostingService, required=False, allow_null=True)
    information_needed = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True
    )


class ResourceGivenSerializer(serializers.Serializer):
    resource = serializers.CharField(help_text="A campaign resource's code")
    quantity = serializers.IntegerField(min_value=1, max_value=1_000_000)


@extend_schema_field(ResourceGivenSerializer(many=True))
class ResourcesField(serializers.Field):
    """[{resource, quantity}] as {CampaignResource: quantity}; each error names its item."""

    def to_internal_value(self, data):
        if not isinstance(data, list):
            raise serializers.ValidationError("Send a list of {resource, quantity}")
        known = {item.code: item for item in CampaignResource.objects.filter(is_active=True)}
        given, errors = {}, []
        for number, row in enumerate(data, start=1):
            if not isinstance(row, dict):
                errors.append(f"Item {number}: send {{resource, quantity}}")
                continue
            resource = (
                known.get(row.get("resource")) if isinstance(row.get("resource"), str) else None
            )
            quantity = row.get("quantity")
            if resource is None:
                errors.append(f"Item {number}: no such resource")
            elif resource in given:
                errors.append(f"Item {number}: give each resource once")
            elif (
                isinstance(quantity, bool)
                or not isinstance(quantity, int)
                or not (1 <= quantity <= 1_000_000)
            ):
                errors.append(f"Item {number}: quantity must be a whole number from 1 to 1000000")
            else:
                given[resource] = quantity
        if errors:
            raise serializers.ValidationError(errors)
        return given

    def to_representation(self, value):
        return [{"resource": key.code, "quantity": quantity} for key, quantity in value.items()]


class CyberCampaignWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    held_on = serializers.DateField()
    local_authority = serializers.SlugRelatedField(
        slug_field="code",
        queryset=LocalAuthority.objects.all(),
        required=False,
        allow_null=True,
        help_text="ONS code",
    )
    description = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True
    )
    organisations = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(is_restricted=False), many=True, required=False
    )
    resources = ResourcesField(required=False)


class ResourceShownSerializer(serializers.Serializer):
    resource = serializers.CharField(source="resource.code", read_only=True)
    quantity = serializers.IntegerField(read_only=True)


class CyberCampaignSerializer(serializers.ModelSerializer):
    local_authority = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    organisations = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    resources = ResourceShownSerializer(source="resources_given", many=True, read_only=True)

    class Meta:
        model = CampaignActivity
        fields = [
            "id",
            "reference",
            "version",
            "title",
            "held_on",
            "local_authority",
            "description",
            "organisations",
            "resources",
        ]
        read_only_fields = fields
