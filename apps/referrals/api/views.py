from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from apps.core.idempotency import (
    IDEMPOTENCY_HEADER,
    AlreadySubmitted,
    KeyReused,
    api_claim,
    idempotency_key_problem,
    submission_created,
)
from apps.referrals import selectors, services
from apps.referrals.api.serializers import ReferralSerializer, ReferralSubmitSerializer


class ReferralViewSet(viewsets.ReadOnlyModelViewSet):
    """Referrals the caller may see. Create with POST; reading one records a consultation."""

    serializer_class = ReferralSerializer
    filter_backends = []

    def get_queryset(self):
        return selectors.referral_list(user=self.request.user)

    def retrieve(self, request, *args, **kwargs):
        referral = selectors.referral_get(user=request.user, referral_id=kwargs["pk"])
        return Response(ReferralSerializer(referral).data)

    @extend_schema(
        request=ReferralSubmitSerializer,
        responses={201: ReferralSerializer},
        summary="Submit a referral (the same checks as the web form and imports)",
    )
    def create(self, request, *args, **kwargs):
        data = request.data
        if not isinstance(data, dict):
            raise ApiValidationError({"non_field_errors": ["Send one referral as a JSON object"]})
        key = request.headers.get(IDEMPOTENCY_HEADER)
        if key is None:
            referral = self._submit(request, data)
            return Response(ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)
        if problem := idempotency_key_problem(key):
            raise ApiValidationError({IDEMPOTENCY_HEADER: [problem]})
        try:
            with api_claim(
                user=request.user, key=key, purpose="referrals.referral_create", body=data
            ) as submission:
                referral = self._submit(request, data)
                submission_created(submission, referral)
        except AlreadySubmitted as repeat:
            # The first request's referral, as it is now (access-checked and recorded).
            referral = selectors.referral_get(
                user=request.user, referral_id=repeat.submission.object_id
            )
            return Response(
                ReferralSerializer(referral).data,
                status=status.HTTP_201_CREATED,
                headers={"Idempotent-Replayed": "true"},
            )
        except KeyReused:
            return Response(
                {
                    IDEMPOTENCY_HEADER: [
                        "This key was already used for a different request: send a new key "
                        "for a new referral"
                    ]
                },
                status=status.HTTP_422_UNPROCESSABLE_ENTITY,
            )
        return Response(ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)

    def _submit(self, request, data: dict):
        try:
            return services.referral_submit(
                submitted_by=request.user, team=request.user.team, data=dict(data)
            )
        except ValidationError as error:
            raise ApiValidationError(error.message_dict) from error
