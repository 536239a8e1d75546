"""A case's support over the API: the pages' selectors and services, access from the case.

Under the case (`/api/v1/cases/{case_id}/...`): its interventions, consent history, support
plan and signposting, read and added to (creates take an Idempotency-Key). At their own
addresses: an intervention (`/api/v1/interventions/{id}/`, changed with If-Match, moved on
with `.../transitions/`), a consent record, a signposting (its response, with If-Match).
Everything takes its access from the case: a restricted case's support is a 404 off its
access list, and a change needs the right to change the case.
"""

from django.core.exceptions import ValidationError
from django.db import models
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.models import User
from apps.cases.choices import CaseType
from apps.core import access
from apps.core.api import as_api_error, create_once, error_responses, idempotency_key_parameter
from apps.core.concurrency import EditConflict, etag_for
from apps.core.viewsets import (
    IF_MATCH_PARAMETER,
    ConditionalUpdateMixin,
    SelectorViewSet,
    if_match_refusal,
)
from apps.interventions import selectors, services
from apps.interventions.api.serializers import (
    ConsentCreateSerializer,
    ConsentRecordSerializer,
    InterventionCreateSerializer,
    InterventionSerializer,
    InterventionStepSerializer,
    InterventionUpdateSerializer,
    SignpostingCreateSerializer,
    SignpostingResponseSerializer,
    SignpostingSerializer,
    SupportPlanSerializer,
    SupportPlanWriteSerializer,
)
from apps.interventions.choices import InterventionScheme
from apps.interventions.models import Intervention, Signposting, SupportPlan


def _run(call, /, **kwargs):
    """A service's refusal: the wrong stage 409, anything else 400 naming the field."""
    try:
        return call(**kwargs)
    except EditConflict:
        raise
    except ValidationError as error:
        raise as_api_error(error) from error


def _fresh(model, pk):
    """The record as saved, read again (the services hand back partial copies)."""
    return model.objects.select_related("case").get(pk=pk)


def intervention_update_by_api(
    *, intervention: Intervention, officer: User, expected_version: int, **changes
) -> Intervention:
    updated = _run(
        services.intervention_update,
        intervention=intervention,
        officer=officer,
        expected_version=expected_version,
        **changes,
    )
    return _fresh(Intervention, updated.pk)


def signposting_respond_by_api(
    *, signposting: Signposting, officer: User, expected_version: int, **changes
) -> Signposting:
    updated = _run(
        services.signposting_respond,
        signposting=signposting,
        officer=officer,
        expected_version=expected_version,
        **changes,
    )
    return _fresh(Signposting, updated.pk)


class CaseRecordsMixin:
    """Support records take their access from their case (ADR 0019's If-Match rule apart)."""

    def access_record(self, record: models.Model) -> models.Model:
        return record.case


def _listed(view, request, *, scope: str, serializer):
    page = view.paginate_queryset(view.get_queryset())
    terms = {"limit": view.paginator.limit, "offset": view.paginator.offset}
    shown = selectors.list_consult(user=request.user, records=page, terms=terms, scope=scope)
    context = {"request": request}
    return view.get_paginated_response(serializer(shown, many=True, context=context).data)


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
class InterventionViewSet(
    CaseRecordsMixin, ConditionalUpdateMixin, mixins.RetrieveModelMixin, SelectorViewSet
):
    """Interventions. Record sessions, dates and outcome with PATCH/PUT and If-Match."""

    serializer_class = InterventionSerializer
    list_selector = selectors.intervention_list
    detail_selector = selectors.intervention_get
    detail_lookup = "intervention_id"
    update_serializer_class = InterventionUpdateSerializer
    update_service = intervention_update_by_api
    record_arg = "intervention"
    update_examples = (
        OpenApiExample(
            "Sessions held (synthetic)",
            request_only=True,
            value={"sessions_held": 4, "end_date": "2031-03-31"},
        ),
    )

    def list(self, request, *args, **kwargs):
        return _listed(self, request, scope="api interventions", serializer=InterventionSerializer)

    def get_queryset(self):
        return super().get_queryset().order_by("-created_at", "pk")

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        summary="Start, complete or stop the support (complete and stop record the outcome; "
        "support that needs consent starts only while consent is given)",
        request=InterventionStepSerializer,
        responses={200: InterventionSerializer, **error_responses(400, 404, 409, 415)},
        examples=[
            OpenApiExample("Start", request_only=True, value={"step": "start"}),
            OpenApiExample(
                "Complete (synthetic)",
                request_only=True,
                value={"step": "complete", "outcome": "Engaged well; goals met"},
            ),
        ],
    )
    @action(detail=True, methods=["post"], url_path="transitions")
    def transitions(self, request, *args, **kwargs):
        intervention = self.get_object()
        access.require(request.user, access.CHANGE, intervention.case)
        body = InterventionStepSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        _run(
            services.intervention_transition,
            intervention=intervention,
            officer=request.user,
            step=body.validated_data["step"],
            outcome=body.validated_data["outcome"],
        )
        intervention = _fresh(Intervention, intervention.pk)
        self.etag_record = intervention
        return Response(self.get_serializer(intervention).data)


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
    """Consent is a history: each step is a new record (POST under the case), never edited."""

    serializer_class = ConsentRecordSerializer
    list_selector = selectors.consent_list
    detail_selector = selectors.consent_get
    detail_lookup = "consent_id"

    def list(self, request, *args, **kwargs):
        return _listed(self, request, scope="api consent", serializer=ConsentRecordSerializer)

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)


@extend_schema_view(
    list=extend_schema(
        summary="Signposting on the cases the caller may see, newest first (recorded)",
        responses={200: SignpostingSerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="One signposting (recorded)",
        responses={200: SignpostingSerializer, **error_responses(404)},
    ),
)
class SignpostingViewSet(
    CaseRecordsMixin, ConditionalUpdateMixin, mixins.RetrieveModelMixin, SelectorViewSet
):
    """Signposting to other services. Record the service's response with PATCH and If-Match."""

    serializer_class = SignpostingSerializer
    list_selector = selectors.signposting_list
    detail_selector = selectors.signposting_get
    detail_lookup = "signposting_id"
    update_serializer_class = SignpostingResponseSerializer
    update_service = signposting_respond_by_api
    record_arg = "signposting"
    update_examples = (
        OpenApiExample(
            "Accepted (synthetic)",
            request_only=True,
            value={
                "response": "accepted",
                "response_on": "2026-02-10",
                "response_note": "Early help worker allocated",
            },
        ),
    )

    def list(self, request, *args, **kwargs):
        return _listed(self, request, scope="api signposting", serializer=SignpostingSerializer)

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)


# --- Under the case ---------------------------------------------------------------------------


class CaseSupportView(APIView):
    """A list of the case's support records, and adding one (Idempotency-Key)."""

    capability = ""  # to add
    noun = ""

    def case(self, request, case_id):
        return selectors.case_for_support(user=request.user, case_id=case_id)

    def may_add(self, request, case):
        access.require_capability(request.user, self.capability)
        access.require(request.user, access.CHANGE, case)

    def add(self, request, case, *, body_class, create, shown, again):
        self.may_add(request, case)
        body = body_class(data=request.data)
        body.is_valid(raise_exception=True)
        return create_once(
            request,
            purpose=f"interventions.{self.noun}_create:{case.pk}",
            noun=self.noun,
            create=lambda: create(body.validated_data),
            shown=shown,
            again=again,
        )


def _recorded(request, case, records, scope: str) -> list:
    return selectors.list_consult(
        user=request.user, records=records, terms={"case": case.reference}, scope=scope
    )


INTERVENTION_EXAMPLE = {
    "type": "engagement-visit",
    "objective": "Build a trusted relationship with the family (synthetic)",
    "start_date": "2026-01-12",
}


class CaseInterventionsView(CaseSupportView):
    capability = "interventions.add_intervention"
    noun = "intervention"

    @extend_schema(
        summary="The case's interventions (the case's consultation and the listing recorded)",
        responses={200: InterventionSerializer(many=True), **error_responses(404)},
    )
    def get(self, request, case_id):
        case = self.case(request, case_id)
        records = selectors.intervention_list(user=request.user).filter(case=case)
        shown = _recorded(
            request, case, records.order_by("-start_date", "pk"), "case interventions"
        )
        return Response(InterventionSerializer(shown, many=True, context={"request": request}).data)

    @extend_schema(
        summary="Plan an intervention on the case (a provider the directory offers for the "
        "person, or none)",
        request=InterventionCreateSerializer,
        responses={201: InterventionSerializer, **error_responses(400, 404, 415, 422)},
        parameters=[idempotency_key_parameter("intervention")],
        examples=[
            OpenApiExample(
                "Police-delivered (synthetic)", request_only=True, value=INTERVENTION_EXAMPLE
            )
        ],
    )
    def post(self, request, case_id):
        case = self.case(request, case_id)
        scheme = (
            InterventionScheme.CYBER
            if case.case_type == CaseType.CYBER_PREVENT
            else InterventionScheme.PREVENT
        )

        def create(data):
            if data["type"].scheme != scheme:
                raise ApiValidationError(
                    {"type": ["That type of intervention is not offered for this kind of case"]}
                )
            return _run(
                services.intervention_create,
                case=case,
                officer=request.user,
                intervention_type=data["type"],
                provider=data.get("provider"),
                objective=data["objective"],
                start_date=data["start_date"],
                end_date=data.get("end_date"),
            )

        context = {"request": request}
        return self.add(
            request,
            case,
            body_class=InterventionCreateSerializer,
            create=create,
            shown=lambda made: (
                InterventionSerializer(_fresh(Intervention, made.pk), context=context).data
            ),
            again=lambda made_id: selectors.intervention_get(
                user=request.user, intervention_id=made_id
            ),
        )


class CaseConsentsView(CaseSupportView):
    capability = "interventions.add_consentrecord"
    noun = "consent record"

    @extend_schema(
        summary="The case's consent history, newest first (the newest is the current consent)",
        responses={200: ConsentRecordSerializer(many=True), **error_responses(404)},
    )
    def get(self, request, case_id):
        case = self.case(request, case_id)
        access.require_capability(request.user, "interventions.view_consentrecord")
        records = selectors.consent_list(user=request.user).filter(case=case)
        return Response(
            ConsentRecordSerializer(
                _recorded(request, case, records, "case consent"), many=True
            ).data
        )

    @extend_schema(
        summary="Record a step of consent: given, declined, withdrawn (which stops the support "
        "that needs it) or not yet sought; by the person or, for a child, a parent or guardian",
        request=ConsentCreateSerializer,
        responses={201: ConsentRecordSerializer, **error_responses(400, 404, 415, 422)},
        parameters=[idempotency_key_parameter("consent record")],
        examples=[
            OpenApiExample(
                "Given by a parent (synthetic)",
                request_only=True,
                value={
                    "status": "given",
                    "recorded_on": "2026-01-05",
                    "given_by": "parent_guardian",
                    "guardian_name": "Alex Example",
                    "how_sought": "face_to_face",
                },
            )
        ],
    )
    def post(self, request, case_id):
        case = self.case(request, case_id)
        return self.add(
            request,
            case,
            body_class=ConsentCreateSerializer,
            create=lambda data: _run(
                services.consent_record, case=case, officer=request.user, **data
            ),
            shown=lambda made: ConsentRecordSerializer(made).data,
            again=lambda made_id: selectors.consent_get(user=request.user, consent_id=made_id),
        )


class CaseSignpostingView(CaseSupportView):
    capability = "interventions.add_signposting"
    noun = "signposting"

    @extend_schema(
        summary="The case's signposting to other services, newest first (recorded)",
        responses={200: SignpostingSerializer(many=True), **error_responses(404)},
    )
    def get(self, request, case_id):
        case = self.case(request, case_id)
        records = selectors.signposting_list(user=request.user).filter(case=case)
        return Response(
            SignpostingSerializer(
                _recorded(request, case, records, "case signposting"), many=True
            ).data
        )

    @extend_schema(
        summary="Record that the person was signposted to another service",
        request=SignpostingCreateSerializer,
        responses={201: SignpostingSerializer, **error_responses(400, 404, 415, 422)},
        parameters=[idempotency_key_parameter("signposting")],
        examples=[
            OpenApiExample(
                "Early help (synthetic)",
                request_only=True,
                value={
                    "service": "early-help",
                    "signposted_on": "2026-01-20",
                    "reason": "Family support needs beyond Prevent",
                },
            )
        ],
    )
    def post(self, request, case_id):
        case = self.case(request, case_id)
        return self.add(
            request,
            case,
            body_class=SignpostingCreateSerializer,
            create=lambda data: _run(
                services.signposting_record, case=case, officer=request.user, **data
            ),
            shown=lambda made: SignpostingSerializer(_fresh(Signposting, made.pk)).data,
            again=lambda made_id: selectors.signposting_get(
                user=request.user, signposting_id=made_id
            ),
        )


PLAN_ETAG = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=[200, 201, 412],
    description='The plan\'s version, quoted ("3"): send it back as If-Match to change it',
)


class CaseSupportPlanView(APIView):
    """The case's support plan: one per case, written with PUT."""

    def _plan(self, request, case_id) -> tuple:
        case = selectors.case_for_support(user=request.user, case_id=case_id)
        return case, SupportPlan.objects.filter(case=case).select_related("case").first()

    @staticmethod
    def _shown(plan: SupportPlan, code: int = status.HTTP_200_OK) -> Response:
        response = Response(SupportPlanSerializer(plan).data, status=code)
        response["ETag"] = etag_for(plan)
        return response

    @extend_schema(
        summary="The case's support plan (404 when none is written yet)",
        parameters=[PLAN_ETAG],
        responses={200: SupportPlanSerializer, **error_responses(404)},
    )
    def get(self, request, case_id):
        _case, plan = self._plan(request, case_id)
        if plan is None:
            raise NotFound("This case has no support plan yet: write one with PUT.")
        return self._shown(plan)

    @extend_schema(
        summary="Write the case's support plan: the first time without If-Match (201); "
        "after that with the plan's ETag in If-Match (428 without, 412 when stale)",
        request=SupportPlanWriteSerializer,
        parameters=[
            OpenApiParameter(
                "If-Match",
                str,
                OpenApiParameter.HEADER,
                description=IF_MATCH_PARAMETER.description + " Not needed for the first plan.",
            ),
            PLAN_ETAG,
        ],
        responses={
            200: SupportPlanSerializer,
            201: SupportPlanSerializer,
            **error_responses(400, 404, 415, 428),
            412: OpenApiResponse(
                SupportPlanSerializer,
                description="The plan changed since it was read: here it is as it is now",
            ),
        },
        examples=[
            OpenApiExample(
                "A plan (synthetic)",
                request_only=True,
                value={
                    "objectives": "Reduce isolation; build a trusted relationship",
                    "consent_approach": "The officer asks the parent at the home visit",
                    "review_on": "2031-04-30",
                },
            )
        ],
    )
    def put(self, request, case_id):
        case, plan = self._plan(request, case_id)
        access.require_capability(request.user, "interventions.change_supportplan")
        access.require(request.user, access.CHANGE, case)
        if plan is not None and (
            refused := if_match_refusal(request, plan, stale=lambda current: self._stale(current))
        ):
            return refused
        body = SupportPlanWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            saved = _run(
                services.support_plan_save,
                case=case,
                officer=request.user,
                expected_version=plan.version if plan is not None else None,
                **body.validated_data,
            )
        except EditConflict:
            return self._stale(SupportPlan.objects.get(case=case))
        saved = SupportPlan.objects.select_related("case").get(pk=saved.pk)
        return self._shown(saved, status.HTTP_200_OK if plan else status.HTTP_201_CREATED)

    def _stale(self, current: SupportPlan) -> Response:
        return self._shown(current, status.HTTP_412_PRECONDITION_FAILED)
