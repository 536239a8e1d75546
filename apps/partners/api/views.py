"""Partners API: the same selectors and services as the pages; every listing recorded.

Reads go through the selectors (the access decision, the consultation recorded); creates
(POST, with an optional Idempotency-Key) and changes (PATCH with If-Match, ADR 0019) go
through the services the pages use, so the capability checks, validation and audit events are
the pages' own. Other records are named by reference (organisations, contacts), code
(reference lists, local authorities, LSOAs) or username (officers). A contact's name, phone
and e-mail appear only in the contact shapes, which need `partners.view_contact` (never
analysts); every other shape carries counts.
"""

from __future__ import annotations

import datetime

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core import access, audit
from apps.core.api import (
    create_once,
    error_responses,
    filterset_parameters,
    idempotency_key_parameter,
)
from apps.core.viewsets import ConditionalUpdateMixin, SelectorViewSet, nested_route
from apps.partners import filters, selectors, services
from apps.partners.api import serializers
from apps.partners.models import Briefing, Contact, Engagement, Network, Organisation, Provider


class DirectoryViewSet(
    ConditionalUpdateMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, SelectorViewSet
):
    """A partners list and record: the FilterSet's terms, the capability, the listing audited;
    POST creates through `create_service` (`create_serializer_class`, Idempotency-Key), PATCH
    changes through `update_service` (If-Match)."""

    abstract = True
    # PATCH changes the fields sent; there is no PUT (every field is optional either way).
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_class = None
    capability = ""
    scope = ""
    model = None
    create_serializer_class = None
    create_service = None
    noun = ""

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

    def shown(self, record) -> dict:
        """The body for a record just made: re-read through the list selector (its counts and
        latest check), not recorded as a consultation (the create is recorded)."""
        return self.get_serializer(self.get_queryset().get(pk=record.pk)).data

    def fetch(self, pk):
        return type(self).detail_selector(user=self.request.user, **{self.detail_lookup: pk})

    def create(self, request, *args, **kwargs):
        access.require_add(request.user, self.model)
        body = self.create_serializer_class(
            data=request.data, context=self.get_serializer_context()
        )
        body.is_valid(raise_exception=True)
        return create_once(
            request,
            purpose=f"partners.{self.model._meta.model_name}_create",
            noun=self.noun,
            create=lambda: type(self).create_service(officer=request.user, **body.validated_data),
            shown=self.shown,
            again=self.fetch,
        )


def _nested(
    name: str,
    *,
    items,
    shape,
    body_class,
    service,
    record_arg: str,
    noun: str,
    again,
    list_summary: str,
    create_summary: str,
    example_name: str,
    example: dict,
):
    """A check, a meeting or an agreement under a directory record (core.viewsets.nested_route):
    listed, and added through the app's service once per Idempotency-Key."""

    def create(view, request, record):
        body = body_class(data=request.data, context=view.get_serializer_context())
        body.is_valid(raise_exception=True)
        return create_once(
            request,
            purpose=f"partners.{noun}_create:{record.pk}",
            noun=noun,
            create=lambda: service(
                **{record_arg: record}, officer=request.user, **body.validated_data
            ),
            shown=lambda made: shape(made).data,
            again=lambda made_id: again(record).get(pk=made_id),
        )

    return nested_route(
        name,
        items=items,
        shape=shape,
        create=create,
        list_summary=list_summary,
        create_summary=create_summary,
        create_body=body_class,
        create_errors=(400, 404, 415, 422),
        parameters=(idempotency_key_parameter(noun),),
        examples=(OpenApiExample(example_name, request_only=True, value=example),),
    )


def _schema(model_name: str, filterset, serializer, *, create, noun: str, example: dict):
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
        create=extend_schema(
            summary=f"Add a {noun} (the page's checks; recorded)",
            request=create,
            responses={201: serializer, **error_responses(400, 415, 422)},
            parameters=[idempotency_key_parameter(noun)],
            examples=[OpenApiExample(f"A {noun} (synthetic)", request_only=True, value=example)],
        ),
    )


def _examples(whole: dict, change: dict) -> tuple:
    """Every field a client may change, and a change of some (both PATCH)."""
    return (
        OpenApiExample("Every field (synthetic)", request_only=True, value=whole),
        OpenApiExample("A change (synthetic)", request_only=True, value=change),
    )


ORGANISATION_EXAMPLE = {
    "name": "Invented Heights Academy",
    "sector": "school",
    "street": "1 Example Street",
    "town": "Reading",
    "postcode": "RG1 1AA",
    "local_authority": "E06000038",
    "urn": 990001,
}


@_schema(
    "Partner organisations",
    filters.OrganisationFilter,
    serializers.OrganisationSerializer,
    create=serializers.OrganisationWriteSerializer,
    noun="organisation",
    example=ORGANISATION_EXAMPLE,
)
class OrganisationViewSet(DirectoryViewSet):
    serializer_class = serializers.OrganisationSerializer
    list_selector = selectors.organisation_list
    detail_selector = selectors.organisation_get
    detail_lookup = "organisation_id"
    filterset_class = filters.OrganisationFilter
    capability = "partners.view_organisation"
    scope = "partner organisations"
    model = Organisation
    noun = "organisation"
    create_serializer_class = serializers.OrganisationWriteSerializer
    create_service = services.organisation_create
    update_serializer_class = serializers.OrganisationUpdateSerializer
    update_service = services.organisation_update
    record_arg = "organisation"
    update_examples = _examples(ORGANISATION_EXAMPLE, {"town": "Wokingham", "postcode": "RG40 1AA"})

    agreements = _nested(
        "agreements",
        items=lambda organisation: organisation.agreements.select_related("owner"),
        shape=serializers.AgreementSerializer,
        body_class=serializers.AgreementCreateSerializer,
        service=services.agreement_add,
        record_arg="organisation",
        noun="agreement",
        again=lambda organisation: organisation.agreements,
        list_summary="The organisation's information-sharing agreements",
        create_summary="Record an information-sharing agreement (its owner is reminded 30 days "
        "before it expires)",
        example_name="An agreement (synthetic)",
        example={
            "title": "Safeguarding information sharing",
            "owner": "supervisor",
            "signed_on": "2026-04-01",
            "review_on": "2027-04-01",
            "expires_on": "2028-03-31",
        },
    )


CONTACT_EXAMPLE = {
    "given_name": "Zelda",
    "family_name": "Examplename",
    "role": "prevent-lead",
    "job_title": "Deputy head",
    "phone": "01184960000",
    "email": "prevent.lead@example.invalid",
    "vetting_level": "none",
}


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
    create=extend_schema(
        summary="Add a contact (the page's checks; recorded)",
        request=serializers.PartnerContactWriteSerializer,
        responses={201: serializers.PartnerContactSerializer, **error_responses(400, 415, 422)},
        parameters=[idempotency_key_parameter("contact")],
        examples=[
            OpenApiExample("A contact (synthetic)", request_only=True, value=CONTACT_EXAMPLE)
        ],
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
    model = Contact
    noun = "contact"
    create_serializer_class = serializers.PartnerContactWriteSerializer
    create_service = services.contact_create
    update_serializer_class = serializers.PartnerContactUpdateSerializer
    update_service = services.contact_update
    record_arg = "contact"
    update_examples = _examples(
        CONTACT_EXAMPLE, {"job_title": "Headteacher", "phone": "01184960001"}
    )

    def retrieve(self, request, *args, **kwargs):
        contact = self.get_object()
        briefings = selectors.contact_briefings(user=request.user, contact=contact)
        serializer = serializers.PartnerContactDetailSerializer(
            contact, context={"request": request, "briefings": briefings}
        )
        return Response(serializer.data)


PROVIDER_EXAMPLE = {
    "name": "Invented Mentoring Collective",
    "description": "One-to-one mentoring for young people",
    "specialisms": ["mentoring"],
    "areas": ["E06000038"],
    "capacity": 8,
}


@_schema(
    "Intervention and support providers",
    filters.ProviderFilter,
    serializers.ProviderSerializer,
    create=serializers.ProviderWriteSerializer,
    noun="provider",
    example=PROVIDER_EXAMPLE,
)
class ProviderViewSet(DirectoryViewSet):
    serializer_class = serializers.ProviderSerializer
    list_selector = selectors.provider_list
    detail_selector = selectors.provider_get
    detail_lookup = "provider_id"
    filterset_class = filters.ProviderFilter
    capability = "partners.view_provider"
    scope = "providers"
    model = Provider
    noun = "provider"
    create_serializer_class = serializers.ProviderWriteSerializer
    create_service = services.provider_create
    update_serializer_class = serializers.ProviderUpdateSerializer
    update_service = services.provider_update
    record_arg = "provider"
    update_examples = _examples(PROVIDER_EXAMPLE, {"capacity": 10, "status": "active"})

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

    def precondition_failed(self, current):
        # The record as it is now, with its latest check (the selector's annotations).
        return super().precondition_failed(
            selectors.provider_list(user=self.request.user).get(pk=current.pk)
        )

    def conditional_update(self, request, *, partial: bool):
        response = super().conditional_update(request, partial=partial)
        if response.status_code == status.HTTP_200_OK:
            provider = selectors.provider_list(user=request.user).get(pk=self.etag_record.pk)
            self.etag_record = provider
            response.data = self.get_serializer(provider).data
        return response

    checks = _nested(
        "checks",
        items=lambda provider: provider.checks.select_related("reviewer"),
        shape=serializers.ProviderCheckSerializer,
        body_class=serializers.ProviderCheckCreateSerializer,
        service=services.provider_check_record,
        record_arg="provider",
        noun="check",
        again=lambda provider: provider.checks,
        list_summary="The provider's approvals and due-diligence checks, latest first",
        create_summary="Record a Home Office approval or local due-diligence check (the latest "
        "decides whether the provider is offered)",
        example_name="An approval (synthetic)",
        example={
            "kind": "due_diligence",
            "checked_on": "2026-06-01",
            "outcome": "approved",
            "expires_on": "2027-05-31",
            "notes": "References and safeguarding policy seen",
        },
    )


NETWORK_EXAMPLE = {
    "kind": "advisory_group",
    "name": "Invented independent advisory group",
    "local_authority": "E06000038",
    "description": "Community advice on Prevent delivery",
}


@_schema(
    "Key individual networks and advisory groups",
    filters.NetworkFilter,
    serializers.NetworkSerializer,
    create=serializers.NetworkWriteSerializer,
    noun="group",
    example=NETWORK_EXAMPLE,
)
class NetworkViewSet(DirectoryViewSet):
    serializer_class = serializers.NetworkSerializer
    list_selector = selectors.network_list
    detail_selector = selectors.network_get
    detail_lookup = "network_id"
    filterset_class = filters.NetworkFilter
    capability = "partners.view_network"
    scope = "networks"
    model = Network
    noun = "group"
    create_serializer_class = serializers.NetworkWriteSerializer
    create_service = services.network_create
    update_serializer_class = serializers.NetworkUpdateSerializer
    update_service = services.network_update
    record_arg = "network"
    update_examples = _examples(
        NETWORK_EXAMPLE, {"description": "Meets each term with the Prevent lead"}
    )

    def conditional_update(self, request, *, partial: bool):
        response = super().conditional_update(request, partial=partial)
        if response.status_code == status.HTTP_200_OK:
            # Member and meeting counts: the selector's annotations.
            network = selectors.network_list(user=request.user).get(pk=self.etag_record.pk)
            response.data = self.get_serializer(network).data
        return response

    def precondition_failed(self, current):
        return super().precondition_failed(
            selectors.network_list(user=self.request.user).get(pk=current.pk)
        )

    meetings = _nested(
        "meetings",
        items=lambda network: network.meetings.all(),
        shape=serializers.NetworkMeetingSerializer,
        body_class=serializers.NetworkMeetingCreateSerializer,
        service=services.network_meeting_add,
        record_arg="network",
        noun="meeting",
        again=lambda network: network.meetings,
        list_summary="The group's meetings and the advice given, latest first",
        create_summary="Record a meeting of the group and the advice it gave",
        example_name="A meeting (synthetic)",
        example={
            "held_on": "2026-05-12",
            "summary": "Reviewed the local Prevent delivery plan",
            "advice": "Hold the next community event in the town centre",
        },
    )


BRIEFING_EXAMPLE = {
    "title": "Prevent awareness for governors (synthetic)",
    "session_type": "prevent-awareness",
    "status": "delivered",
    "held_on": "2026-03-14",
    "local_authority": "E06000038",
    "attendance": 18,
    "feedback_score": "4.5",
}


@_schema(
    "Briefings, training and events",
    filters.BriefingFilter,
    serializers.BriefingSerializer,
    create=serializers.BriefingWriteSerializer,
    noun="session",
    example=BRIEFING_EXAMPLE,
)
class BriefingViewSet(DirectoryViewSet):
    """Sessions. Attendance (the number, the named partner attendees and police staff) is
    recorded with PATCH like any other field."""

    serializer_class = serializers.BriefingSerializer
    list_selector = selectors.briefing_list
    detail_selector = selectors.briefing_get
    detail_lookup = "briefing_id"
    filterset_class = filters.BriefingFilter
    capability = "partners.view_briefing"
    scope = "briefings"
    model = Briefing
    noun = "session"
    create_serializer_class = serializers.BriefingWriteSerializer
    create_service = services.briefing_create
    update_serializer_class = serializers.BriefingUpdateSerializer
    update_service = services.briefing_update
    record_arg = "briefing"
    update_examples = _examples(BRIEFING_EXAMPLE, {"status": "delivered", "attendance": 24})


ENGAGEMENT_EXAMPLE = {
    "kind": "visit",
    "held_on": "2026-02-03",
    "organisations": ["ORG-2025-00001"],
    "purpose": "Termly visit to the designated safeguarding lead",
    "outcome": "Agreed a staff briefing next term",
}


@_schema(
    "Engagements",
    filters.EngagementFilter,
    serializers.EngagementSerializer,
    create=serializers.EngagementCreateSerializer,
    noun="engagement",
    example=ENGAGEMENT_EXAMPLE,
)
class EngagementViewSet(DirectoryViewSet):
    serializer_class = serializers.EngagementSerializer
    list_selector = selectors.engagement_list
    detail_selector = selectors.engagement_get
    detail_lookup = "engagement_id"
    filterset_class = filters.EngagementFilter
    capability = "partners.view_engagement"
    scope = "engagements"
    model = Engagement
    noun = "engagement"
    create_serializer_class = serializers.EngagementCreateSerializer
    create_service = services.engagement_record
    update_serializer_class = serializers.EngagementUpdateSerializer
    update_service = services.engagement_update
    record_arg = "engagement"
    update_examples = _examples(ENGAGEMENT_EXAMPLE, {"outcome": "Briefing booked for 12 May"})


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
