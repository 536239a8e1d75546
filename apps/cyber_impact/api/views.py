"""Cyber Prevent impact API: intelligence interviews and outcome measures.

Reads go through the app's selectors (access follows the case, each record shown is recorded);
writes call the same services as the pages. Creates take an Idempotency-Key; measure edits
need If-Match (ADR 0019).
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.cases.choices import CaseType
from apps.core import access
from apps.core.api import create_once, error_responses, idempotency_key_parameter, validated_body
from apps.core.concurrency import EditConflict, etag_for
from apps.core.forms import validation_messages
from apps.core.viewsets import (
    IF_MATCH_PARAMETER,
    ConditionalUpdateMixin,
    SelectorViewSet,
    if_match_refusal,
    stale_response,
)
from apps.cyber_impact import selectors, services
from apps.cyber_impact.api.serializers import (
    InterviewAmendSerializer,
    InterviewCreateSerializer,
    InterviewSerializer,
    MeasureCreateSerializer,
    MeasureSerializer,
    MeasureUpdateSerializer,
)
from apps.interventions.selectors import intervention_get

ADD_INTERVIEW = "cyber_impact.add_intelligenceinterview"
ADD_MEASURE = "cyber_impact.add_outcomemeasure"
ETAG = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=[200, 412],
    description='The record\'s version, quoted ("3"): send it back as If-Match to change it',
)


def _as_api_error(error: ValidationError) -> ApiValidationError:
    return ApiValidationError(validation_messages(error))


def _answers(raw: list[dict]) -> list[services.Answer]:
    """Answers named by codes, as the service takes them; an unknown code is a 400."""
    requirements = {requirement.code: requirement for requirement in selectors.requirements()}
    answers = []
    for index, item in enumerate(raw):
        requirement = requirements.get(item["requirement"])
        if requirement is None:
            raise ApiValidationError({"answers": [f"Answer {index + 1}: no such requirement"]})
        options = {option.code: option for option in requirement.options.all()}
        unknown = [code for code in item["options"] if code not in options]
        if unknown:
            raise ApiValidationError(
                {"answers": [f"Answer {index + 1}: {requirement.name} has no answer {unknown[0]}"]}
            )
        answers.append(
            services.Answer(
                requirement,
                [options[code] for code in dict.fromkeys(item["options"])],
                item["note"],
            )
        )
    return answers


def _list(view, request, *, serializer, scope: str):
    page = view.paginate_queryset(view.get_queryset())
    terms = {"limit": view.paginator.limit, "offset": view.paginator.offset}
    shown = selectors.list_consult(user=request.user, records=page, terms=terms, scope=scope)
    return view.get_paginated_response(serializer(shown, many=True).data)


@extend_schema_view(
    list=extend_schema(
        summary="Intelligence interviews on the Cyber Prevent cases the caller may see (recorded)",
        responses={200: InterviewSerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="One intelligence interview with its answers (recorded)",
        responses={200: InterviewSerializer, **error_responses(404)},
    ),
)
class InterviewViewSet(ConditionalUpdateMixin, mixins.RetrieveModelMixin, SelectorViewSet):
    """Interviews; a correction is PUT/PATCH with If-Match and a reason: a new version, the
    earlier kept (never an overwrite)."""

    serializer_class = InterviewSerializer
    list_selector = selectors.interview_list
    detail_selector = selectors.interview_get
    detail_lookup = "interview_id"
    update_serializer_class = InterviewAmendSerializer
    update_service = services.interview_amend
    record_arg = "interview"
    update_examples = (
        OpenApiExample(
            "A corrected disposal date (synthetic)",
            request_only=True,
            value={
                "disposal": "caution",
                "disposal_date": "2025-01-10",
                "consent_given_by": "person",
                "appropriate_adult": "",
                "summary": "Talked through how they started with game servers (synthetic).",
                "reason": "The disposal date was typed wrongly",
            },
        ),
    )

    def access_record(self, record):
        return record.case

    def conditional_update(self, request, *, partial: bool):
        access.require_capability(request.user, "cyber_impact.change_intelligenceinterview")
        return super().conditional_update(request, partial=partial)

    def get_queryset(self):
        return (
            super().get_queryset().prefetch_related("answers__requirement", "answers__options")
        ).order_by("-interviewed_at", "pk")

    def list(self, request, *args, **kwargs):
        access.require_capability(request.user, selectors.VIEW_INTERVIEW)
        return _list(self, request, serializer=InterviewSerializer, scope="api cyber interviews")

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)


class CaseInterviewCreateView(APIView):
    """POST /cases/{id}/intelligence-interviews/: record an interview on a Cyber Prevent case."""

    parser_classes = [JSONParser]

    @extend_schema(
        summary="Record a Prevent intelligence interview after disposal on a Cyber Prevent case "
        "(kept as a debrief interview contact)",
        request=InterviewCreateSerializer,
        responses={201: InterviewSerializer, **error_responses(400, 404, 415, 422)},
        parameters=[idempotency_key_parameter("interview")],
        examples=[
            OpenApiExample(
                "An interview with consent (synthetic)",
                request_only=True,
                value={
                    "disposal": "caution",
                    "disposal_date": "2026-01-12",
                    "interviewed_at": "2026-02-03T10:30:00Z",
                    "consent": "given",
                    "consent_given_by": "person",
                    "appropriate_adult": "",
                    "location": "SEROCU office",
                    "summary": "Talked through how they started with game servers.",
                    "answers": [
                        {"requirement": "pathway", "options": ["gaming"], "note": ""},
                        {"requirement": "age-started", "options": ["13-15"], "note": ""},
                    ],
                },
            )
        ],
    )
    def post(self, request, id):
        case = selectors.cyber_case_get(user=request.user, case_id=id, capability=ADD_INTERVIEW)
        access.require(request.user, access.CHANGE, case)
        data = validated_body(InterviewCreateSerializer, request)
        answers = _answers(data.pop("answers"))

        def record():
            try:
                return services.interview_record(
                    case=case, officer=request.user, answers=answers, **data
                )
            except ValidationError as error:
                raise _as_api_error(error) from error

        return create_once(
            request,
            purpose="cyber_impact.interview_record",
            noun="interview",
            create=record,
            shown=lambda interview: InterviewSerializer(interview).data,
            again=lambda interview_id: selectors.interview_get(
                user=request.user, interview_id=interview_id
            ),
        )


@extend_schema_view(
    list=extend_schema(
        summary="Outcome measures on the Cyber Prevent cases the caller may see (recorded)",
        responses={200: MeasureSerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="One outcome measure (recorded)",
        responses={200: MeasureSerializer, **error_responses(404)},
    ),
)
class MeasureViewSet(mixins.RetrieveModelMixin, SelectorViewSet):
    serializer_class = MeasureSerializer
    list_selector = selectors.measure_list
    detail_selector = selectors.measure_get
    detail_lookup = "measure_id"

    def get_queryset(self):
        return super().get_queryset().order_by("-measured_on", "pk")

    def list(self, request, *args, **kwargs):
        access.require_capability(request.user, selectors.VIEW_MEASURE)
        return _list(self, request, serializer=MeasureSerializer, scope="api cyber measures")

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        summary="Change an outcome measure (If-Match required)",
        request=MeasureUpdateSerializer,
        responses={
            200: MeasureSerializer,
            412: stale_response(MeasureSerializer),
            **error_responses(400, 404, 415, 428),
        },
        parameters=[IF_MATCH_PARAMETER, ETAG],
        examples=[
            OpenApiExample(
                "A later check found no trace (synthetic)",
                request_only=True,
                value={"notes": "Checked again with the NCCU: nothing new."},
            )
        ],
    )
    def partial_update(self, request, *args, **kwargs):
        return self._update(request, partial=True)

    @extend_schema(
        summary="Replace an outcome measure's recorded values (If-Match required)",
        request=MeasureUpdateSerializer,
        responses={
            200: MeasureSerializer,
            412: stale_response(MeasureSerializer),
            **error_responses(400, 404, 415, 428),
        },
        parameters=[IF_MATCH_PARAMETER, ETAG],
        examples=[
            OpenApiExample(
                "Every value (synthetic)",
                request_only=True,
                value={
                    "measured_on": "2026-01-20",
                    "engagement": "full",
                    "completion": "completed",
                    "education_employment": "education",
                    "legal_use": "taken_up",
                    "legal_use_detail": "A capture-the-flag club",
                    "notes": "",
                },
            )
        ],
    )
    def update(self, request, *args, **kwargs):
        return self._update(request, partial=False)

    def _update(self, request, *, partial: bool):
        measure = self.get_object()
        access.require_capability(request.user, "cyber_impact.change_outcomemeasure")
        access.require(request.user, access.CHANGE, measure.case)
        if refused := if_match_refusal(request, measure, stale=self._stale):
            return refused
        data = validated_body(MeasureUpdateSerializer, request, partial=partial)
        try:
            measure = services.outcome_measure_update(
                measure=measure, officer=request.user, expected_version=measure.version, **data
            )
        except EditConflict:
            measure.refresh_from_db()
            return self._stale(measure)
        except ValidationError as error:
            raise _as_api_error(error) from error
        self.etag_record = measure
        return Response(MeasureSerializer(measure).data)

    def _stale(self, measure):
        self.etag_record = measure
        response = Response(
            MeasureSerializer(measure).data, status=status.HTTP_412_PRECONDITION_FAILED
        )
        response["ETag"] = etag_for(measure)
        return response


class InterventionMeasureCreateView(APIView):
    """POST /interventions/{id}/outcome-measures/: record a measure on a Cyber Prevent
    intervention."""

    parser_classes = [JSONParser]

    @extend_schema(
        summary="Record an outcome measure for a Cyber Prevent intervention, at its end or 6, "
        "12 or 24 months after",
        request=MeasureCreateSerializer,
        responses={201: MeasureSerializer, **error_responses(400, 404, 415, 422)},
        parameters=[idempotency_key_parameter("outcome measure")],
        examples=[
            OpenApiExample(
                "Six months after (synthetic)",
                request_only=True,
                value={
                    "point": "6m",
                    "measured_on": "2026-01-20",
                    "engagement": "full",
                    "completion": "completed",
                    "education_employment": "education",
                    "legal_use": "taken_up",
                    "legal_use_detail": "A capture-the-flag club",
                    "notes": "",
                },
            )
        ],
    )
    def post(self, request, id):
        access.require_capability(request.user, ADD_MEASURE)
        intervention = intervention_get(user=request.user, intervention_id=id)
        case = intervention.case
        if case.case_type != CaseType.CYBER_PREVENT:
            raise Http404("Not a Cyber Prevent intervention.")
        data = validated_body(MeasureCreateSerializer, request)

        def record():
            try:
                return services.outcome_measure_record(
                    intervention=intervention, officer=request.user, **data
                )
            except ValidationError as error:
                raise _as_api_error(error) from error

        return create_once(
            request,
            purpose="cyber_impact.outcome_measure_record",
            noun="outcome measure",
            create=record,
            shown=lambda measure: MeasureSerializer(measure).data,
            again=lambda measure_id: selectors.measure_get(
                user=request.user, measure_id=measure_id
            ),
        )
