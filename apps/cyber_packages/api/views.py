"""Operations, packages and subjects over the API: the same selectors, services, access and
audit as the pages. Only Cyber Prevent teams use them (403 for anyone else)."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from apps.accounts.selectors import require_cyber_user
from apps.core import access
from apps.core.api import (
    as_api_error,
    create_once,
    error_responses,
    filterset_parameters,
    idempotency_key_parameter,
    validated_body,
)
from apps.core.viewsets import ConditionalUpdateMixin, FilteredListViewSet
from apps.cyber_packages import filters, selectors, services
from apps.cyber_packages.api import serializers
from apps.cyber_packages.models import IntelligencePackage, Operation, PackageSubject

OPERATION_EXAMPLE = {
    "name": "Operation Quillfeather",
    "lead_agency": "nccu",
    "starts_on": "2026-09-01",
    "spoc": "cyber.officer",
    "description": "Users of a DDoS-for-hire (booter) service taken down by the NCA.",
}
PACKAGE_EXAMPLE = {
    "operation": "OP-2025-00001",
    "source_agency": "nccu",
    "source_reference": "NCCU-QF-2026-001",
    "received_on": "2026-10-01",
    "deadline": "2026-12-31",
    "description": "First wave: UK users of the booter service.",
}
PACKAGE_CHANGE_EXAMPLE = {
    key: value for key, value in PACKAGE_EXAMPLE.items() if key != "operation"
}


# Two subjects in the import's columns (the package page lists them all): synthetic.
SUBJECTS_EXAMPLE = (
    "source_reference,given_name,family_name,date_of_birth,postcode,email\n"
    "QF-API-0001,Example,Person,2008-05-17,RG1 1AA,example.person@example.invalid\n"
    "QF-API-0002,,,,,booter.user@example.invalid\n"
)


def _rejected(rejected: services.PackageImportRejected) -> ApiValidationError:
    """Every problem of a rejected file under `file`, each naming its row and column."""
    problems = [
        f"Row {problem['row']}, {problem['field']}: {problem['message']}"
        for problem in rejected.errors
    ]
    return ApiValidationError({"file": [f"{rejected.message}.", *problems]})


class _CyberViewSet(FilteredListViewSet):
    """A Cyber Prevent list and record: Cyber Prevent teams only."""

    abstract = True
    require = staticmethod(require_cyber_user)


@extend_schema_view(
    list=extend_schema(
        summary="Cyber Prevent operations (the listing is recorded)",
        parameters=filterset_parameters(filters.OperationFilter),
        responses={200: serializers.OperationSerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="One operation with its packages (recorded as consulted)",
        responses={200: serializers.OperationSerializer, **error_responses(404)},
    ),
)
class OperationViewSet(ConditionalUpdateMixin, _CyberViewSet):
    """NCCU- and ROCU-led operations. Change with PUT/PATCH and If-Match."""

    serializer_class = serializers.OperationSerializer
    list_selector = selectors.operation_list
    detail_selector = selectors.operation_get
    detail_lookup = "operation_id"
    filterset_class = filters.OperationFilter
    model = Operation
    scope = "cyber operations"
    update_serializer_class = serializers.OperationWriteSerializer
    update_service = services.operation_update
    record_arg = "operation"
    update_examples = (
        OpenApiExample("An operation (synthetic)", request_only=True, value=OPERATION_EXAMPLE),
    )

    @extend_schema(
        request=serializers.OperationWriteSerializer,
        responses={201: serializers.OperationSerializer, **error_responses(400, 403, 415, 422)},
        parameters=[idempotency_key_parameter("operation")],
        examples=[
            OpenApiExample("An operation (synthetic)", request_only=True, value=OPERATION_EXAMPLE)
        ],
        summary="Record an operation",
    )
    def create(self, request, *args, **kwargs):
        access.require_add(request.user, Operation)
        data = validated_body(serializers.OperationWriteSerializer, request)

        def make():
            try:
                return services.operation_create(officer=request.user, **data)
            except ValidationError as error:
                raise as_api_error(error) from error

        return create_once(
            request,
            purpose="cyber_packages.operation_create",
            noun="operation",
            create=make,
            shown=lambda operation: serializers.OperationSerializer(operation).data,
            again=lambda operation_id: selectors.operation_get(
                user=request.user, operation_id=operation_id
            ),
        )


@extend_schema_view(
    list=extend_schema(
        summary="Intelligence packages (the listing is recorded)",
        parameters=filterset_parameters(filters.PackageFilter),
        responses={200: serializers.PackageSerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="One package (recorded as consulted)",
        responses={200: serializers.PackageSerializer, **error_responses(404)},
    ),
)
class PackageViewSet(ConditionalUpdateMixin, _CyberViewSet):
    """Packages from the NCCU, ROCUs, Action Fraud and forces. Subjects are imported from a
    file (the package's page, or POST .../subjects/import/). Change with PUT/PATCH and
    If-Match."""

    serializer_class = serializers.PackageSerializer
    list_selector = selectors.package_list
    detail_selector = selectors.package_get
    detail_lookup = "package_id"
    filterset_class = filters.PackageFilter
    model = IntelligencePackage
    scope = "intelligence packages"
    update_serializer_class = serializers.PackageWriteSerializer
    update_service = services.package_update
    record_arg = "package"
    update_examples = (
        OpenApiExample("A package (synthetic)", request_only=True, value=PACKAGE_CHANGE_EXAMPLE),
    )

    @extend_schema(
        request=serializers.PackageCreateSerializer,
        responses={
            201: serializers.PackageSerializer,
            **error_responses(400, 403, 404, 415, 422),
        },
        parameters=[idempotency_key_parameter("package")],
        examples=[
            OpenApiExample("A package (synthetic)", request_only=True, value=PACKAGE_EXAMPLE)
        ],
        summary="Record a package received for an operation",
    )
    def create(self, request, *args, **kwargs):
        access.require_add(request.user, IntelligencePackage)
        data = dict(validated_body(serializers.PackageCreateSerializer, request))
        operation = selectors.operation_get(
            user=request.user, operation_id=data.pop("operation").pk
        )

        def make():
            try:
                return services.package_create(officer=request.user, operation=operation, **data)
            except ValidationError as error:
                raise as_api_error(error) from error

        return create_once(
            request,
            purpose="cyber_packages.package_create",
            noun="package",
            create=make,
            shown=lambda package: (
                serializers.PackageSerializer(
                    selectors.package_list(user=request.user).get(pk=package.pk)
                ).data
            ),
            again=lambda package_id: selectors.package_get(
                user=request.user, package_id=package_id
            ),
        )

    @extend_schema(
        request=serializers.SubjectImportSerializer,
        responses={
            201: serializers.SubjectImportResultSerializer,
            **error_responses(400, 403, 404, 415),
        },
        examples=[
            OpenApiExample(
                "Two subjects in a CSV file (synthetic)",
                request_only=True,
                value={"file_name": "subjects.csv", "content": SUBJECTS_EXAMPLE},
            )
        ],
        summary="Import the package's subjects from a CSV or XLSX file: every row or none (a "
        "file with a bad row stores nothing and the 400 names each row and column)",
    )
    @action(detail=True, methods=["post"], url_path="subjects/import")
    def subjects_import(self, request, *args, **kwargs):
        package = self.get_object()
        upload = validated_body(serializers.SubjectImportSerializer, request)["file"]
        try:
            imported = services.package_import_upload(
                package=package, officer=request.user, upload=upload
            )
        except services.PackageImportRejected as rejected:
            raise _rejected(rejected) from rejected
        except ValidationError as error:
            raise as_api_error(error) from error
        shown = selectors.package_list(user=request.user).get(pk=package.pk)
        return Response(
            {"imported": imported, "package": serializers.PackageSerializer(shown).data},
            status=status.HTTP_201_CREATED,
        )


@extend_schema_view(
    list=extend_schema(
        summary="Package subjects, with their progress (the listing is recorded)",
        parameters=filterset_parameters(filters.SubjectFilter),
        responses={200: serializers.SubjectSerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="One package subject (recorded as consulted)",
        responses={200: serializers.SubjectSerializer, **error_responses(404)},
    ),
)
class SubjectViewSet(_CyberViewSet):
    """The people packages name or describe: progress read from their cases."""

    serializer_class = serializers.SubjectSerializer
    list_selector = selectors.subject_list
    detail_selector = selectors.subject_get
    detail_lookup = "subject_id"
    filterset_class = filters.SubjectFilter
    model = PackageSubject
    scope = "package subjects"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("identifiers")
