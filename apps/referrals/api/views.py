from django.core.exceptions import ValidationError
from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_view,
)
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from apps.core.api import create_once, error_responses, idempotency_key_parameter
from apps.core.forms import validation_messages
from apps.core.viewsets import SelectorViewSet
from apps.referrals import selectors, services
from apps.referrals.api.serializers import (
    FeedbackSendSerializer,
    FeedbackSerializer,
    ReferralSerializer,
    ReferralSubmitSerializer,
    UrgencySerializer,
)


def _shown(request, *referrals) -> list[dict]:
    """Referrals as the caller may see them: a restricted person they may not see is null."""
    shown = selectors.referral_people_shown(user=request.user, referrals=referrals)
    return ReferralSerializer(shown, many=True, context={"request": request}).data


@extend_schema_view(
    list=extend_schema(
        summary="Referrals the caller may see (each one listed is recorded as consulted)",
        responses={200: ReferralSerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="One referral (recorded as consulted)",
        responses={200: ReferralSerializer, **error_responses(404)},
    ),
)
class ReferralViewSet(SelectorViewSet):
    """Referrals the caller may see. Create with POST; reading one records a consultation."""

    serializer_class = ReferralSerializer
    list_selector = selectors.referral_list
    detail_selector = selectors.referral_get
    detail_lookup = "referral_id"

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        terms = {"limit": self.paginator.limit, "offset": self.paginator.offset}
        referrals = selectors.referral_list_consult(user=request.user, referrals=page, terms=terms)
        return self.get_paginated_response(_shown(request, *referrals))

    def retrieve(self, request, *args, **kwargs):
        return Response(_shown(request, self.get_object())[0])

    @extend_schema(
        request=ReferralSubmitSerializer,
        responses={201: ReferralSerializer, **error_responses(400, 415, 422)},
        parameters=[idempotency_key_parameter("referral")],
        examples=[
            OpenApiExample(
                "A referral from a school (synthetic)",
                request_only=True,
                value={
                    "date_received": "2026-11-16",
                    "channel": "email",
                    "given_name": "Jordan",
                    "family_name": "Testperson",
                    "date_of_birth": "2009-04-12",
                    "gender": "male",
                    "address_line_1": "1 Example Street",
                    "town": "Reading",
                    "postcode": "RG1 1AA",
                    "referrer_name": "Sam Referrer",
                    "referrer_organisation": "Oakfield Academy",
                    "sector": "education",
                    "concern": "The pupil has been sharing violent material with classmates.",
                    "concern_type": "no-ideology",
                    "person_aware": "no",
                    "parents_aware": "yes",
                },
            )
        ],
        summary="Submit a referral (the same checks as the web form and imports)",
    )
    def create(self, request, *args, **kwargs):
        data = request.data
        if not isinstance(data, dict):
            raise ApiValidationError({"non_field_errors": ["Send one referral as a JSON object"]})
        return create_once(
            request,
            purpose="referrals.referral_create",
            noun="referral",
            create=lambda: self._submit(request, data),
            shown=lambda referral: _shown(request, referral)[0],
            again=lambda referral_id: selectors.referral_get(
                user=request.user, referral_id=referral_id
            ),
        )

    @extend_schema(
        request=UrgencySerializer,
        responses={200: ReferralSerializer, **error_responses(400, 404, 415)},
        examples=[
            OpenApiExample(
                "Mark urgent (synthetic)",
                request_only=True,
                value={"is_urgent": True, "reason": "Travel booked for Friday"},
            ),
            OpenApiExample("No longer urgent", request_only=True, value={"is_urgent": False}),
        ],
        summary="Mark the referral urgent, with why (top of every queue), or no longer urgent",
    )
    @action(detail=True, methods=["put"], url_path="urgency")
    def urgency(self, request, *args, **kwargs):
        referral = self.get_object()
        body = UrgencySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            if body.validated_data["is_urgent"]:
                referral = services.referral_mark_urgent(
                    referral=referral,
                    officer=request.user,
                    reason=body.validated_data.get("reason", ""),
                )
            elif referral.is_urgent:
                referral = services.referral_unmark_urgent(referral=referral, officer=request.user)
        except ValidationError as error:
            messages = validation_messages(error)
            if "urgent_reason" in messages:
                messages["reason"] = messages.pop("urgent_reason")
            raise ApiValidationError(messages) from error
        return Response(_shown(request, referral)[0])

    @extend_schema(
        request=FeedbackSendSerializer,
        responses={201: FeedbackSerializer, **error_responses(400, 404, 415, 422)},
        parameters=[idempotency_key_parameter("message")],
        examples=[
            OpenApiExample(
                "Feedback (synthetic)",
                request_only=True,
                value={"text": "Thank you for your referral. Prevent will take no further action."},
            )
        ],
        summary="Send the outcome to a referrer who agreed to feedback (recorded and audited)",
    )
    @action(detail=True, methods=["post"], url_path="feedback")
    def feedback(self, request, *args, **kwargs):
        referral = self.get_object()
        body = FeedbackSendSerializer(data=request.data)
        body.is_valid(raise_exception=True)

        def send():
            try:
                return services.referrer_feedback_send(
                    referral=referral, officer=request.user, text=body.validated_data["text"]
                )
            except ValidationError as error:
                raise ApiValidationError(validation_messages(error)) from error

        return create_once(
            request,
            purpose="referrals.referrer_feedback_send",
            noun="message",
            create=send,
            shown=lambda sent: FeedbackSerializer(sent).data,
            again=lambda sent_id: referral.feedback.get(pk=sent_id),
        )

    def _submit(self, request, data: dict):
        try:
            return services.referral_submit(
                submitted_by=request.user, team=request.user.team, data=dict(data)
            )
        except ValidationError as error:
            raise ApiValidationError(validation_messages(error)) from error
