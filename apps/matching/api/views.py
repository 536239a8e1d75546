from drf_spectacular.utils import extend_schema
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core import access
from apps.core.api import error_responses
from apps.matching import deconfliction
from apps.matching.api.serializers import MatchRequestSerializer, MatchResponseSerializer


class PersonMatchView(APIView):
    """Ranked candidates for one person, with probability and per-field evidence.

    Suggestions only: linking a referral to a person is an officer's recorded decision.
    """

    parser_classes = [JSONParser]

    @extend_schema(
        request=MatchRequestSerializer,
        responses={200: MatchResponseSerializer, **error_responses(400, 415)},
        summary="Find people who may be this person (de-confliction)",
    )
    def post(self, request):
        access.require_capability(request.user, "matching.add_matchdecision")
        serializer = MatchRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        pnc_id = data.pop("pnc_id", "")
        record = {
            "record_id": "query",
            "identifier": f"pnc:{pnc_id}" if pnc_id else "",
            **{key: value for key, value in data.items() if key != "date_of_birth"},
            "date_of_birth": data["date_of_birth"].isoformat() if data.get("date_of_birth") else "",
        }
        found = deconfliction.match_candidates_for_record(
            user=request.user, record=record, scope="api person match"
        )
        return Response(
            {
                "people": [candidate.as_dict() for candidate in found["people"]],
                "external": [candidate.as_dict() for candidate in found["external"]],
            }
        )
