"""Cyber Prevent impact API shapes: intelligence interviews and outcome measures."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core import access
from apps.core.api import ModelSerializer
from apps.cyber_impact.choices import (
    Completion,
    ConsentGivenBy,
    Disposal,
    EducationEmployment,
    Engagement,
    InterviewConsent,
    LegalUse,
    MeasurePoint,
    ReoffendingResult,
)
from apps.cyber_impact.models import (
    IntelligenceInterview,
    InterviewAnswer,
    InterviewVersion,
    OutcomeMeasure,
)


class AnswerSerializer(serializers.ModelSerializer):
    requirement = serializers.CharField(source="requirement.code", read_only=True)
    requirement_name = serializers.CharField(source="requirement.name", read_only=True)
    options = serializers.SerializerMethodField()
    option_labels = serializers.SerializerMethodField()

    class Meta:
        model = InterviewAnswer
        fields = ["requirement", "requirement_name", "options", "option_labels", "note"]
        read_only_fields = fields

    def get_options(self, answer) -> list[str]:
        return [option.code for option in answer.options.all()]

    def get_option_labels(self, answer) -> list[str]:
        return [option.label for option in answer.options.all()]


class InterviewVersionSerializer(ModelSerializer):
    created_by = serializers.CharField(
        source="created_by.display_name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = InterviewVersion
        fields = [
            "number",
            "created_at",
            "created_by",
            "reason",
            "disposal",
            "disposal_date",
            "consent_given_by",
            "appropriate_adult",
            "summary",
        ]
        read_only_fields = fields


class InterviewSerializer(ModelSerializer):
    case = serializers.CharField(source="case.reference", read_only=True)
    case_id = serializers.UUIDField(read_only=True)
    contact_id = serializers.UUIDField(read_only=True)
    disposal_label = serializers.CharField(source="get_disposal_display", read_only=True)
    consent_label = serializers.CharField(source="get_consent_display", read_only=True)
    answers = AnswerSerializer(many=True, read_only=True)

    class Meta:
        model = IntelligenceInterview
        fields = [
            "id",
            "reference",
            "case",
            "case_id",
            "contact_id",
            "disposal",
            "disposal_label",
            "disposal_date",
            "interviewed_at",
            "consent",
            "consent_label",
            "consent_given_by",
            "appropriate_adult",
            "summary",
            "answers",
            "version",
            "earlier_versions",
        ]
        read_only_fields = fields

    earlier_versions = serializers.SerializerMethodField(
        help_text="The interview's earlier versions with their reasons, newest first: for "
        "supervisors only (empty for anyone else, and until the interview is first amended)"
    )

    @extend_schema_field(InterviewVersionSerializer(many=True))
    def get_earlier_versions(self, interview) -> list:
        request = self.context.get("request")
        if request is None or not access.has_capability(request.user, "cases.supervise_case"):
            return []
        versions = interview.versions.select_related("created_by").order_by("-number")[1:]
        return InterviewVersionSerializer(versions, many=True).data


class InterviewAmendSerializer(serializers.Serializer):
    """A correction: the fields changed (PATCH: any of them) and, always, the reason."""

    disposal = serializers.ChoiceField(choices=Disposal.choices)
    disposal_date = serializers.DateField()
    consent_given_by = serializers.ChoiceField(
        choices=ConsentGivenBy.choices, required=False, allow_blank=True
    )
    appropriate_adult = serializers.CharField(required=False, allow_blank=True, max_length=150)
    summary = serializers.CharField(max_length=10000)
    reason = serializers.CharField(max_length=2000, help_text="Why the record is corrected")

    def validate(self, data):
        if self.partial and "reason" not in data:
            raise serializers.ValidationError({"reason": ["Give the reason for the amendment"]})
        return data


class AnswerInputSerializer(serializers.Serializer):
    requirement = serializers.SlugField(max_length=50, help_text="The requirement's code")
    options = serializers.ListField(
        child=serializers.SlugField(max_length=50), required=False, default=list, max_length=20
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class InterviewCreateSerializer(serializers.Serializer):
    disposal = serializers.ChoiceField(choices=Disposal.choices)
    disposal_date = serializers.DateField()
    interviewed_at = serializers.DateTimeField()
    consent = serializers.ChoiceField(choices=InterviewConsent.choices)
    consent_given_by = serializers.ChoiceField(
        choices=ConsentGivenBy.choices, required=False, allow_blank=True, default=""
    )
    appropriate_adult = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=150
    )
    location = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    summary = serializers.CharField(max_length=10000)
    answers = AnswerInputSerializer(many=True, required=False, default=list, max_length=50)


class MeasureSerializer(serializers.ModelSerializer):
    case = serializers.CharField(source="case.reference", read_only=True)
    case_id = serializers.UUIDField(read_only=True)
    intervention = serializers.CharField(source="intervention.reference", read_only=True)
    intervention_id = serializers.UUIDField(read_only=True)
    intervention_type = serializers.CharField(
        source="intervention.intervention_type.name", read_only=True
    )
    point_label = serializers.CharField(source="get_point_display", read_only=True)
    reoffending = serializers.ChoiceField(
        choices=ReoffendingResult.choices,
        read_only=True,
        help_text="The linked re-offending check's result; not_checked until a person does it",
    )
    reoffending_check_id = serializers.UUIDField(read_only=True, allow_null=True)
    reoffending_check = serializers.CharField(
        source="reoffending_check.label", read_only=True, default=None, allow_null=True
    )
    reoffending_checked_on = serializers.DateField(read_only=True, allow_null=True)
    reoffending_checked_by = serializers.CharField(
        source="reoffending_checked_by.display_name", read_only=True, default=None, allow_null=True
    )
    systems_checked = serializers.CharField(read_only=True)

    class Meta:
        model = OutcomeMeasure
        fields = [
            "id",
            "reference",
            "case",
            "case_id",
            "intervention",
            "intervention_id",
            "intervention_type",
            "point",
            "point_label",
            "measured_on",
            "engagement",
            "completion",
            "reoffending",
            "reoffending_check_id",
            "reoffending_check",
            "reoffending_checked_on",
            "reoffending_checked_by",
            "systems_checked",
            "education_employment",
            "legal_use",
            "legal_use_detail",
            "notes",
        ]
        read_only_fields = fields


class MeasureFieldsSerializer(serializers.Serializer):
    measured_on = serializers.DateField()
    engagement = serializers.ChoiceField(choices=Engagement.choices)
    completion = serializers.ChoiceField(choices=Completion.choices)
    reoffending = serializers.ChoiceField(
        choices=ReoffendingResult.choices,
        required=False,
        help_text="Optional: taken from the case's re-offending check for the point; a value "
        "that contradicts that check (or any result before it is done) is refused",
    )
    education_employment = serializers.ChoiceField(choices=EducationEmployment.choices)
    legal_use = serializers.ChoiceField(choices=LegalUse.choices)
    legal_use_detail = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=200
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)


class MeasureCreateSerializer(MeasureFieldsSerializer):
    point = serializers.ChoiceField(choices=MeasurePoint.choices)


class MeasureUpdateSerializer(MeasureFieldsSerializer):
    """The fields a client may change (PATCH: any of them; PUT: all that are required)."""
