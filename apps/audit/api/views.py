from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from apps.audit import selectors
from apps.audit.api.serializers import AuditEventSerializer
from apps.audit.filters import AuditEventFilter
from apps.audit.models import AuditEvent
from apps.core.api import error_responses, filterset_parameters


@extend_schema_view(
    list=extend_schema(
        summary="Search the audit trail (supervisors, DPO)",
        parameters=filterset_parameters(AuditEventFilter),
        responses={200: AuditEventSerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="One audit event",
        responses={200: AuditEventSerializer, **error_responses(404)},
    ),
)
class AuditEventViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only: audit events can never be changed or deleted through the API."""

    serializer_class = AuditEventSerializer
    lookup_field = "sequence"
    lookup_value_converter = "int"
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AuditEvent.objects.none()
        return selectors.audit_event_search(
            user=self.request.user, params=self.request.query_params
        ).qs
