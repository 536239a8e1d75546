"""API building blocks shared by every app: permission, pagination, errors and their schema.

Every viewset uses these, so each endpoint answers wrong input the same way (a 400
naming the parameter, a JSON 404 for an unknown id) and documents it in the OpenAPI
schema that clients and fuzzers rely on.
"""

import base64
import binascii
import re
from collections.abc import Callable
from pathlib import Path

import django_filters
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.base import ContentFile
from django.db.models import Model
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, ParseError, ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.settings import api_settings

from apps.core.idempotency import (
    IDEMPOTENCY_HEADER,
    AlreadySubmitted,
    KeyReused,
    api_claim,
    idempotency_key_problem,
    submission_created,
)

# The most records one page may carry. Lists return personal data and record a
# consultation per record shown, so a client pages through rather than taking all.
MAX_LIMIT = 200
# Far beyond any list's length, and within the database's integer range.
MAX_OFFSET = 1_000_000_000
WHOLE_NUMBER = re.compile(r"[0-9]{1,30}")


class IsVerifiedUser(BasePermission):
    """Signed in, active and (when REQUIRE_2FA is on) past the second factor."""

    message = "Sign in (with two-factor authentication) to use the API."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        if settings.REQUIRE_2FA:
            return bool(getattr(user, "is_verified", lambda: False)())
        return True


def _whole_number(value: str) -> int | None:
    # ASCII digits only: int() also takes "1_0", " 7 " and other scripts' digits.
    value = value.strip()
    return int(value) if WHOLE_NUMBER.fullmatch(value) else None


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """`limit` and `offset`, refused with a 400 when they are not sensible numbers.

    DRF's own class ignores a bad value (and passes a huge one to the database,
    which answers 500); a client that asked for something else should be told.
    """

    max_limit = MAX_LIMIT

    def get_limit(self, request) -> int:
        raw = request.query_params.get(self.limit_query_param, "")
        if not raw.strip():
            return self.default_limit
        limit = _whole_number(raw)
        if limit is None or not 1 <= limit <= self.max_limit:
            raise ValidationError(
                {self.limit_query_param: [f"Enter a whole number from 1 to {self.max_limit}."]}
            )
        return limit

    def get_offset(self, request) -> int:
        raw = request.query_params.get(self.offset_query_param, "")
        if not raw.strip():
            return 0
        offset = _whole_number(raw)
        if offset is None or offset > MAX_OFFSET:
            raise ValidationError(
                {self.offset_query_param: [f"Enter a whole number from 0 to {MAX_OFFSET}."]}
            )
        return offset

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {
                "name": self.limit_query_param,
                "required": False,
                "in": "query",
                "description": f"Records per page, from 1 to {self.max_limit}.",
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_limit,
                    "default": self.default_limit,
                },
            },
            {
                "name": self.offset_query_param,
                "required": False,
                "in": "query",
                "description": "How many records to skip.",
                "schema": {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0},
            },
        ]


def exception_handler(exc, context):
    """DRF's handler, plus: a Django ValidationError is the caller's mistake (400), not a 500."""
    # Imported here: DRF's views module imports this module (for IsVerifiedUser) as it loads.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(detail=serializers.as_serializer_error(exc))
    if isinstance(exc, ParseError):
        # A body that is not JSON is invalid input like any other: a 400 in the documented
        # shape ({"field": ["problem"]}), not the {"detail": ...} other errors carry.
        exc = ValidationError(detail={api_settings.NON_FIELD_ERRORS_KEY: [exc.detail]})
    if isinstance(exc, ValidationError) and isinstance(exc.detail, dict):
        exc.detail = field_errors(exc.detail)
    return drf_exception_handler(exc, context)


def field_errors(detail, prefix: str = "") -> dict[str, list]:
    """A 400's errors as the documented shape, one list of problems per field: an item of a
    list or a field of a nested object is named by its path ("systems.0", "answers.1.text")
    rather than nesting the errors, so every client reads them the same way."""
    if isinstance(detail, dict):
        items = detail.items()
    elif isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        items = ((index, item) for index, item in enumerate(detail) if item)
    else:
        return {
            prefix or api_settings.NON_FIELD_ERRORS_KEY: detail
            if isinstance(detail, list)
            else [detail]
        }
    flat: dict[str, list] = {}
    for key, value in items:
        flat.update(field_errors(value, f"{prefix}.{key}" if prefix else str(key)))
    return flat


class SlugRelatedField(serializers.SlugRelatedField):
    """DRF's SlugRelatedField, for every API field naming a record by code, reference or
    username: a value with a NUL byte (which PostgreSQL refuses in a query, a 500) is one that
    does not exist (400, the field named)."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)


class ModelSerializer(serializers.ModelSerializer):
    """DRF's ModelSerializer, keeping `allow_blank` on a read-only choice field whose model
    field may be blank: DRF drops it, so the schema would promise one of the choices where
    the record holds "" (an answer the fuzz found outside the schema)."""

    def include_extra_kwargs(self, kwargs, extra_kwargs):
        blank = kwargs.get("allow_blank", False)
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if blank and kwargs.get("read_only") and "choices" in kwargs:
            kwargs["allow_blank"] = True
        return kwargs


class TabularUploadSerializer(serializers.Serializer):
    """A CSV or XLSX file to import, in JSON: a CSV's text in `content`, or any file in
    `content_base64`. Validated to `{"file": ContentFile}` named as sent."""

    file_name = serializers.CharField(
        max_length=200, help_text="The file's name, ending .csv or .xlsx"
    )
    content = serializers.CharField(
        required=False,
        trim_whitespace=False,
        help_text="A CSV file's text (UTF-8), as the import guide describes",
    )
    content_base64 = serializers.CharField(
        required=False,
        help_text="The file's bytes in base64: for an XLSX file (or a CSV)",
    )

    def validate(self, attrs):
        name = attrs["file_name"].strip()
        if Path(name).suffix.lower() not in {".csv", ".xlsx"}:
            raise serializers.ValidationError(
                {"file_name": ["The file must be a CSV or XLSX file"]}
            )
        if ("content" in attrs) == ("content_base64" in attrs):
            raise serializers.ValidationError(
                {"content": ["Send the file as content (a CSV's text) or content_base64"]}
            )
        if "content" in attrs:
            try:
                data = attrs["content"].encode("utf-8")
            except UnicodeEncodeError as error:  # a lone surrogate escaped in the JSON
                raise serializers.ValidationError(
                    {"content": ["The text holds a character that is not valid UTF-8"]}
                ) from error
        else:
            try:
                data = base64.b64decode(attrs["content_base64"], validate=True)
            except (binascii.Error, ValueError) as error:
                raise serializers.ValidationError(
                    {"content_base64": ["This is not base64"]}
                ) from error
        if not data:
            raise serializers.ValidationError({"content": ["The file is empty"]})
        return {"file": ContentFile(data, name=name)}


class StateConflict(APIException):
    """409: the step or change is not possible at the record's current stage (a workflow's
    "wrong stage"); nothing was changed. Missing input is a 400 naming the field instead."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "This is not possible at the record's current stage."
    default_code = "invalid_stage"


def validated_body(serializer_class, request, **kwargs) -> dict:
    """The request's JSON object checked by `serializer_class` (400 naming each field, or
    "Send a JSON object" for a body that is not one)."""
    if not isinstance(request.data, dict):
        raise ValidationError({"non_field_errors": ["Send a JSON object"]})
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def as_api_error(error: DjangoValidationError) -> APIException:
    """A service's refusal for the API: the wrong stage (core.workflow's `invalid_stage`) is a
    409, anything else a 400 naming the fields."""
    if getattr(error, "code", None) == "invalid_stage" or (
        not hasattr(error, "error_dict")
        and any(item.code == "invalid_stage" for item in error.error_list)
    ):
        return StateConflict(" ".join(error.messages))
    return ValidationError(detail=serializers.as_serializer_error(error))


@csrf_exempt  # it changes nothing, and should answer in JSON like DRF's views
def api_not_found(request, *args, **kwargs) -> JsonResponse:
    """Any /api/v1/ path no route matches (an id of the wrong form, say): a JSON 404.

    The API's sign-in check comes first, so an anonymous caller learns nothing about paths.
    A plain view: DRF's views module imports this one as it loads, so cannot be imported here.
    """
    if not IsVerifiedUser().has_permission(request, None):
        return JsonResponse({"detail": IsVerifiedUser.message}, status=403)
    return JsonResponse({"detail": "Not found."}, status=404)


# Error bodies, for the schema. DRF answers most errors as {"detail": "..."}.


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in words")


class FieldErrorsSerializer(serializers.Serializer):
    """A 400: each key names a field or parameter; its value lists what is wrong with it."""


class FieldErrorsExtension(OpenApiSerializerExtension):
    target_class = FieldErrorsSerializer

    def map_serializer(self, auto_schema, direction) -> dict:
        return {
            "type": "object",
            "description": FieldErrorsSerializer.__doc__,
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        }


ERRORS = {
    400: OpenApiResponse(FieldErrorsSerializer, description="The input is not valid"),
    401: OpenApiResponse(ErrorSerializer, description="The session has ended: sign in again"),
    403: OpenApiResponse(
        ErrorSerializer,
        description="Not signed in (with two-factor authentication), or the role does not allow it",
    ),
    404: OpenApiResponse(
        ErrorSerializer, description="No such record, or not one the caller may see"
    ),
    409: OpenApiResponse(ErrorSerializer, description="Conflicts with the record's current state"),
    412: OpenApiResponse(
        ErrorSerializer, description="The record has changed since it was read (If-Match)"
    ),
    415: OpenApiResponse(ErrorSerializer, description="Send the body as application/json"),
    422: OpenApiResponse(
        FieldErrorsSerializer,
        description="The Idempotency-Key was already used for a different request",
    ),
    428: OpenApiResponse(ErrorSerializer, description="Send If-Match with the record's ETag"),
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """The documented errors of one operation: `responses={200: ..., **error_responses(404)}`.

    401 and 403 can happen on every call (an ended session, a missing role): always included.
    """
    return {code: ERRORS[code] for code in sorted({401, 403, *codes})}


def filterset_parameters(filterset_class: type[django_filters.FilterSet]) -> list[OpenApiParameter]:
    """Query parameters for a FilterSet the view applies itself (through a selector).

    Choice filters become enums and dates dates, so a client can tell what is allowed.
    """
    parameters = []
    for name, field in filterset_class.base_filters.items():
        kind, enum = OpenApiTypes.STR, None
        if isinstance(field, django_filters.ChoiceFilter):
            choices = field.extra.get("choices", [])
            enum = [str(value) for value, _label in (choices() if callable(choices) else choices)]
        elif isinstance(field, django_filters.DateFilter):
            kind = OpenApiTypes.DATE
        elif isinstance(field, django_filters.NumberFilter):
            kind = OpenApiTypes.NUMBER
        elif isinstance(field, django_filters.UUIDFilter):
            kind = OpenApiTypes.UUID
        description = ". ".join(
            str(text) for text in (field.label, field.extra.get("help_text")) if text
        )
        parameters.append(OpenApiParameter(name, kind, description=description, enum=enum))
    return parameters


def idempotency_key_parameter(noun: str) -> OpenApiParameter:
    """The optional Idempotency-Key header of a create (ADR 0014), documented alike everywhere."""
    return OpenApiParameter(
        IDEMPOTENCY_HEADER,
        str,
        OpenApiParameter.HEADER,
        description=(
            f"Optional, 1 to 255 printable characters, new for each {noun}. The same key with "
            f"the same body creates nothing new and answers 201 with the {noun} first created "
            "(header Idempotent-Replayed: true); with a different body, 422."
        ),
    )


def create_once(
    request,
    *,
    purpose: str,
    noun: str,
    create: Callable[[], Model],
    shown: Callable[[Model], dict],
    again: Callable[[str], Model],
) -> Response:
    """A create a client may safely retry: with an Idempotency-Key, a repeat makes nothing new.

    `create()` makes the record (and raises for bad input, which releases the key); `shown`
    is its response body; `again(object_id)` fetches the first one for a repeat, through
    the app's selector (so the repeat is access-checked and recorded like any read).
    """
    key = request.headers.get(IDEMPOTENCY_HEADER)
    if key is None:
        return Response(shown(create()), status=status.HTTP_201_CREATED)
    if problem := idempotency_key_problem(key):
        raise ValidationError({IDEMPOTENCY_HEADER: [problem]})
    try:
        with api_claim(user=request.user, key=key, purpose=purpose, body=request.data) as claim:
            made = create()
            url = made.get_absolute_url() if hasattr(made, "get_absolute_url") else "-"
            submission_created(claim, made, url=url)
    except AlreadySubmitted as repeat:
        return Response(
            shown(again(repeat.submission.object_id)),
            status=status.HTTP_201_CREATED,
            headers={"Idempotent-Replayed": "true"},
        )
    except KeyReused:
        return Response(
            {
                IDEMPOTENCY_HEADER: [
                    f"This key was already used for a different request: send a new key "
                    f"for a new {noun}"
                ]
            },
            status=status.HTTP_422_UNPROCESSABLE_ENTITY,
        )
    return Response(shown(made), status=status.HTTP_201_CREATED)
