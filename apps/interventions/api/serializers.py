"""Support API shapes: interventions and the consent history of a case."""

from rest_framework import serializers

from apps.core import workflow
from apps.core.api import ModelSerializer, SlugRelatedField
from apps.interventions.choices import (
    ConsentGivenBy,
    ConsentMethod,
    ConsentStatus,
    InvestigationAnswer,
    LetterDeliveryMethod,
    SignpostingResponse,
)
from apps.interventions.models import (
    CMASection,
    ConsentRecord,
    Intervention,
    InterventionType,
    InvestigationCheck,
    LetterDelivery,
    Signposting,
    SupportPlan,
)
from apps.partners.models import Organisation, Provider
from apps.reference.models import SupportService


class InvestigationCheckSerializer(serializers.ModelSerializer):
    intervention = serializers.CharField(source="intervention.reference", read_only=True)
    recorded_by = serializers.CharField(
        source="created_by.username", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = InvestigationCheck
        fields = ["id", "intervention", "asked", "asked_on", "answer", "conditions", "recorded_by"]
        read_only_fields = fields


class LetterDeliverySerializer(serializers.ModelSerializer):
    intervention = serializers.CharField(source="intervention.reference", read_only=True)
    delivered_by = serializers.CharField(source="delivered_by.username", read_only=True)

    class Meta:
        model = LetterDelivery
        fields = ["id", "intervention", "method", "delivered_on", "delivered_by", "note"]
        read_only_fields = fields


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
    officer = serializers.CharField(
        source="officer.username", read_only=True, default=None, allow_null=True
    )
    cma_sections = SlugRelatedField(slug_field="code", many=True, read_only=True)
    partners = SlugRelatedField(slug_field="reference", many=True, read_only=True)
    investigation_checks = InvestigationCheckSerializer(many=True, read_only=True)
    letter_deliveries = LetterDeliverySerializer(many=True, read_only=True)

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
            "officer",
            "cma_sections",
            "partners",
            "appropriate_adult_name",
            "appropriate_adult_relationship",
            "investigation_checks",
            "letter_deliveries",
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


class ConsentRecordSerializer(ModelSerializer):
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
    type = SlugRelatedField(
        slug_field="code",
        queryset=InterventionType.objects.filter(is_active=True),
        help_text="The intervention type's code (of the case's scheme)",
    )
    provider = SlugRelatedField(
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
    officer = serializers.CharField(
        max_length=150,
        required=False,
        help_text="The username of the officer delivering it, of the case's team (you, if none)",
    )
    cma_sections = SlugRelatedField(
        slug_field="code",
        queryset=CMASection.objects.filter(is_active=True),
        many=True,
        required=False,
        help_text="Computer Misuse Act sections (Cyber Prevent), by code such as s1",
    )
    partners = SlugRelatedField(
        slug_field="reference",
        queryset=Organisation.objects.all(),
        many=True,
        required=False,
        help_text="Partner organisations involved, by reference (from the directory)",
    )
    appropriate_adult_name = serializers.CharField(
        max_length=150, required=False, allow_blank=True, default=""
    )
    appropriate_adult_relationship = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )


class InterventionUpdateSerializer(serializers.Serializer):
    objective = serializers.CharField(max_length=5000, required=False)
    end_date = serializers.DateField(required=False, allow_null=True)
    sessions_held = serializers.IntegerField(min_value=0, max_value=999, required=False)
    outcome = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    appropriate_adult_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    appropriate_adult_relationship = serializers.CharField(
        max_length=100, required=False, allow_blank=True
    )


class InvestigationCheckCreateSerializer(serializers.Serializer):
    asked = serializers.CharField(max_length=200, help_text="Who was asked at Pursue or the NCCU")
    asked_on = serializers.DateField(help_text="Today or in the past")
    answer = serializers.ChoiceField(choices=InvestigationAnswer.choices)
    conditions = serializers.CharField(
        max_length=5000,
        required=False,
        allow_blank=True,
        default="",
        help_text="The conditions to proceed with (when deconflicted)",
    )


class LetterDeliveryCreateSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=LetterDeliveryMethod.choices)
    delivered_on = serializers.DateField(help_text="Today or in the past")
    delivered_by = serializers.CharField(
        max_length=150,
        required=False,
        help_text="The username of the officer who delivered it, of the case's team (you, if none)",
    )
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


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
    service = SlugRelatedField(
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
