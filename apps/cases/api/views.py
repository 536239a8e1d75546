"""Cases over the API: the same selectors, services, access and audit as the pages.

`/api/v1/cases/` (list, read, change with If-Match, workflow steps), with each case's
directions, contacts and reviews listed and created under it; a direction, contact or review
is then read and changed at its own address (`/api/v1/directions/{id}/` …), always through
its case (a restricted case and everything in it are a 404 off its access list).
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
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from apps.accounts.models import Team, User
from apps.cases import selectors, services
from apps.cases.api.serializers import (
    CaseSerializer,
    CaseUpdateSerializer,
    ContactAmendSerializer,
    ContactCreateSerializer,
    ContactSerializer,
    DeliverySerializer,
    DirectionCreateSerializer,
    DirectionSerializer,
    DirectionUpdateSerializer,
    ReasonSerializer,
    ReoffendingCheckRecordSerializer,
    ReoffendingCheckSerializer,
    ReviewRecordSerializer,
    ReviewSerializer,
    TransferDecisionSerializer,
    TransferOfferSerializer,
    TransferSerializer,
    TransitionSerializer,
)
from apps.cases.filters import CheckFilter
from apps.cases.models import Case, CheckSystem
from apps.core import access
from apps.core.api import error_responses, filterset_parameters, validated_body
from apps.core.concurrency import EditConflict, etag_for
from apps.core.forms import validation_messages
from apps.core.viewsets import (
    IF_MATCH_PARAMETER,
    ConditionalUpdateMixin,
    SelectorViewSet,
    if_match_refusal,
    nested_route,
    read_schema,
)

CAPABILITY = "cases.view_case"


def _user(username: str, field: str) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise ApiValidationError({field: ["No active user has that username"]})
    return user


def _officers(names: str) -> list[User]:
    return [_user(name.strip(), "officers") for name in names.split(",") if name.strip()]


def _run(service, **kwargs):
    """A service's refusal as a 400 naming the field; a refused role as 403."""
    try:
        return service(**kwargs)
    except EditConflict:
        raise
    except ValidationError as error:
        raise ApiValidationError(validation_messages(error)) from error


def _list(view, request, queryset, *, serializer, scope: str, prepare=None):
    access.require_capability(request.user, CAPABILITY)
    page = view.paginate_queryset(queryset)
    if prepare is not None:
        page = prepare(page)
    terms = {"limit": view.paginator.limit, "offset": view.paginator.offset}
    selectors.records_list_consult(user=request.user, scope=scope, records=page, terms=terms)
    return view.get_paginated_response(
        serializer(page, many=True, context={"request": request}).data
    )


def _with_etag(response: Response, record: models.Model) -> Response:
    response["ETag"] = etag_for(record)
    return response


def _stale(record: models.Model, serializer) -> Response:
    """412: the record as it is now, in the body, with its ETag (ADR 0019)."""
    return _with_etag(
        Response(serializer(record).data, status=status.HTTP_412_PRECONDITION_FAILED), record
    )


ETAG = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=[200, 201, 412],
    description='The record\'s version, quoted ("3"): send it back as If-Match to change it',
)
CONDITIONAL = {"parameters": [IF_MATCH_PARAMETER, ETAG]}


def _case_update_by_api(*, case: Case, officer: User, expected_version: int, **values) -> Case:
    """The page's service, with the SIO named by username."""
    if "sio" in values:
        username = values.pop("sio")
        values["sio_id"] = _user(username, "sio").pk if username else None
    return _run(
        services.case_update,
        case=case,
        officer=officer,
        expected_version=expected_version,
        **values,
    )


def _direction_create(request, case) -> Response:
    data = validated_body(DirectionCreateSerializer, request)
    direction = _run(
        services.direction_record,
        case=case,
        officer=request.user,
        tactic=data["tactic"],
        rationale=data["rationale"],
        due_on=data["due_on"],
        priority=data["priority"],
        tasked_officer=_user(data["tasked_officer"], "tasked_officer"),
    )
    return Response(DirectionSerializer(direction).data, status=status.HTTP_201_CREATED)


def _contact_create(request, case) -> Response:
    data = validated_body(ContactCreateSerializer, request)
    if data["follow_up"].strip():
        raise ApiValidationError(
            {"follow_up": ["Set follow-up actions as tasks through /api/v1/ tasks"]}
        )
    contact = _run(
        services.contact_record,
        case=case,
        officer=request.user,
        kind=data["kind"],
        occurred_at=data["occurred_at"],
        location=data["location"],
        officers=_officers(data["officers"]),
        other_attendees=data["other_attendees"],
        summary=data["summary"],
        follow_up="",
    )
    contact = selectors.contact_get(user=request.user, case_id=case.pk, contact_id=contact.pk)
    return Response(ContactSerializer(contact).data, status=status.HTTP_201_CREATED)


# A record inside a case at its own address: listed across the cases the caller may see (the
# listing recorded under `scope`), read through its case. (A comment, not a docstring: the
# schema would give it as every subclass's description.)
class _CaseRecordViewSet(mixins.RetrieveModelMixin, SelectorViewSet):
    abstract = True
    scope = ""
    # Prepares a page of records before it is serialised (the contacts' current versions).
    prepare = None

    def list(self, request, *args, **kwargs):
        return _list(
            self,
            request,
            self.get_queryset(),
            serializer=self.serializer_class,
            scope=self.scope,
            prepare=type(self).prepare,
        )


@read_schema(
    CaseSerializer,
    list_summary="Cases the caller may see (each one listed is recorded as consulted)",
    retrieve_summary="One case (recorded as consulted)",
)
class CaseViewSet(ConditionalUpdateMixin, mixins.RetrieveModelMixin, SelectorViewSet):
    """Cases. Change details with PUT/PATCH and If-Match; move the case on with transitions."""

    serializer_class = CaseSerializer
    list_selector = selectors.case_list
    detail_selector = selectors.case_get
    detail_lookup = "case_id"
    update_serializer_class = CaseUpdateSerializer
    update_service = _case_update_by_api
    record_arg = "case"
    update_examples = (
        OpenApiExample(
            "The case's references (synthetic)",
            request_only=True,
            value={
                "niche_reference": "NC-26-000123",
                "channel_reference": "CH-TV-2026-017",
                "review_interval_months": 3,
                "protective_marking": "OFFICIAL-SENSITIVE",
            },
        ),
    )

    def list(self, request, *args, **kwargs):
        access.require_capability(request.user, CAPABILITY)
        page = self.paginate_queryset(self.get_queryset().order_by("-opened_at", "pk"))
        terms = {"limit": self.paginator.limit, "offset": self.paginator.offset}
        cases = selectors.case_list_consult(user=request.user, cases=page, terms=terms)
        return self.get_paginated_response(self.get_serializer(cases, many=True).data)

    @extend_schema(
        summary="Take a workflow step (start_assessment, start_support, start_review, exit, "
        "close, reopen) with its reason",
        request=TransitionSerializer,
        responses={200: CaseSerializer, **error_responses(400, 403, 404, 415)},
        examples=[
            OpenApiExample(
                "Start the assessment",
                request_only=True,
                value={"step": "start_assessment", "reason": "Ready to assess (synthetic)"},
            )
        ],
    )
    @action(detail=True, methods=["post"], url_path="transitions")
    def transitions(self, request, *args, **kwargs):
        case = self.get_object()
        access.require(request.user, access.CHANGE, case)
        data = validated_body(TransitionSerializer, request)
        step, reason = data["step"], data["reason"]
        if step == "exit":
            _run(
                services.case_exit,
                case=case,
                officer=request.user,
                reason=reason,
                decided_by=data.get("decided_by", ""),
                extend_to_24=data["extend_to_24"],
            )
        elif step == "close":
            _run(services.case_close, case=case, officer=request.user, reason=reason)
        elif step == "reopen":
            _run(services.case_reopen, case=case, officer=request.user, reason=reason)
        else:
            _run(
                services.case_transition, case=case, officer=request.user, name=step, reason=reason
            )
        case.refresh_from_db()
        return Response(self.get_serializer(case).data)

    @extend_schema(
        summary="Transfer the case (a supervisor): to an officer or region of its team at once, "
        "or offer it to another team, whose supervisor accepts or declines",
        request=TransferSerializer,
        responses={200: CaseSerializer, **error_responses(400, 403, 404, 415)},
        examples=[
            OpenApiExample(
                "To an officer of the team (synthetic)",
                request_only=True,
                value={"to_owner": "prevent.officer", "handover_note": "Takes over the visits"},
            )
        ],
    )
    @action(detail=True, methods=["post"], url_path="transfer")
    def transfer(self, request, *args, **kwargs):
        case = self.get_object()
        access.require(request.user, access.CHANGE, case)
        data = validated_body(TransferSerializer, request)
        to_team = None
        if data["to_team"]:
            to_team = Team.objects.filter(name=data["to_team"], is_active=True).first()
            if to_team is None:
                raise ApiValidationError({"to_team": ["No active team has that name"]})
        _run(
            services.case_transfer,
            case=case,
            officer=request.user,
            to_owner=_user(data["to_owner"], "to_owner") if data["to_owner"] else None,
            to_team=to_team,
            to_region=data["to_region"] or case.region,
            handover_note=data["handover_note"],
        )
        case = selectors.case_get(user=request.user, case_id=case.pk)
        return Response(self.get_serializer(case).data)

    @extend_schema(
        summary="Withdraw the case's offer to another team before it is answered (whoever "
        "offered it, or a supervisor of the offering team), saying why",
        request=ReasonSerializer,
        responses={200: TransferOfferSerializer, **error_responses(400, 403, 404, 415)},
        examples=[
            OpenApiExample(
                "The family stayed (synthetic)",
                request_only=True,
                value={"reason": "The family did not move after all"},
            )
        ],
    )
    @action(detail=True, methods=["post"], url_path="transfer/withdraw")
    def transfer_withdraw(self, request, *args, **kwargs):
        case = self.get_object()
        transfer = selectors.case_transfer_awaiting(case=case)
        if transfer is None:
            raise NotFound("This case has no offer awaiting an answer")
        transfer.case = case
        data = validated_body(ReasonSerializer, request)
        transfer = _run(
            services.case_transfer_withdraw,
            transfer=transfer,
            officer=request.user,
            reason=data["reason"],
        )
        return Response(TransferOfferSerializer(transfer).data)

    directions = nested_route(
        "directions",
        items=lambda case: selectors.case_directions(case=case),
        shape=DirectionSerializer,
        create=lambda view, request, case: _direction_create(request, case),
        list_summary="The case's SIO directions",
        create_summary="The SIO records a direction on the case",
        create_body=DirectionCreateSerializer,
        examples=(
            OpenApiExample(
                "A family visit (synthetic)",
                request_only=True,
                value={
                    "tactic": "Visit the family with the school's safeguarding lead",
                    "rationale": "Understand the home setting before the panel",
                    "due_on": "2031-01-15",
                    "priority": "high",
                    "tasked_officer": "prevent.officer",
                },
            ),
        ),
    )

    contacts = nested_route(
        "contacts",
        items=lambda case: selectors.case_contacts(case=case),
        shape=ContactSerializer,
        create=lambda view, request, case: _contact_create(request, case),
        list_summary="The case's contacts and enquiries (current versions)",
        create_summary="Record a contact or enquiry on the case",
        create_body=ContactCreateSerializer,
        examples=(
            OpenApiExample(
                "A telephone call (synthetic)",
                request_only=True,
                value={
                    "kind": "call",
                    "occurred_at": "2026-01-10T10:30:00Z",
                    "summary": "Spoke to the parent about the mentoring offer",
                },
            ),
        ),
    )

    @extend_schema(
        summary="The case's reviews (due, completed, no longer needed)",
        responses={200: ReviewSerializer(many=True), **error_responses(400, 404)},
    )
    @action(detail=True, methods=["get"], url_path="reviews")
    def reviews(self, request, *args, **kwargs):
        case = self.get_object()
        page = self.paginate_queryset(selectors.case_reviews(case=case))
        return self.get_paginated_response(ReviewSerializer(page, many=True).data)


@read_schema(
    DirectionSerializer,
    list_summary="SIO directions on the cases the caller may see (the listing is recorded)",
    retrieve_summary="One SIO direction (its case's consultation is recorded)",
)
class DirectionViewSet(_CaseRecordViewSet):
    serializer_class = DirectionSerializer
    list_selector = selectors.direction_list
    detail_selector = selectors.direction_get_by_id
    detail_lookup = "direction_id"
    scope = "api directions"

    @extend_schema(
        summary="The SIO changes a direction (If-Match required)",
        request=DirectionUpdateSerializer,
        responses={
            200: DirectionSerializer,
            **error_responses(400, 403, 404, 415, 428),
            412: OpenApiResponse(
                DirectionSerializer,
                description="The direction changed since it was read: here it is as it is now",
            ),
        },
        examples=[
            OpenApiExample(
                "A later due date (synthetic)", request_only=True, value={"due_on": "2031-02-01"}
            )
        ],
        **CONDITIONAL,
    )
    def partial_update(self, request, *args, **kwargs):
        direction = self.get_object()
        access.require(request.user, access.CHANGE, direction.case)
        if not access.has_capability(request.user, "cases.direct_case"):
            raise ApiPermissionDenied("Only the SIO changes a direction.")
        if refused := if_match_refusal(
            request, direction, stale=lambda current: _stale(current, DirectionSerializer)
        ):
            return refused
        data = validated_body(DirectionUpdateSerializer, request)
        try:
            direction = _run(
                services.direction_update,
                direction=direction,
                officer=request.user,
                expected_version=direction.version,
                **data,
            )
        except EditConflict:
            direction.refresh_from_db()
            return _stale(direction, DirectionSerializer)
        return _with_etag(Response(DirectionSerializer(direction).data), direction)

    @extend_schema(
        summary="Record delivery against a direction: done, partly, or not done with the reason",
        request=DeliverySerializer,
        responses={201: DeliverySerializer, **error_responses(400, 403, 404, 415)},
        examples=[
            OpenApiExample(
                "Done (synthetic)",
                request_only=True,
                value={"outcome": "done", "note": "Visit made with the school's lead"},
            )
        ],
    )
    @action(detail=True, methods=["post"], url_path="delivery")
    def delivery(self, request, *args, **kwargs):
        direction = self.get_object()
        access.require(request.user, access.CHANGE, direction.case)
        data = validated_body(DeliverySerializer, request)
        delivery = _run(
            services.direction_deliver,
            direction=direction,
            officer=request.user,
            outcome=data["outcome"],
            note=data["note"],
        )
        return Response(DeliverySerializer(delivery).data, status=status.HTTP_201_CREATED)


@read_schema(
    ContactSerializer,
    list_summary="Contacts and enquiries on the cases the caller may see (recorded)",
    retrieve_summary="One contact, its current version (its case's consultation is recorded)",
)
class ContactViewSet(_CaseRecordViewSet):
    serializer_class = ContactSerializer
    list_selector = selectors.contact_list
    detail_selector = selectors.contact_get_by_id
    detail_lookup = "contact_id"
    scope = "api contacts"
    prepare = selectors.contacts_with_versions

    @extend_schema(
        summary="Amend a contact: a new version with the reason, the earlier one kept "
        "(If-Match required: the contact's ETag is its latest version's number)",
        request=ContactAmendSerializer,
        responses={
            200: ContactSerializer,
            **error_responses(400, 403, 404, 415, 428),
            412: OpenApiResponse(
                ContactSerializer,
                description="Someone amended the contact since it was read: here it is now",
            ),
        },
        examples=[
            OpenApiExample(
                "A corrected location (synthetic)",
                request_only=True,
                value={
                    "occurred_at": "2026-01-10T10:30:00Z",
                    "location": "Youth centre",
                    "summary": "Spoke to the parent about the mentoring offer",
                    "reason": "The location was recorded wrongly",
                },
            )
        ],
        **CONDITIONAL,
    )
    def update(self, request, *args, **kwargs):
        contact = self.get_object()
        access.require(request.user, access.CHANGE, contact.case)
        if refused := if_match_refusal(
            request, contact, stale=lambda current: _stale(current, ContactSerializer)
        ):
            return refused
        data = validated_body(ContactAmendSerializer, request)
        try:
            services.contact_amend(
                contact=contact,
                officer=request.user,
                expected_number=contact.current.number,  # == contact.version (the ETag)
                reason=data["reason"],
                occurred_at=data["occurred_at"],
                location=data["location"],
                officers=_officers(data["officers"]),
                other_attendees=data["other_attendees"],
                summary=data["summary"],
                follow_up=data["follow_up"],
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "edit_conflict":
                current = selectors.contact_get(
                    user=request.user, case_id=contact.case_id, contact_id=contact.pk
                )
                return _stale(current, ContactSerializer)
            raise ApiValidationError(validation_messages(error)) from error
        contact = selectors.contact_get(
            user=request.user, case_id=contact.case_id, contact_id=contact.pk
        )
        self.etag_record = contact
        return _with_etag(Response(ContactSerializer(contact).data), contact)


@read_schema(
    ReviewSerializer,
    list_summary="Reviews on the cases the caller may see (recorded)",
    retrieve_summary="One review (its case's consultation is recorded)",
)
class ReviewViewSet(_CaseRecordViewSet):
    serializer_class = ReviewSerializer
    list_selector = selectors.review_list
    detail_selector = selectors.review_get_by_id
    detail_lookup = "review_id"
    scope = "api reviews"

    @extend_schema(
        summary="Record a review's outcome (post-exit reviews: a supervisor; reopen reopens)",
        request=ReviewRecordSerializer,
        responses={200: ReviewSerializer, **error_responses(400, 403, 404, 415)},
        examples=[
            OpenApiExample(
                "Continue (synthetic)",
                request_only=True,
                value={"outcome": "continue", "notes": "Engaging well with the mentor"},
            )
        ],
    )
    @action(detail=True, methods=["post"], url_path="record")
    def record(self, request, *args, **kwargs):
        review = self.get_object()
        access.require(request.user, access.CHANGE, review.case)
        data = validated_body(ReviewRecordSerializer, request)
        review = _run(services.review_complete, review=review, officer=request.user, **data)
        return Response(ReviewSerializer(review).data)


@read_schema(
    ReoffendingCheckSerializer,
    list_summary="Re-offending checks on the cases the caller may see (recorded)",
    retrieve_summary="One re-offending check (its case's consultation is recorded)",
)
class ReoffendingCheckViewSet(_CaseRecordViewSet):
    serializer_class = ReoffendingCheckSerializer
    list_selector = selectors.check_list
    detail_selector = selectors.check_get_by_id
    detail_lookup = "check_id"
    scope = "api reoffending checks"

    @extend_schema(parameters=filterset_parameters(CheckFilter))
    def list(self, request, *args, **kwargs):
        filterset = CheckFilter(request.query_params, queryset=self.get_queryset())
        if not filterset.is_valid():
            raise ApiValidationError(filterset.errors)
        return _list(
            self, request, filterset.qs, serializer=self.serializer_class, scope=self.scope
        )

    @extend_schema(
        summary="Record a re-offending check you made: the systems searched (codes), the date "
        "and what it found; never done by the service itself",
        request=ReoffendingCheckRecordSerializer,
        responses={200: ReoffendingCheckSerializer, **error_responses(400, 403, 404, 415)},
        examples=[
            OpenApiExample(
                "No trace (synthetic)",
                request_only=True,
                value={
                    "checked_on": "2026-01-15",
                    "systems": ["pnc", "action_fraud"],
                    "result": "no_trace",
                },
            )
        ],
    )
    @action(detail=True, methods=["post"], url_path="record")
    def record(self, request, *args, **kwargs):
        check = self.get_object()
        access.require(request.user, access.CHANGE, check.case)
        data = validated_body(ReoffendingCheckRecordSerializer, request)
        systems = list(CheckSystem.objects.filter(code__in=data["systems"], is_active=True))
        if len(systems) != len(set(data["systems"])):
            raise ApiValidationError({"systems": ["Use the codes of active systems"]})
        check = _run(
            services.reoffending_check_record,
            check=check,
            officer=request.user,
            checked_on=data["checked_on"],
            systems=systems,
            result=data["result"],
            notes=data["notes"],
        )
        return Response(ReoffendingCheckSerializer(check).data)


@extend_schema_view(
    list=extend_schema(
        summary="Cases other teams offer to the caller's team (its supervisors; recorded)",
        responses={200: TransferOfferSerializer(many=True), **error_responses(400, 403)},
    ),
    retrieve=extend_schema(
        summary="One case offered to the caller's team (its consultation is recorded)",
        responses={200: TransferOfferSerializer, **error_responses(403, 404)},
    ),
)
class TransferOfferViewSet(mixins.RetrieveModelMixin, SelectorViewSet):
    serializer_class = TransferOfferSerializer
    list_selector = selectors.transfers_offered_to
    detail_selector = selectors.transfer_offered_get
    detail_lookup = "transfer_id"

    def list(self, request, *args, **kwargs):
        access.require_capability(request.user, services.SUPERVISE)
        page = self.paginate_queryset(self.get_queryset())
        terms = {"limit": self.paginator.limit, "offset": self.paginator.offset}
        selectors.records_list_consult(
            user=request.user, scope="api case transfers", records=page, terms=terms
        )
        return self.get_paginated_response(TransferOfferSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        access.require_capability(request.user, services.SUPERVISE)
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="Accept the case (optionally allocating it to an officer of your team) or "
        "decline it with the reason",
        request=TransferDecisionSerializer,
        responses={200: TransferOfferSerializer, **error_responses(400, 403, 404, 415)},
        examples=[OpenApiExample("Accept", request_only=True, value={"decision": "accept"})],
    )
    @action(detail=True, methods=["post"], url_path="decision")
    def decision(self, request, *args, **kwargs):
        access.require_capability(request.user, services.SUPERVISE)
        transfer = self.get_object()
        data = validated_body(TransferDecisionSerializer, request)
        if data["decision"] == "accept":
            to_owner = _user(data["to_owner"], "to_owner") if data["to_owner"] else None
            transfer = _run(
                services.case_transfer_accept,
                transfer=transfer,
                officer=request.user,
                to_owner=to_owner,
            )
        else:
            transfer = _run(
                services.case_transfer_decline,
                transfer=transfer,
                officer=request.user,
                reason=data["reason"],
            )
        return Response(TransferOfferSerializer(transfer).data)
