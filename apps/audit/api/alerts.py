"""Misuse alerts through the API, for the data protection officer: read-only."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers

from apps.audit import alert_selectors
from apps.audit.models import MisuseAlert, MisuseAlertEvent
from apps.core.api import error_responses
from apps.core.viewsets import SelectorViewSet


class MisuseAlertSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    actor_username = serializers.CharField(source="actor.username", read_only=True)
    reviewed_by_username = serializers.CharField(
        source="reviewed_by.username", read_only=True, default=""
    )
    events = serializers.SerializerMethodField(
        help_text="The audit events behind the alert, by sequence (GET /api/v1/audit/events/N/)."
    )

    class Meta:
        model = MisuseAlert
        fields = [
            "id",
            "reference",
            "rule",
            "actor_username",
            "summary",
            "raised_at",
            "last_event_at",
            "status",
            "reviewed_by_username",
            "reviewed_at",
            "review_note",
            "events",
        ]
        read_only_fields = fields

    def get_events(self, alert: MisuseAlert) -> list[int]:
        return list(
            MisuseAlertEvent.objects.filter(alert=alert)
            .order_by("event_id")
            .values_list("event_id", flat=True)
        )


@extend_schema_view(
    list=extend_schema(
        summary="Misuse alerts (data protection officer)",
        description="Patterns of staff access flagged by the misuse rules, open ones first. "
        "Each listing is audited.",
        responses={200: MisuseAlertSerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="One misuse alert (recorded as consulted)",
        responses={200: MisuseAlertSerializer, **error_responses(404)},
    ),
)
class MisuseAlertViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, SelectorViewSet):
    serializer_class = MisuseAlertSerializer
    list_selector = alert_selectors.misuse_alerts_visible
    detail_selector = alert_selectors.misuse_alert_get
    detail_lookup = "alert_id"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return MisuseAlert.objects.none()
        return super().get_queryset()

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        results = response.data.get("results", response.data)
        alert_selectors.misuse_alerts_listed(
            user=request.user, references=[row["reference"] for row in results]
        )
        return response
