from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.response import Response

from apps.assessments import selectors
from apps.assessments.api.serializers import AssessmentSerializer, AssessmentSummarySerializer
from apps.core.api import error_responses
from apps.core.viewsets import SelectorViewSet


@extend_schema_view(
    list=extend_schema(
        summary="Assessments of the cases the caller may see (the listing is recorded)",
        responses={200: AssessmentSummarySerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="One assessment with its judgements and evidence (recorded). No score.",
        responses={200: AssessmentSerializer, **error_responses(404)},
    ),
)
class AssessmentViewSet(mixins.RetrieveModelMixin, SelectorViewSet):
    serializer_class = AssessmentSerializer
    list_selector = selectors.assessment_list
    detail_selector = selectors.assessment_get
    detail_lookup = "assessment_id"

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset().order_by("-created_at", "pk"))
        terms = {"limit": self.paginator.limit, "offset": self.paginator.offset}
        shown = selectors.assessment_list_consult(user=request.user, assessments=page, terms=terms)
        return self.get_paginated_response(AssessmentSummarySerializer(shown, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        assessment = self.get_object()
        return Response(self.get_serializer(assessment).data)
