"""Partners API: read-only, through the same selectors as the pages; every listing recorded."""

from __future__ import annotations

import datetime

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core import access, audit
from apps.core.api import error_responses, filterset_parameters
from apps.core.viewsets import SelectorViewSet
from apps.partners import filters, selectors
from apps.partners.api import serializers


class DirectoryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, SelectorViewSet):
    """A read-only partners list: the FilterSet's terms, the capability, the listing audited."""

    abstract = True
    filterset_class = None
    capability = ""
    scope = ""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.capability:
            access.require_capability(request.user, self.capability)

    def filtered(self):
        queryset = self.get_queryset()
        if self.filterset_class is None:
            return queryset
        filterset = self.filterset_class(self.request.query_params, queryset=queryset)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return filterset.qs

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filtered())
        audit.record_search(
            user=request.user,
            scope=self.scope,
            terms={key: value for key, value in request.query_params.items()},
            result_count=self.paginator.count,
            detail={"references": [record.reference for record in page], "channel": "api"},
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def _schema(model_name: str, filterset, serializer):
    return extend_schema_view(
        list=extend_schema(
            summary=f"{model_name} the caller may see (the listing is recorded)",
            parameters=filterset_parameters(filterset),
            responses={200: serializer(many=True), **error_responses(400)},
        ),
        retrieve=extend_schema(
            summary=f"One of the {model_name.lower()} (recorded as consulted)",
            responses={200: serializer, **error_responses(404)},
        ),
    )


@_schema("Partner organisations", filters.OrganisationFilter, serializers.OrganisationSerializer)
class OrganisationViewSet(DirectoryViewSet):
    serializer_class = serializers.OrganisationSerializer
    list_selector = selectors.organisation_list
    detail_selector = selectors.organisation_get
    detail_lookup = "organisation_id"
    filterset_class = filters.OrganisationFilter
    capability = "partners.view_organisation"
    scope = "partner organisations"


@extend_schema_view(
    list=extend_schema(
        summary="Partner contacts (names, phones, e-mails: not for analysts; recorded)",
        parameters=filterset_parameters(filters.ContactFilter),
        responses={200: serializers.PartnerContactSerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="One contact, with the sessions they attended (recorded as consulted)",
        responses={200: serializers.PartnerContactDetailSerializer, **error_responses(404)},
    ),
)
class ContactViewSet(DirectoryViewSet):
    serializer_class = serializers.PartnerContactSerializer
    list_selector = selectors.contact_list
    detail_selector = selectors.contact_get
    detail_lookup = "contact_id"
    filterset_class = filters.ContactFilter
    capability = "partners.view_contact"
    scope = "partner contacts"

    def retrieve(self, request, *args, **kwargs):
        contact = self.get_object()
        briefings = selectors.contact_briefings(user=request.user, contact=contact)
        serializer = serializers.PartnerContactDetailSerializer(
            contact, context={"request": request, "briefings": briefings}
        )
        return Response(serializer.data)


@_schema(
    "Intervention and support providers", filters.ProviderFilter, serializers.ProviderSerializer
)
class ProviderViewSet(DirectoryViewSet):
    serializer_class = serializers.ProviderSerializer
    list_selector = selectors.provider_list
    detail_selector = selectors.provider_get
    detail_lookup = "provider_id"
    filterset_class = filters.ProviderFilter
    capability = "partners.view_provider"
    scope = "providers"

    def get_serializer(self, *args, **kwargs):
        records = args[0] if args else None
        if records is not None:
            many = list(records) if kwargs.get("many") else [records]
            counts = selectors.provider_allocations(many)
            for provider in many:
                provider.current_allocations = counts[provider.pk]
            if kwargs.get("many"):
                args = (many, *args[1:])
        return super().get_serializer(*args, **kwargs)


@_schema(
    "Key individual networks and advisory groups",
    filters.NetworkFilter,
    serializers.NetworkSerializer,
)
class NetworkViewSet(DirectoryViewSet):
    serializer_class = serializers.NetworkSerializer
    list_selector = selectors.network_list
    detail_selector = selectors.network_get
    detail_lookup = "network_id"
    filterset_class = filters.NetworkFilter
    capability = "partners.view_network"
    scope = "networks"


@_schema("Briefings, training and events", filters.BriefingFilter, serializers.BriefingSerializer)
class BriefingViewSet(DirectoryViewSet):
    serializer_class = serializers.BriefingSerializer
    list_selector = selectors.briefing_list
    detail_selector = selectors.briefing_get
    detail_lookup = "briefing_id"
    filterset_class = filters.BriefingFilter
    capability = "partners.view_briefing"
    scope = "briefings"


@_schema("Engagements", filters.EngagementFilter, serializers.EngagementSerializer)
class EngagementViewSet(DirectoryViewSet):
    serializer_class = serializers.EngagementSerializer
    list_selector = selectors.engagement_list
    detail_selector = selectors.engagement_get
    detail_lookup = "engagement_id"
    filterset_class = filters.EngagementFilter
    capability = "partners.view_engagement"
    scope = "engagements"


class CoverageView(APIView):
    """Per local authority: open organisations with and without a session in 12 months."""

    @extend_schema(
        summary="Coverage of briefings and training by local authority (counts only)",
        parameters=[
            OpenApiParameter(
                "as_at",
                OpenApiTypes.DATE,
                description="The last day of the 12 months (default today)",
            ),
            OpenApiParameter("sector", OpenApiTypes.STR, description="A sector code"),
        ],
        responses={200: serializers.CoverageReportSerializer, **error_responses(400)},
    )
    def get(self, request):
        access.require_capability(request.user, "partners.view_briefing")
        as_at = None
        if request.query_params.get("as_at"):
            try:
                as_at = datetime.date.fromisoformat(request.query_params["as_at"])
            except ValueError:
                raise ValidationError({"as_at": ["Give a date as YYYY-MM-DD"]}) from None
        organisations = selectors.coverage_list(user=request.user, as_at=as_at)
        if request.query_params.get("sector"):
            organisations = organisations.filter(sector__code=request.query_params["sector"])
        start, end = selectors.coverage_period(as_at)
        rows = selectors.coverage_by_authority(organisations)
        audit.record_search(
            user=request.user,
            scope="coverage",
            terms=dict(request.query_params.items()),
            result_count=sum(row["total"] for row in rows),
            detail={"channel": "api"},
        )
        return Response(
            serializers.CoverageReportSerializer(
                {"period_start": start, "period_end": end, "by_local_authority": rows}
            ).data
        )
