"""Assessments over the API: the pages' selectors and services, access from the case.

`/api/v1/cases/{case_id}/assessments/` lists a case's assessments and starts the next one;
`/api/v1/assessments/{id}/` reads one and changes its text (PATCH/PUT with If-Match, ADR
0019); `.../submit/` and `.../sign-off/` take the workflow's steps through the services
(django-fsm): the wrong stage is a 409, something missing a 400 naming it, the wrong role 403.
An assessment takes its access from its case: a restricted case's assessments are a 404 off
its access list, and changing one needs the right to change the case. No score, ever.
"""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.models import User
from apps.assessments import selectors, services
from apps.assessments.api.serializers import (
    AssessmentDetailSerializer,
    AssessmentSignOffSerializer,
    AssessmentSummarySerializer,
    AssessmentUpdateSerializer,
)
from apps.assessments.models import Assessment
from apps.core import access
from apps.core.api import (
    StateConflict,
    as_api_error,
    create_once,
    error_responses,
    idempotency_key_parameter,
)
from apps.core.viewsets import ConditionalUpdateMixin, SelectorViewSet

NOT_EDITABLE = "This assessment has been submitted: it can be changed again only if it is returned"


def _judgement_values(assessment: Assessment, judgements: list[dict]) -> dict:
    """The API's [{factor, judgement, evidence}] as the service's values by form field."""
    rows = list(assessment.judgements.select_related("factor__dimension"))
    values = {}
    for number, item in enumerate(judgements):
        matches = [
            row
            for row in rows
            if row.factor.code == item["factor"]
            and item.get("dimension") in (None, row.factor.dimension.code)
        ]
        if len(matches) != 1:
            problem = "No factor of that code" if not matches else "Name its dimension too"
            raise ApiValidationError(
                {"judgements": [f"Item {number + 1} ({item['factor']}): {problem}"]}
            )
        factor_id = matches[0].factor_id
        for name in ("judgement", "evidence"):
            if name in item:
                values[f"{name}_{factor_id}"] = item[name]
    return values


def assessment_update_by_api(
    *, assessment: Assessment, officer: User, expected_version: int, **data
) -> Assessment:
    """The edit page's service, given the API's shape; submitted is a 409, not a 400."""
    if not assessment.is_editable:
        raise StateConflict(NOT_EDITABLE)
    values = {name: data[name] for name in services.TEXT_FIELDS if name in data}
    values.update(_judgement_values(assessment, data.get("judgements", [])))
    try:
        return services.assessment_update(
            assessment=assessment,
            officer=officer,
            expected_version=expected_version,
            values=values,
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise StateConflict(" ".join(error.messages)) from error
        raise


def _step(service, **kwargs):
    """A workflow step: the wrong stage 409, something missing 400 by field, a role 403."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        raise as_api_error(error) from error


def _start(**kwargs) -> Assessment:
    """One assessment in progress at a time, and a framework loaded: else a 409."""
    try:
        return services.assessment_start(**kwargs)
    except ValidationError as error:
        raise StateConflict(" ".join(error.messages)) from error


@extend_schema_view(
    list=extend_schema(
        summary="Assessments of the cases the caller may see (the listing is recorded)",
        responses={200: AssessmentSummarySerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="One assessment with its judgements and evidence (recorded). No score.",
        responses={200: AssessmentDetailSerializer, **error_responses(404)},
    ),
)
class AssessmentViewSet(ConditionalUpdateMixin, mixins.RetrieveModelMixin, SelectorViewSet):
    """Assessments. Change the text of a draft or returned one with PATCH/PUT and If-Match."""

    serializer_class = AssessmentDetailSerializer
    list_selector = selectors.assessment_list
    detail_selector = selectors.assessment_get
    detail_lookup = "assessment_id"
    update_serializer_class = AssessmentUpdateSerializer
    update_service = assessment_update_by_api
    record_arg = "assessment"
    update_examples = (
        OpenApiExample(
            "The conclusion and one factor (synthetic)",
            request_only=True,
            value={
                "summary": "Engagement appears limited and is reducing (synthetic).",
                "management_plan": "Mentoring fortnightly; review in three months.",
                "judgements": [
                    {
                        "factor": "grievance",
                        "judgement": "A grievance about the school is voiced often.",
                        "evidence": "School report of 3 March (synthetic).",
                    }
                ],
            },
        ),
    )

    def access_record(self, record: Assessment):
        return record.case  # the case's access decides who may change its assessments

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset().order_by("-created_at", "pk"))
        terms = {"limit": self.paginator.limit, "offset": self.paginator.offset}
        shown = selectors.assessment_list_consult(user=request.user, assessments=page, terms=terms)
        return self.get_paginated_response(AssessmentSummarySerializer(shown, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)

    def _reread(self, assessment: Assessment) -> Response:
        assessment = Assessment.objects.select_related("case", "framework").get(pk=assessment.pk)
        self.etag_record = assessment
        return Response(self.get_serializer(assessment).data)

    @extend_schema(
        summary="Send the assessment to a supervisor for sign-off (everything recorded first)",
        request=None,
        responses={200: AssessmentDetailSerializer, **error_responses(400, 404, 409)},
    )
    @action(detail=True, methods=["post"], url_path="submit")
    def submit(self, request, *args, **kwargs):
        assessment = self.get_object()
        access.require(request.user, access.CHANGE, assessment.case)
        _step(services.assessment_submit, assessment=assessment, officer=request.user)
        return self._reread(assessment)

    @extend_schema(
        summary="A supervisor signs the assessment off, or returns it saying what more is "
        "needed (never the officer who submitted it)",
        request=AssessmentSignOffSerializer,
        responses={200: AssessmentDetailSerializer, **error_responses(400, 404, 409, 415)},
        examples=[
            OpenApiExample("Sign off", request_only=True, value={"approve": True}),
            OpenApiExample(
                "Return (synthetic)",
                request_only=True,
                value={"approve": False, "comment": "Say more about the evidence of intent"},
            ),
        ],
    )
    @action(detail=True, methods=["post"], url_path="sign-off")
    def sign_off(self, request, *args, **kwargs):
        assessment = self.get_object()
        access.require(request.user, access.CHANGE, assessment.case)
        body = AssessmentSignOffSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        _step(
            services.assessment_decide,
            assessment=assessment,
            supervisor=request.user,
            approve=body.validated_data["approve"],
            comment=body.validated_data["comment"],
        )
        return self._reread(assessment)


class CaseAssessmentsView(APIView):
    """A case's assessments, and starting its next one."""

    @extend_schema(
        summary="The case's assessments, newest first (the case's consultation and the "
        "listing are recorded)",
        responses={200: AssessmentSummarySerializer(many=True), **error_responses(404)},
    )
    def get(self, request, case_id):
        case = selectors.case_for_assessments(user=request.user, case_id=case_id)
        assessments = selectors.assessments_for_case(user=request.user, case=case)
        shown = selectors.assessment_list_consult(
            user=request.user, assessments=assessments, terms={"case": case.reference}
        )
        return Response(AssessmentSummarySerializer(shown, many=True).data)

    @extend_schema(
        summary="Start the case's next assessment on the current framework (one at a time)",
        request=None,
        responses={201: AssessmentDetailSerializer, **error_responses(400, 404, 409, 422)},
        parameters=[idempotency_key_parameter("assessment")],
    )
    def post(self, request, case_id):
        case = selectors.case_for_assessments(user=request.user, case_id=case_id)
        access.require_capability(request.user, "assessments.add_assessment")
        access.require(request.user, access.CHANGE, case)
        context = {"request": request}
        return create_once(
            request,
            purpose=f"assessments.assessment_create:{case.pk}",
            noun="assessment",
            create=lambda: _start(case=case, officer=request.user),
            shown=lambda made: AssessmentDetailSerializer(made, context=context).data,
            again=lambda made_id: selectors.assessment_get(
                user=request.user, assessment_id=made_id
            ),
        )
