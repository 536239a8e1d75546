from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.response import Response

from apps.core.api import error_responses
from apps.core.viewsets import SelectorViewSet
from apps.interventions import selectors
from apps.interventions.api.serializers import ConsentRecordSerializer, InterventionSerializer


@extend_schema_view(
    list=extend_schema(
        summary="Interventions on the cases the caller may see (the listing is recorded)",
        responses={200: InterventionSerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="One intervention (recorded)",
        responses={200: InterventionSerializer, **error_responses(404)},
    ),
)
class InterventionViewSet(mixins.RetrieveModelMixin, SelectorViewSet):
    serializer_class = InterventionSerializer
    list_selector = selectors.intervention_list
    detail_selector = selectors.intervention_get
    detail_lookup = "intervention_id"

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset().order_by("-created_at", "pk"))
        terms = {"limit": self.paginator.limit, "offset": self.paginator.offset}
        shown = selectors.list_consult(
            user=request.user, records=page, terms=terms, scope="api interventions"
        )
        return self.get_paginated_response(self.get_serializer(shown, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)


@extend_schema_view(
    list=extend_schema(
        summary="Consent records of the cases the caller may see, newest first (recorded)",
        responses={200: ConsentRecordSerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="One consent record (recorded)",
        responses={200: ConsentRecordSerializer, **error_responses(404)},
    ),
)
class ConsentRecordViewSet(mixins.RetrieveModelMixin, SelectorViewSet):
    serializer_class = ConsentRecordSerializer
    list_selector = selectors.consent_list
    detail_selector = selectors.consent_get
    detail_lookup = "consent_id"

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        terms = {"limit": self.paginator.limit, "offset": self.paginator.offset}
        shown = selectors.list_consult(
            user=request.user, records=page, terms=terms, scope="api consent"
        )
        return self.get_paginated_response(self.get_serializer(shown, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)
