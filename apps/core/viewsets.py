"""The base viewset for the API: every read goes through the app's selectors.

The API counterpart of `core.pages`: declare `list_selector` (`(*, user)` -> an
access-scoped queryset) and `detail_selector` (`(*, user, <lookup>)` -> one record, which
applies the access decision and records the consultation). A subclass declaring neither is
refused when the class is created; a record the detail selector returns without recording a
consultation is refused before it is serialised. JSON only, `uuid` ids (another form of id is
a 404, not a 500) and the shared bounded pagination.

A separate module from `core.api`: DRF's views module imports `core.api` (the default
permission class) while it loads, so `core.api` cannot import DRF's viewsets.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from drf_spectacular.drainage import isolate_view_method
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from apps.core import access, audit
from apps.core.api import BoundedLimitOffsetPagination, error_responses
from apps.core.concurrency import EditConflict, etag_for, if_match_versions

IF_MATCH = "If-Match"


def if_match_refusal(request, record: models.Model, *, stale) -> Response | None:
    """The one If-Match check (ADR 0019): None when the ETag sent is the record's current one.

    No If-Match is a 428, a malformed one a 400 naming it, a stale one `stale(record)` (a 412
    with the record as it is now, in the caller's shape).
    """
    header = request.headers.get(IF_MATCH)
    if header is None:
        return Response(
            {"detail": "Send If-Match with the record's ETag (from reading it) to change it"},
            status=status.HTTP_428_PRECONDITION_REQUIRED,
        )
    versions = if_match_versions(header)
    if versions is None:
        raise ApiValidationError(
            {IF_MATCH: ['Send the ETag exactly as it was given, for example "3"']}
        )
    if record.version not in versions:
        return stale(record)
    return None


def _etag_header(*codes: int) -> OpenApiParameter:
    return OpenApiParameter(
        "ETag",
        str,
        OpenApiParameter.HEADER,
        response=list(codes),
        description='The record\'s version, quoted ("3"): send it back as If-Match to change it',
    )


ETAG_HEADER = _etag_header(200)
IF_MATCH_PARAMETER = OpenApiParameter(
    IF_MATCH,
    str,
    OpenApiParameter.HEADER,
    required=True,
    description=(
        "The ETag of the record as you last read it. Without it the change is refused "
        "(428); if the record has changed since (someone else saved), it is refused (412) "
        "and the body is the record as it is now, with its ETag. `*` is not accepted."
    ),
)


def stale_response(serializer_class) -> OpenApiResponse:
    """The documented 412 of an If-Match update: the record as it is now."""
    return OpenApiResponse(
        serializer_class,
        description="The record has changed since the ETag sent in If-Match was read: "
        "this is the record as it is now (its ETag in the header). Nothing was changed.",
    )


def read_schema(serializer, *, list_summary: str, retrieve_summary: str):
    """A viewset's list and retrieve in the OpenAPI schema (a class decorator): the listing
    in `serializer` (400 for bad paging or filters), the one record (404 out of reach)."""
    return extend_schema_view(
        list=extend_schema(
            summary=list_summary,
            responses={200: serializer(many=True), **error_responses(400)},
        ),
        retrieve=extend_schema(
            summary=retrieve_summary, responses={200: serializer, **error_responses(404)}
        ),
    )


def nested_route(
    name: str,
    *,
    items: Callable[[models.Model], models.QuerySet],
    shape,
    create: Callable[..., Response],
    list_summary: str,
    create_summary: str,
    create_body,
    create_errors: tuple[int, ...] = (400, 403, 404, 415),
    parameters: tuple = (),
    examples: tuple = (),
):
    """The records under one record, as a detail route `<record>/<name>/` of its viewset.

    GET lists `items(record)` a page at a time in `shape`; POST (after the caller's right to
    change the record is checked: 404 out of reach, 403 for a role that may only read) calls
    `create(view, request, record)`, which validates `create_body`, runs the app's service and
    answers 201 in `shape`. The record comes through the viewset's detail selector either way,
    so its consultation is recorded and a restricted record is a 404. Both operations are in
    the OpenAPI schema with the summaries, errors, parameters and examples given.

        agreements = nested_route("agreements", items=lambda org: org.agreements.all(), ...)
    """

    def route(self, request, *args, **kwargs):
        record = self.get_object()
        if request.method == "GET":
            page = self.paginate_queryset(items(record))
            return self.get_paginated_response(shape(page, many=True).data)
        access.require(request.user, access.CHANGE, record)
        return create(self, request, record)

    route.__name__ = route.__qualname__ = name
    # The action first: it sets the function's `kwargs`, where extend_schema then adds its own.
    route = action(detail=True, methods=["get", "post"], url_path=name.replace("_", "-"))(route)
    route = extend_schema(
        methods=["post"],
        summary=create_summary,
        request=create_body,
        responses={201: shape, **error_responses(*create_errors)},
        parameters=list(parameters),
        examples=list(examples),
    )(route)
    route = extend_schema(
        methods=["get"],
        summary=list_summary,
        responses={200: shape(many=True), **error_responses(400, 404)},
    )(route)
    return route


class SelectorViewSet(viewsets.GenericViewSet):
    """Declare `list_selector`, `detail_selector` and `detail_lookup` (the selector's id argument).

    Set `abstract = True` on an intermediate base class that leaves the selectors to others.
    Add `mixins.ListModelMixin`/`RetrieveModelMixin`, or write `list`/`retrieve` yourself;
    either way `get_queryset()` and `get_object()` read only through the selectors.
    """

    abstract = True
    list_selector: Callable[..., models.QuerySet] | None = None
    detail_selector: Callable[..., models.Model] | None = None
    detail_lookup = "pk"
    parser_classes = [JSONParser]
    pagination_class = BoundedLimitOffsetPagination
    filter_backends = []
    lookup_value_converter = "uuid"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("abstract", False):
            return
        cls.abstract = False
        missing = [
            name for name in ("list_selector", "detail_selector") if getattr(cls, name) is None
        ]
        if missing:
            raise ImproperlyConfigured(
                f"{cls.__name__} declares no {' or '.join(missing)}: the API reads only "
                "through the app's selectors, which apply the access decision and record "
                "the consultation"
            )

        retrieve = getattr(cls, "retrieve", None)
        if retrieve is not None and "ETag" not in getattr(retrieve, "_documents", ()):
            extend_schema(parameters=[ETAG_HEADER])(isolate_view_method(cls, "retrieve"))
            cls.retrieve._documents = ("ETag",)

    def get_queryset(self) -> models.QuerySet:
        return type(self).list_selector(user=self.request.user)

    def get_object(self) -> models.Model:
        lookup_url_kwarg = self.lookup_url_kwarg or self.lookup_field
        record = type(self).detail_selector(
            user=self.request.user, **{self.detail_lookup: self.kwargs[lookup_url_kwarg]}
        )
        if not audit.was_consulted(record):
            raise ImproperlyConfigured(
                f"{type(self).detail_selector.__qualname__} returned {record!r} without "
                "recording the consultation (audit.record_view)"
            )
        self.check_object_permissions(self.request, record)
        self.etag_record = record
        return record

    def finalize_response(self, request, response, *args, **kwargs):
        """A single record's response carries its ETag (core.concurrency: its version)."""
        response = super().finalize_response(request, response, *args, **kwargs)
        record = getattr(self, "etag_record", None)
        single = self.action in ("retrieve", "update", "partial_update")
        if (
            single
            and record is not None
            and hasattr(record, "version")
            and response.status_code in (200, 412)
        ):
            response["ETag"] = etag_for(record)
        return response


class FilteredListViewSet(mixins.RetrieveModelMixin, SelectorViewSet):
    """A list narrowed by `filterset_class` (the list page's filters: a bad term is a 400
    naming it), the listing audited as a search under `scope` with the references shown.

    `require(user, model)`, when set, runs before every action: a rule about the caller that
    the selectors' access decision does not make (the Cyber Prevent team rule, say)."""

    abstract = True
    filterset_class = None
    model = None
    scope = ""
    require: Callable[..., None] | None = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if type(self).require is not None:
            type(self).require(request.user, self.model)

    def list(self, request, *args, **kwargs):
        filterset = self.filterset_class(request.query_params, queryset=self.get_queryset())
        if not filterset.is_valid():
            raise ApiValidationError(filterset.errors)
        page = self.paginate_queryset(filterset.qs)
        audit.record_search(
            user=request.user,
            scope=self.scope,
            terms=dict(request.query_params.items()),
            result_count=self.paginator.count,
            detail={"references": [record.reference for record in page], "channel": "api"},
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class ConditionalUpdateMixin:
    """PUT and PATCH that never silently overwrite: `If-Match` with the record's ETag.

    Declare `update_serializer_class` (the fields a client may change), `update_service`
    (called as `update_service(<record_arg>=record, officer=user, expected_version=<the
    version the client read>, **validated_data)`, the service the edit page uses) and
    `record_arg`. The record comes through the detail selector (404 when out of reach), the
    caller must be allowed `update_action` on the record `access_record(record)` names (the
    record itself, or the one whose access governs it: an assessment's case) (403), then:
    no If-Match is a 428, an ETag
    that is not the record's current one a 412 with the record as it is now, bad input a
    400 naming the field. The operations and those answers are in the OpenAPI schema.
    """

    update_serializer_class = None
    update_service = None
    # Documented request bodies (OpenApiExample, request_only) for PUT, and so for PATCH.
    update_examples: tuple = ()
    update_action = access.CHANGE
    record_arg = "record"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("abstract", False):
            return
        if cls.update_serializer_class is None or cls.update_service is None:
            raise ImproperlyConfigured(
                f"{cls.__name__} declares no update_serializer_class or update_service"
            )
        current = stale_response(cls.serializer_class)
        for name, summary in (
            ("update", "Replace the fields a client may change (If-Match required)"),
            ("partial_update", "Change some fields (If-Match required)"),
        ):
            extend_schema(
                request=cls.update_serializer_class,
                parameters=[IF_MATCH_PARAMETER, _etag_header(200, 412)],
                responses={
                    200: cls.serializer_class,
                    **error_responses(400, 404, 415, 428),
                    412: current,
                },
                summary=summary,
                examples=list(cls.update_examples),
            )(isolate_view_method(cls, name))

    def access_record(self, record: models.Model) -> models.Model:
        """The record whose access decides who may change `record`: itself by default.

        Override for a record that takes its access from another, such as an assessment or
        an intervention from its case (`return record.case`): a restricted case then refuses
        the change (404) to everyone off its access list, as it does the case's own.
        """
        return record

    def update(self, request, *args, **kwargs):
        return self.conditional_update(request, partial=False)

    def partial_update(self, request, *args, **kwargs):
        return self.conditional_update(request, partial=True)

    def conditional_update(self, request, *, partial: bool):
        record = self.get_object()
        access.require(request.user, self.update_action, self.access_record(record))
        if refused := if_match_refusal(request, record, stale=self.precondition_failed):
            return refused
        serializer = self.update_serializer_class(
            data=request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        try:
            updated = type(self).update_service(
                **{self.record_arg: record},
                officer=request.user,
                expected_version=record.version,
                **serializer.validated_data,
            )
        except EditConflict as conflict:
            return self.precondition_failed(conflict.current or record)
        self.etag_record = updated
        return Response(self.get_serializer(updated).data)

    def precondition_failed(self, current: models.Model) -> Response:
        self.etag_record = current
        return Response(
            self.get_serializer(current).data, status=status.HTTP_412_PRECONDITION_FAILED
        )
