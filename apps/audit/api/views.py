from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from apps.audit import selectors
from apps.audit.api.serializers import AuditEventSerializer
from apps.audit.filters import AuditEventFilter
from apps.audit.models import AuditEvent
from apps.core.api import error_responses, filterset_parameters


@extend_schema_view(
    list=extend_schema(
        summary="Search the audit trail (supervisors, DPO)",
        description="Events about records the caller may not view are left out; for the "
        "data protection officer, events about restricted records are shown by reference "
        "only (restricted_record true: no justification, changes or detail). An invalid "
        "filter is refused with 400 and the errors by field. Every search is audited.",
        parameters=filterset_parameters(AuditEventFilter),
        responses={200: AuditEventSerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="One audit event (recorded as consulted)",
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
        filterset = selectors.audit_event_search(
            user=self.request.user, params=self.request.query_params
        )
        if not filterset.is_valid():
            # Refused with the reasons, never ignored (the refusal is audited by the selector).
            raise ValidationError(filterset.errors)
        return filterset.qs

    def get_object(self):
        sequence = self.kwargs[self.lookup_field]
        return selectors.audit_event_get(user=self.request.user, sequence=int(sequence))
