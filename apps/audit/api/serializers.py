from rest_framework import serializers

from apps.audit.models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer):
    record_type = serializers.SerializerMethodField()

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

    def get_record_type(self, event: AuditEvent) -> str:
        return event.content_type.model if event.content_type_id else ""
