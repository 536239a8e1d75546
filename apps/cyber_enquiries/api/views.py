"""Cyber Prevent enquiries and campaigns over the API: the same selectors, services, access
and audit as the pages. Only Cyber Prevent teams use them (403 for anyone else)."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
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
from apps.cyber_enquiries import filters, selectors, services
from apps.cyber_enquiries.api import serializers
from apps.cyber_enquiries.models import CampaignActivity, CyberEnquiry
from apps.referrals.api.serializers import ReferralSubmitSerializer

ENQUIRY_EXAMPLE = {
    "received_on": "2026-11-02",
    "enquirer_type": "school",
    "enquirer_organisation_name": "Oakfield Academy",
    "contact_method": "email",
    "enquirer_contact": "Designated safeguarding lead, dsl@oakfield.example",
    "age_band": "14-15",
    "force_area": "thames-valley",
    "concern": "A pupil boasted of taking a game server offline with a booter service.",
    "interests": ["gaming", "coding"],
    "skill_level": "intermediate",
    "coding_languages": ["python"],
    "devices": ["laptop"],
    "operating_systems": ["windows"],
    "vpn_use": "yes",
    "platforms": ["discord"],
    "act_understanding": "none",
    "autism": "not_known",
}
CONVERSION_EXAMPLE = {
    "date_received": "2026-11-16",
    "channel": "email",
    "given_name": "Jordan",
    "family_name": "Testperson",
    "date_of_birth": "2011-04-12",
    "gender": "male",
    "address_line_1": "1 Example Street",
    "town": "Reading",
    "postcode": "RG1 1AA",
    "referrer_name": "Sam Referrer",
    "referrer_organisation": "Oakfield Academy",
    "sector": "education",
    "concern": "A pupil boasted of taking a game server offline with a booter service.",
    "concern_type": "no-ideology",
    "person_aware": "no",
    "parents_aware": "yes",
}
CAMPAIGN_EXAMPLE = {
    "title": "Cyber Choices leaflets for Year 9 assemblies",
    "held_on": "2026-10-05",
    "description": "Leaflets and lesson plans left with the computing department.",
    "resources": [
        {"resource": "leaflet-young-people", "quantity": 180},
        {"resource": "lesson-plan-ks3", "quantity": 6},
    ],
}


class _CyberViewSet(FilteredListViewSet):
    """A Cyber Prevent list and record: Cyber Prevent teams only."""

    abstract = True
    require = staticmethod(require_cyber_user)


@extend_schema_view(
    list=extend_schema(
        summary="Anonymous Cyber Prevent enquiries (the listing is recorded)",
        parameters=filterset_parameters(filters.EnquiryFilter),
        responses={200: serializers.CyberEnquirySerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="One enquiry with its decisions (recorded as consulted)",
        responses={200: serializers.CyberEnquirySerializer, **error_responses(404)},
    ),
)
class EnquiryViewSet(ConditionalUpdateMixin, _CyberViewSet):
    """Anonymous first enquiries: never a name. Change with PUT/PATCH and If-Match."""

    serializer_class = serializers.CyberEnquirySerializer
    list_selector = selectors.enquiry_list
    detail_selector = selectors.enquiry_get
    detail_lookup = "enquiry_id"
    filterset_class = filters.EnquiryFilter
    model = CyberEnquiry
    scope = "cyber enquiries"
    update_serializer_class = serializers.CyberEnquiryWriteSerializer
    update_service = services.enquiry_update
    record_arg = "enquiry"
    update_examples = (
        OpenApiExample(
            "The enquiry's answers (synthetic)", request_only=True, value=ENQUIRY_EXAMPLE
        ),
    )

    @extend_schema(
        request=serializers.CyberEnquiryWriteSerializer,
        responses={201: serializers.CyberEnquirySerializer, **error_responses(400, 403, 415, 422)},
        parameters=[idempotency_key_parameter("enquiry")],
        examples=[
            OpenApiExample(
                "An enquiry from a school (synthetic)", request_only=True, value=ENQUIRY_EXAMPLE
            )
        ],
        summary="Record an anonymous enquiry (no name: no person is created)",
    )
    def create(self, request, *args, **kwargs):
        access.require_add(request.user, CyberEnquiry)
        data = validated_body(serializers.CyberEnquiryWriteSerializer, request)

        def make():
            try:
                return services.enquiry_create(officer=request.user, **data)
            except ValidationError as error:
                raise as_api_error(error) from error

        return create_once(
            request,
            purpose="cyber_enquiries.enquiry_create",
            noun="enquiry",
            create=make,
            shown=lambda enquiry: serializers.CyberEnquirySerializer(enquiry).data,
            again=lambda enquiry_id: selectors.enquiry_get(
                user=request.user, enquiry_id=enquiry_id
            ),
        )

    @extend_schema(
        request=serializers.CyberEnquiryDecisionSerializer,
        responses={200: serializers.CyberEnquirySerializer, **error_responses(400, 403, 404, 415)},
        examples=[
            OpenApiExample(
                "Suitable (synthetic)",
                request_only=True,
                value={"outcome": "suitable", "rationale": "Booter use against a game server."},
            ),
            OpenApiExample(
                "Not suitable, signposted (synthetic)",
                request_only=True,
                value={
                    "outcome": "not_suitable",
                    "rationale": "Online fraud, not cyber-dependent crime.",
                    "signposted_to": "action-fraud",
                },
            ),
        ],
        summary="Record the suitability decision, with its rationale (a workflow step)",
    )
    @action(detail=True, methods=["post"], url_path="decision")
    def decision(self, request, *args, **kwargs):
        enquiry = self.get_object()
        access.require(request.user, access.CHANGE, enquiry)
        data = validated_body(serializers.CyberEnquiryDecisionSerializer, request)
        try:
            services.enquiry_decide(enquiry=enquiry, officer=request.user, **data)
        except ValidationError as error:
            raise as_api_error(error) from error
        enquiry.refresh_from_db()
        return Response(serializers.CyberEnquirySerializer(enquiry).data)

    @extend_schema(
        request=ReferralSubmitSerializer,
        responses={
            201: serializers.CyberEnquiryConvertedSerializer,
            **error_responses(400, 403, 404, 409, 415, 422),
        },
        parameters=[idempotency_key_parameter("referral")],
        examples=[
            OpenApiExample(
                "The full referral the school sent (synthetic)",
                request_only=True,
                value=CONVERSION_EXAMPLE,
            )
        ],
        summary="Convert a suitable enquiry into a named referral (the normal intake; "
        "de-confliction starts at once; 409 when not suitable or already converted)",
    )
    @action(detail=True, methods=["post"], url_path="convert")
    def convert(self, request, *args, **kwargs):
        enquiry = self.get_object()
        access.require(request.user, access.CHANGE, enquiry)
        if not isinstance(request.data, dict):
            raise ApiValidationError({"non_field_errors": ["Send the referral as a JSON object"]})
        data = dict(request.data)

        def make():
            try:
                services.enquiry_convert(enquiry=enquiry, officer=request.user, data=data)
            except ValidationError as error:
                raise as_api_error(error) from error
            return selectors.enquiry_get(user=request.user, enquiry_id=enquiry.pk)

        return create_once(
            request,
            purpose=f"cyber_enquiries.convert:{enquiry.pk}",
            noun="referral",
            create=make,
            shown=lambda converted: serializers.CyberEnquiryConvertedSerializer(converted).data,
            again=lambda enquiry_id: selectors.enquiry_get(
                user=request.user, enquiry_id=enquiry_id
            ),
        )


@extend_schema_view(
    list=extend_schema(
        summary="Cyber Choices campaign activity and resources given out (recorded)",
        parameters=filterset_parameters(filters.CampaignFilter),
        responses={200: serializers.CyberCampaignSerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="One campaign activity (recorded as consulted)",
        responses={200: serializers.CyberCampaignSerializer, **error_responses(404)},
    ),
)
class CampaignViewSet(ConditionalUpdateMixin, _CyberViewSet):
    serializer_class = serializers.CyberCampaignSerializer
    list_selector = selectors.campaign_list
    detail_selector = selectors.campaign_get
    detail_lookup = "activity_id"
    filterset_class = filters.CampaignFilter
    model = CampaignActivity
    scope = "cyber campaigns"
    update_serializer_class = serializers.CyberCampaignWriteSerializer
    update_service = services.campaign_update
    record_arg = "activity"
    update_examples = (
        OpenApiExample("Campaign activity (synthetic)", request_only=True, value=CAMPAIGN_EXAMPLE),
    )

    @extend_schema(
        request=serializers.CyberCampaignWriteSerializer,
        responses={201: serializers.CyberCampaignSerializer, **error_responses(400, 403, 415, 422)},
        parameters=[idempotency_key_parameter("activity")],
        examples=[
            OpenApiExample(
                "Resources given out (synthetic)", request_only=True, value=CAMPAIGN_EXAMPLE
            )
        ],
        summary="Record campaign activity and the resources given out",
    )
    def create(self, request, *args, **kwargs):
        access.require_add(request.user, CampaignActivity)
        data = validated_body(serializers.CyberCampaignWriteSerializer, request)
        resources = data.pop("resources", {})

        def make():
            try:
                return services.campaign_create(
                    officer=request.user,
                    resources=resources,
                    **data,
                )
            except ValidationError as error:
                raise as_api_error(error) from error

        return create_once(
            request,
            purpose="cyber_enquiries.campaign_create",
            noun="activity",
            create=make,
            shown=lambda activity: serializers.CyberCampaignSerializer(activity).data,
            again=lambda activity_id: selectors.campaign_get(
                user=request.user, activity_id=activity_id
            ),
        )
