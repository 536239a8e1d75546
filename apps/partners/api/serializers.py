"""Partners API shapes. Contacts' names, phones and e-mails appear only in PartnerContactSerializer,
which only roles with `partners.view_contact` can reach; other shapes carry counts."""

from rest_framework import serializers

from apps.partners.models import Briefing, Contact, Engagement, Network, Organisation, Provider


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
    specialisms = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    languages = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    age_groups = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    areas = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
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
    organisations = serializers.SlugRelatedField(slug_field="reference", many=True, read_only=True)
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
    organisations = serializers.SlugRelatedField(slug_field="reference", many=True, read_only=True)

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
