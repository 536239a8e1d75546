from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from apps.audit import selectors
from apps.audit.api.serializers import AuditEventSerializer
from apps.audit.models import AuditEvent

SEQUENCE = OpenApiParameter("sequence", OpenApiTypes.INT, OpenApiParameter.PATH)
FILTERS = [
    OpenApiParameter("username", OpenApiTypes.STR),
    OpenApiParameter("record", OpenApiTypes.STR, description="Record reference or ID"),
    OpenApiParameter("action", OpenApiTypes.STR),
    OpenApiParameter("date_from", OpenApiTypes.DATE),
    OpenApiParameter("date_to", OpenApiTypes.DATE),
]


@extend_schema_view(
    list=extend_schema(
        summary="Search the audit trail (supervisors, DPO)",
        description="Events about records the caller may not view are left out; for the "
        "data protection officer, events about restricted records are shown by reference "
        "only (restricted_record true: no justification, changes or detail). An invalid "
        "filter is refused with 400 and the errors by field. Every search is audited.",
        parameters=FILTERS,
    ),
    retrieve=extend_schema(summary="One audit event", parameters=[SEQUENCE]),
)
class AuditEventViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only: audit events can never be changed or deleted through the API."""

    serializer_class = AuditEventSerializer
    lookup_field = "sequence"
    lookup_value_regex = r"\d+"
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
