"""Assessment API shapes: the judgements and conclusion in the officer's words. No score."""

from rest_framework import serializers

from apps.assessments.models import Assessment, FactorJudgement
from apps.core import workflow


class FactorJudgementSerializer(serializers.ModelSerializer):
    dimension = serializers.CharField(source="factor.dimension.code", read_only=True)
    factor = serializers.CharField(source="factor.code", read_only=True)
    factor_name = serializers.CharField(source="factor.name", read_only=True)

    class Meta:
        model = FactorJudgement
        fields = ["dimension", "factor", "factor_name", "judgement", "evidence"]
        read_only_fields = fields


class AssessmentSummarySerializer(serializers.ModelSerializer):
    case = serializers.CharField(source="case.reference", read_only=True)
    case_id = serializers.UUIDField(read_only=True)
    framework = serializers.CharField(source="framework.__str__", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "reference",
            "case",
            "case_id",
            "number",
            "framework",
            "status",
            "status_label",
            "submitted_at",
            "decided_at",
        ]
        read_only_fields = fields


class AssessmentSerializer(AssessmentSummarySerializer):
    judgements = FactorJudgementSerializer(many=True, read_only=True)

    class Meta(AssessmentSummarySerializer.Meta):
        fields = [
            *AssessmentSummarySerializer.Meta.fields,
            "summary",
            "management_plan",
            "changes_since_last",
            "decision_comment",
            "judgements",
        ]
        read_only_fields = fields


class AssessmentDetailSerializer(AssessmentSerializer):
    """One assessment, with the workflow steps the caller may take now."""

    version = serializers.IntegerField(read_only=True)
    allowed_steps = serializers.SerializerMethodField()

    class Meta(AssessmentSerializer.Meta):
        fields = [*AssessmentSerializer.Meta.fields, "version", "allowed_steps"]
        read_only_fields = fields

    def get_allowed_steps(self, assessment) -> list[str]:
        """Steps the caller may take now: `submit` (POST .../submit/), `sign_off` and
        `return_for_more_work` (POST .../sign-off/)."""
        request = self.context.get("request")
        if request is None:
            return []
        return sorted(workflow.available_transitions(assessment, user=request.user).ready)


class JudgementWriteSerializer(serializers.Serializer):
    factor = serializers.SlugField(max_length=50, help_text="The factor's code")
    dimension = serializers.SlugField(
        max_length=50,
        required=False,
        help_text="The dimension's code, when two dimensions have a factor of that code",
    )
    judgement = serializers.CharField(allow_blank=True, max_length=20000, required=False)
    evidence = serializers.CharField(allow_blank=True, max_length=20000, required=False)


class AssessmentUpdateSerializer(serializers.Serializer):
    summary = serializers.CharField(allow_blank=True, max_length=20000, required=False)
    management_plan = serializers.CharField(allow_blank=True, max_length=20000, required=False)
    changes_since_last = serializers.CharField(allow_blank=True, max_length=20000, required=False)
    judgements = JudgementWriteSerializer(
        many=True,
        required=False,
        help_text="The officer's judgement and evidence for the factors named (others unchanged)",
    )


class AssessmentSignOffSerializer(serializers.Serializer):
    approve = serializers.BooleanField(
        help_text="true signs the assessment off; false returns it, saying what more is needed"
    )
    comment = serializers.CharField(allow_blank=True, required=False, default="", max_length=5000)
