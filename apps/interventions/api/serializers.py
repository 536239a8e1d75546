"""Support API shapes: interventions and the consent history of a case."""

from rest_framework import serializers

from apps.core import workflow
from apps.interventions.choices import (
    ConsentGivenBy,
    ConsentMethod,
    ConsentStatus,
    SignpostingResponse,
)
from apps.interventions.models import (
    ConsentRecord,
    Intervention,
    InterventionType,
    Signposting,
    SupportPlan,
)
from apps.partners.models import Provider
from apps.reference.models import SupportService


class InterventionSerializer(serializers.ModelSerializer):
    case = serializers.CharField(source="case.reference", read_only=True)
    case_id = serializers.UUIDField(read_only=True)
    type = serializers.CharField(source="intervention_type.code", read_only=True)
    type_label = serializers.CharField(source="intervention_type.name", read_only=True)
    needs_consent = serializers.BooleanField(
        source="intervention_type.needs_consent", read_only=True
    )
    provider = serializers.CharField(
        source="provider.reference", read_only=True, default=None, allow_null=True
    )
    provider_name = serializers.CharField(
        source="provider.name", read_only=True, default=None, allow_null=True
    )
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Intervention
        fields = [
            "id",
            "reference",
            "case",
            "case_id",
            "type",
            "type_label",
            "needs_consent",
            "provider",
            "provider_name",
            "objective",
            "start_date",
            "end_date",
            "sessions_held",
            "status",
            "status_label",
            "outcome",
            "version",
            "allowed_steps",
        ]
        read_only_fields = fields

    allowed_steps = serializers.SerializerMethodField()

    def get_allowed_steps(self, intervention) -> list[str]:
        """Steps the caller may take now (POST .../transitions/): start, complete, stop."""
        request = self.context.get("request")
        if request is None:
            return []
        return sorted(workflow.available_transitions(intervention, user=request.user).allowed)


class ConsentRecordSerializer(serializers.ModelSerializer):
    case = serializers.CharField(source="case.reference", read_only=True)
    case_id = serializers.UUIDField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    sought_by = serializers.CharField(source="sought_by.display_name", read_only=True)

    class Meta:
        model = ConsentRecord
        fields = [
            "id",
            "case",
            "case_id",
            "status",
            "status_label",
            "given_by",
            "guardian_name",
            "recorded_on",
            "how_sought",
            "sought_by",
            "note",
        ]
        read_only_fields = fields


# --- Writes: the pages' fields; other records by code (types, services) or reference ---------


class InterventionCreateSerializer(serializers.Serializer):
    type = serializers.SlugRelatedField(
        slug_field="code",
        queryset=InterventionType.objects.filter(is_active=True),
        help_text="The intervention type's code (of the case's scheme)",
    )
    provider = serializers.SlugRelatedField(
        slug_field="reference",
        queryset=Provider.objects.all(),
        required=False,
        allow_null=True,
        help_text="The provider's reference: one the directory offers for the person "
        "(approved, in date, covering their area); null when the police deliver it",
    )
    objective = serializers.CharField(max_length=5000)
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True)


class InterventionUpdateSerializer(serializers.Serializer):
    objective = serializers.CharField(max_length=5000, required=False)
    end_date = serializers.DateField(required=False, allow_null=True)
    sessions_held = serializers.IntegerField(min_value=0, max_value=999, required=False)
    outcome = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class InterventionStepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(
        choices=["start", "complete", "stop"],
        help_text="start needs the case's current consent to be given (for support that "
        "needs it); complete and stop need the outcome",
    )
    outcome = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class ConsentCreateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ConsentStatus.choices)
    recorded_on = serializers.DateField(help_text="Today or in the past")
    given_by = serializers.ChoiceField(
        choices=ConsentGivenBy.choices, required=False, allow_blank=True, default=""
    )
    guardian_name = serializers.CharField(
        max_length=150, required=False, allow_blank=True, default=""
    )
    how_sought = serializers.ChoiceField(
        choices=ConsentMethod.choices, required=False, allow_blank=True, default=""
    )
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class SupportPlanSerializer(serializers.ModelSerializer):
    case = serializers.CharField(source="case.reference", read_only=True)
    case_id = serializers.UUIDField(read_only=True)

    class Meta:
        model = SupportPlan
        fields = ["id", "case", "case_id", "objectives", "consent_approach", "review_on", "version"]
        read_only_fields = fields


class SupportPlanWriteSerializer(serializers.Serializer):
    objectives = serializers.CharField(max_length=5000)
    consent_approach = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default=""
    )
    review_on = serializers.DateField(required=False, allow_null=True, default=None)


class SignpostingSerializer(serializers.ModelSerializer):
    case = serializers.CharField(source="case.reference", read_only=True)
    case_id = serializers.UUIDField(read_only=True)
    service = serializers.CharField(source="service.code", read_only=True)
    service_name = serializers.CharField(source="service.name", read_only=True)

    class Meta:
        model = Signposting
        fields = [
            "id",
            "reference",
            "case",
            "case_id",
            "service",
            "service_name",
            "signposted_on",
            "reason",
            "response",
            "response_on",
            "response_note",
            "version",
        ]
        read_only_fields = fields


class SignpostingCreateSerializer(serializers.Serializer):
    service = serializers.SlugRelatedField(
        slug_field="code",
        queryset=SupportService.objects.filter(is_active=True),
        help_text="The service's code (childrens-social-care, early-help, health …)",
    )
    signposted_on = serializers.DateField(help_text="Today or in the past")
    reason = serializers.CharField(max_length=5000)


class SignpostingResponseSerializer(serializers.Serializer):
    response = serializers.ChoiceField(choices=SignpostingResponse.choices, required=False)
    response_on = serializers.DateField(required=False, allow_null=True)
    response_note = serializers.CharField(max_length=5000, required=False, allow_blank=True)
