"""Referral imports over the API: upload a file, follow its progress, read its errors.

The same service (`referral_import_start`), background pipeline and selectors as the
import pages: an import belongs to whoever uploaded it (anyone else gets a 404), and a
batch whose worker stopped is queued again when its status is read, as on its page.
"""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core import access
from apps.core.api import BoundedLimitOffsetPagination, error_responses
from apps.core.forms import validation_messages
from apps.referrals import imports, selectors, services
from apps.referrals.api.serializers import (
    ImportErrorSerializer,
    ReferralImportSerializer,
    ReferralImportUploadSerializer,
)
from apps.referrals.models import Referral

# A small file in the import's shape (the template, GET /referrals/imports/template.csv, has
# every column): described without the database, as the schema is built without one.
EXAMPLE_FILE = (
    "source_reference,date_received,channel,given_name,family_name,estimated_age,gender,"
    "referrer_name,referrer_organisation,sector,concern,concern_type,person_aware,"
    "parents_aware\n"
    "EXAMPLE-0001,2026-11-16,Email,Example,Person,15,Not recorded,Example Referrer,"
    "Example School,Education,Example only: replace this row.,No ideology,Not known,"
    "Not known\n"
)


def _shown(request, batch) -> dict:
    created = selectors.referral_import_created(user=request.user, batch=batch)
    return ReferralImportSerializer(batch, context={"created": created}).data


class ReferralImportListView(APIView):
    parser_classes = [JSONParser]
    pagination_class = BoundedLimitOffsetPagination

    @extend_schema(
        summary="The caller's imports, newest first",
        responses={200: ReferralImportSerializer(many=True), **error_responses(400)},
    )
    def get(self, request):
        access.require_add(request.user, Referral)
        paginator = self.pagination_class()
        batches = selectors.referral_import_list(user=request.user).order_by("-created_at", "pk")
        page = paginator.paginate_queryset(batches, request, view=self)
        data = [ReferralImportSerializer(batch, context={"created": []}).data for batch in page]
        return paginator.get_paginated_response(data)

    @extend_schema(
        summary="Upload a CSV or XLSX file of referrals; it is checked and imported in the "
        "background (all or nothing): follow it at its status",
        request=ReferralImportUploadSerializer,
        responses={202: ReferralImportSerializer, **error_responses(400, 415)},
        examples=[
            OpenApiExample(
                "A CSV file in the import's shape (synthetic)",
                request_only=True,
                value={"file_name": "referrals.csv", "content": EXAMPLE_FILE},
            )
        ],
    )
    def post(self, request):
        access.require_add(request.user, Referral)
        if not isinstance(request.data, dict):
            raise ApiValidationError({"non_field_errors": ["Send a JSON object"]})
        serializer = ReferralImportUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            batch = services.referral_import_start(
                officer=request.user,
                team=request.user.team,
                upload=serializer.validated_data["file"],
            )
        except ValidationError as error:
            raise ApiValidationError(validation_messages(error, non_field_key="file")) from error
        return Response(
            ReferralImportSerializer(batch, context={"created": []}).data,
            status=status.HTTP_202_ACCEPTED,
        )


class ReferralImportDetailView(APIView):
    @extend_schema(
        summary="An import's progress and result, with the referrals it created",
        responses={200: ReferralImportSerializer, **error_responses(404)},
    )
    def get(self, request, pk):
        batch = selectors.referral_import_get(user=request.user, import_id=pk)
        if imports.referral_import_is_stale(batch):
            # Its worker stopped: queue it again (or fail it), as its page does.
            imports.referral_import_recover(batch)
            batch.refresh_from_db()
        return Response(_shown(request, batch))


class ReferralImportErrorsView(APIView):
    pagination_class = BoundedLimitOffsetPagination

    @extend_schema(
        summary="Every problem found in the file, by row and column (nothing was imported)",
        responses={200: ImportErrorSerializer(many=True), **error_responses(400, 404)},
    )
    def get(self, request, pk):
        batch = selectors.referral_import_get(user=request.user, import_id=pk)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(list(batch.errors or []), request, view=self)
        return paginator.get_paginated_response(ImportErrorSerializer(page, many=True).data)
