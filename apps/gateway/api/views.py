"""The Gateway over the API: de-confliction, decisions, sign-off and the enquiries log.

The same selectors and services as the pages (apps/gateway/views.py), so the same access
decisions, workflow guards and audit events; refusals come back as 400 (naming the field),
403, 404 or 409 (the record is not at the stage the step needs).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core import access, audit, workflow
from apps.core.api import (
    BoundedLimitOffsetPagination,
    create_once,
    error_responses,
    filterset_parameters,
    idempotency_key_parameter,
    validated_body,
)
from apps.core.forms import validation_messages
from apps.gateway import selectors, services
from apps.gateway.api.serializers import (
    DecisionProposeSerializer,
    EnquiryCreateSerializer,
    EnquirySerializer,
    GatewayDecisionSerializer,
    LiveInvestigationCheckSerializer,
    MatchDecisionSerializer,
    SignOffSerializer,
)
from apps.gateway.filters import EnquiryFilter
from apps.gateway.views import STEP_ONE_FIRST, _decision_not_now
from apps.matching import deconfliction as matching
from apps.matching.api.serializers import MatchResponseSerializer
from apps.people.selectors import person_get
from apps.referrals.api.serializers import ReferralSerializer
from apps.referrals.selectors import referral_get, referral_people_shown

# Refusals a service marks as "already done" or "not at this stage": a conflict, not bad input.
CONFLICT_CODES = {"already_decided", "already_checked", "invalid_stage", "not_ready"}


def _as_api_error(error: ValidationError):
    if getattr(error, "code", None) in CONFLICT_CODES:
        return Response({"detail": " ".join(error.messages)}, status=status.HTTP_409_CONFLICT)
    raise ApiValidationError(validation_messages(error)) from error


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This conflicts with the record's current state."


def _raise_api_error(error: ValidationError):
    """As `_as_api_error`, raised, for a create made inside `create_once`."""
    if getattr(error, "code", None) in CONFLICT_CODES:
        raise Conflict(" ".join(error.messages)) from error
    raise ApiValidationError(validation_messages(error)) from error


def _referral(request, pk):
    """The referral, as the de-confliction and decision pages fetch it (CHANGE, recorded)."""
    return referral_get(user=request.user, referral_id=pk, action=access.CHANGE)


def _shown_referral(request, referral) -> dict:
    shown = referral_people_shown(user=request.user, referrals=[referral])
    return ReferralSerializer(shown[0], context={"request": request}).data


def _candidates(request, referral) -> dict:
    """As the de-confliction page finds them (one recorded search; never the person created
    from this referral): {"people": [...], "external": [...]} of matching Candidates."""
    found = selectors.deconfliction_candidates(user=request.user, referral=referral)
    return {"people": found["candidates"], "external": found["external_candidates"]}


class GatewayAPIView(APIView):
    parser_classes = [JSONParser]


class DeconflictionView(GatewayAPIView):
    @extend_schema(
        summary="People and external index entries who may be the referral's subject "
        "(recorded as a search)",
        responses={200: MatchResponseSerializer, **error_responses(404)},
    )
    def get(self, request, pk):
        referral = _referral(request, pk)
        found = _candidates(request, referral)
        return Response(
            {
                "people": [candidate.as_dict() for candidate in found["people"]],
                "external": [candidate.as_dict() for candidate in found["external"]],
            }
        )


class MatchDecisionView(GatewayAPIView):
    @extend_schema(
        summary="Record who the referral is about: a listed candidate, or a new person",
        request=MatchDecisionSerializer,
        responses={201: ReferralSerializer, **error_responses(400, 404, 409, 415)},
        examples=[
            OpenApiExample(
                "None of the candidates: a new person",
                request_only=True,
                value={"person": "new", "reason": "No candidate shares the date of birth"},
            )
        ],
    )
    def post(self, request, pk):
        referral = _referral(request, pk)
        data = validated_body(MatchDecisionSerializer, request)
        found = _candidates(request, referral)
        choices = {
            candidate.id
            for candidate in found["people"]
            if candidate.kind == "person" and candidate.visible
        }
        choice = data["person"].strip()
        if choice != "new" and choice not in choices:
            raise ApiValidationError(
                {"person": ["Choose one of the people listed for this referral, or new"]}
            )
        person = None if choice == "new" else person_get(user=request.user, person_id=choice)
        try:
            matching.match_decision_record(
                referral=referral,
                officer=request.user,
                person=person,
                reason=data["reason"],
                candidates_shown=[candidate.as_dict() for candidate in found["people"]],
            )
        except ValidationError as error:
            return _as_api_error(error)
        referral.refresh_from_db()
        return Response(_shown_referral(request, referral), status=status.HTTP_201_CREATED)


class LiveInvestigationCheckView(GatewayAPIView):
    @extend_schema(
        summary="Record the check against live counter-terrorism investigations",
        request=LiveInvestigationCheckSerializer,
        responses={201: ReferralSerializer, **error_responses(400, 404, 409, 415)},
        examples=[
            OpenApiExample("No trace", request_only=True, value={"result": "no_trace", "note": ""})
        ],
    )
    def post(self, request, pk):
        referral = _referral(request, pk)
        data = validated_body(LiveInvestigationCheckSerializer, request, team=referral.team)
        if referral.person_id is None:
            # As on the page: the steps are in order.
            return Response({"detail": STEP_ONE_FIRST}, status=status.HTTP_409_CONFLICT)
        try:
            referral = matching.live_investigation_check_record(
                referral=referral,
                officer=request.user,
                result=data["result"],
                sio=data.get("sio"),
                supervisor=data.get("supervisor"),
                note=data["note"],
            )
        except ValidationError as error:
            return _as_api_error(error)
        referral.refresh_from_db()
        return Response(_shown_referral(request, referral), status=status.HTTP_201_CREATED)


class DeconflictionCompleteView(GatewayAPIView):
    @extend_schema(
        summary="Complete de-confliction: the referral goes on to Gateway assessment",
        request=None,
        responses={200: ReferralSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request, pk):
        referral = _referral(request, pk)
        try:
            referral = matching.deconfliction_complete(referral=referral, officer=request.user)
        except ValidationError as error:
            return _as_api_error(error)
        return Response(_shown_referral(request, referral))


class DecisionProposeView(GatewayAPIView):
    @extend_schema(
        summary="Propose the Gateway decision; it goes to a supervisor for sign-off",
        request=DecisionProposeSerializer,
        responses={201: GatewayDecisionSerializer, **error_responses(400, 404, 409, 415, 422)},
        parameters=[idempotency_key_parameter("decision")],
        examples=[
            OpenApiExample(
                "No further action (synthetic)",
                request_only=True,
                value={
                    "outcome": "nfa",
                    "threshold_met": False,
                    "rationale": "No indication of radicalisation; school support in place.",
                    "history_considered": True,
                },
            )
        ],
    )
    def post(self, request, pk):
        referral = _referral(request, pk)
        access.require_capability(request.user, "gateway.add_gatewaydecision")
        data = validated_body(DecisionProposeSerializer, request)

        def propose():
            # Checked here, not before: a repeat of a proposal made is answered with it.
            possible = workflow.available_transitions(referral, user=request.user).possible
            if "propose_decision" not in possible:
                raise Conflict(_decision_not_now(referral))
            try:
                return services.gateway_decision_propose(
                    referral=referral, officer=request.user, **data
                )
            except ValidationError as error:
                _raise_api_error(error)

        return create_once(
            request,
            purpose="gateway.gateway_decision_propose",
            noun="decision",
            create=propose,
            shown=lambda decision: GatewayDecisionSerializer(decision).data,
            again=lambda decision_id: selectors.gateway_decision_get(
                user=request.user, decision_id=decision_id
            ),
        )


class DecisionListView(GatewayAPIView):
    pagination_class = BoundedLimitOffsetPagination

    @extend_schema(
        summary="Decisions awaiting sign-off that the caller may see (a recorded listing)",
        responses={200: GatewayDecisionSerializer(many=True), **error_responses(400)},
    )
    def get(self, request):
        paginator = self.pagination_class()
        decisions = selectors.decisions_awaiting_sign_off(user=request.user).order_by(
            "proposed_at", "pk"
        )
        page = paginator.paginate_queryset(decisions, request, view=self)
        audit.record_search(
            user=request.user,
            scope="api decisions awaiting sign-off",
            terms={"limit": paginator.limit, "offset": paginator.offset},
            result_count=len(page),
            detail={"references": [decision.referral.reference for decision in page]},
        )
        return paginator.get_paginated_response(GatewayDecisionSerializer(page, many=True).data)


class DecisionDetailView(GatewayAPIView):
    @extend_schema(
        summary="One Gateway decision (its referral is recorded as consulted)",
        responses={200: GatewayDecisionSerializer, **error_responses(404)},
    )
    def get(self, request, pk):
        decision = selectors.gateway_decision_get(user=request.user, decision_id=pk)
        return Response(GatewayDecisionSerializer(decision).data)


class DecisionSignOffView(GatewayAPIView):
    @extend_schema(
        summary="Sign the decision off, or return it for more work (never by its proposer)",
        request=SignOffSerializer,
        responses={200: GatewayDecisionSerializer, **error_responses(400, 404, 409, 415)},
        examples=[
            OpenApiExample("Sign it off", request_only=True, value={"approve": True}),
            OpenApiExample(
                "Return it",
                request_only=True,
                value={"approve": False, "comment": "Ask the school about attendance first."},
            ),
        ],
    )
    def post(self, request, pk):
        decision = selectors.gateway_decision_get(user=request.user, decision_id=pk)
        transitions = workflow.available_transitions(decision, user=request.user)
        if transitions.refused("sign_off"):
            raise PermissionDenied("You may not sign off this decision.")
        if not transitions.allowed:
            return Response(
                {"detail": "This decision has already been signed off or returned"},
                status=status.HTTP_409_CONFLICT,
            )
        data = validated_body(SignOffSerializer, request)
        try:
            decision = services.gateway_decision_sign_off(
                decision=decision,
                supervisor=request.user,
                approve=data["approve"],
                comment=data["comment"],
            )
        except ValidationError as error:
            return _as_api_error(error)
        return Response(GatewayDecisionSerializer(decision).data)


class EnquiryListView(GatewayAPIView):
    pagination_class = BoundedLimitOffsetPagination

    @extend_schema(
        summary="The enquiries log (each listing is recorded)",
        parameters=filterset_parameters(EnquiryFilter),
        responses={200: EnquirySerializer(many=True), **error_responses(400)},
    )
    def get(self, request):
        access.require_capability(request.user, "gateway.view_enquiry")
        filterset = EnquiryFilter(
            request.query_params, queryset=selectors.enquiry_list(user=request.user)
        )
        if not filterset.is_valid():
            raise ApiValidationError(filterset.errors)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            filterset.qs.order_by("-received_at", "pk"), request, view=self
        )
        terms = {
            name: request.query_params[name]
            for name in EnquiryFilter.base_filters
            if request.query_params.get(name, "").strip()
        }
        audit.record_search(
            user=request.user,
            scope="api enquiries",
            terms=terms,
            result_count=len(page),
            detail={"references": [enquiry.reference for enquiry in page]},
        )
        return paginator.get_paginated_response(EnquirySerializer(page, many=True).data)

    @extend_schema(
        summary="Record an enquiry",
        request=EnquiryCreateSerializer,
        responses={201: EnquirySerializer, **error_responses(400, 415, 422)},
        parameters=[idempotency_key_parameter("enquiry")],
        examples=[
            OpenApiExample(
                "A partner asks about a referral (synthetic)",
                request_only=True,
                value={
                    "direction": "external",
                    "received_at": "2026-11-20T14:30:00Z",
                    "enquirer": "Sam Enquirer",
                    "organisation": "Oakfield Academy",
                    "subject": "Has our referral been received?",
                    "response": "Yes: it is being assessed.",
                },
            )
        ],
    )
    def post(self, request):
        access.require_capability(request.user, "gateway.add_enquiry")
        data = dict(validated_body(EnquiryCreateSerializer, request))
        if data["response"]:
            data["responded_at"] = timezone.now()

        def record():
            try:
                return services.enquiry_record(officer=request.user, **data)
            except ValidationError as error:
                _raise_api_error(error)

        return create_once(
            request,
            purpose="gateway.enquiry_record",
            noun="enquiry",
            create=record,
            shown=lambda enquiry: EnquirySerializer(enquiry).data,
            again=lambda enquiry_id: selectors.enquiry_list(user=request.user).get(pk=enquiry_id),
        )
