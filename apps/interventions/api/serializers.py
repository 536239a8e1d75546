"""Support API shapes: interventions and the consent history of a case."""

from rest_framework import serializers

from apps.interventions.models import ConsentRecord, Intervention


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
        ]
        read_only_fields = fields


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
