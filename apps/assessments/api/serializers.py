"""Assessment API shapes: the judgements and conclusion in the officer's words. No score."""

from rest_framework import serializers

from apps.assessments.models import Assessment, FactorJudgement


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
