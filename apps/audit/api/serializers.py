from rest_framework import serializers

from apps.audit import selectors
from apps.audit.models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer):
    record_type = serializers.SerializerMethodField()
    restricted_record = serializers.SerializerMethodField(
        help_text="About a restricted record: shown by reference only."
    )

    class Meta:
        model = AuditEvent
        fields = [
            "sequence",
            "occurred_at",
            "actor_username",
            "action",
            "category",
            "record_type",
            "object_id",
            "object_reference",
            "restricted_record",
            "justification",
            "changes",
            "detail",
            "ip_address",
            "request_id",
            "channel",
            "hash",
            "previous_hash",
        ]
        read_only_fields = fields

    def to_representation(self, event: AuditEvent) -> dict:
        return super().to_representation(selectors.audit_event_shown(event))

    def get_record_type(self, event: AuditEvent) -> str:
        return event.content_type.model if event.content_type_id else ""

    def get_restricted_record(self, event: AuditEvent) -> bool:
        return bool(getattr(event, "restricted_record", False))
