"""The person index over the API: the same selectors, services, access and audit as the pages."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from apps.core import access
from apps.core.api import as_api_error, error_responses, filterset_parameters, validated_body
from apps.core.postcodes import normalise_postcode
from apps.core.viewsets import ConditionalUpdateMixin, SelectorViewSet
from apps.people import selectors, services
from apps.people.api.serializers import (
    AddressAddSerializer,
    IdentifierAddSerializer,
    IdentifierRemoveSerializer,
    OtherNameAddSerializer,
    PersonAddressSerializer,
    PersonIdentifierSerializer,
    PersonMergeSerializer,
    PersonNameSerializer,
    PersonSerializer,
    PersonSummarySerializer,
    PersonUpdateSerializer,
    SamePersonDecisionSerializer,
    UnmergeSerializer,
)
from apps.people.filters import PersonFilter
from apps.people.identifiers import InvalidIdentifier, normalise_identifier

CAPABILITY = "people.view_person"


@extend_schema_view(
    list=extend_schema(
        summary="Search the person index by name or reference (the search is recorded)",
        parameters=filterset_parameters(PersonFilter),
        responses={200: PersonSummarySerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="One person, with other names, addresses and identifiers (recorded)",
        responses={200: PersonSerializer, **error_responses(404)},
    ),
)
class PersonViewSet(ConditionalUpdateMixin, mixins.RetrieveModelMixin, SelectorViewSet):
    """The person index. Change details with PUT/PATCH and If-Match (core.concurrency)."""

    serializer_class = PersonSerializer
    list_selector = selectors.person_list
    detail_selector = selectors.person_get
    detail_lookup = "person_id"
    update_serializer_class = PersonUpdateSerializer
    update_service = services.person_update
    record_arg = "person"
    update_examples = (
        OpenApiExample(
            "The person's details (synthetic)",
            request_only=True,
            value={
                "given_name": "Jordan",
                "middle_names": "",
                "family_name": "Testperson",
                "date_of_birth": "2009-04-12",
                "estimated_age": None,
                "gender": "male",
                "nationality": "British",
                "first_language": "English",
                "other_languages": "",
                "interpreter_needed": False,
                "needs_recorded": True,
                "needs": [],
                "phone": "",
                "email": "",
            },
        ),
    )

    def list(self, request, *args, **kwargs):
        access.require_capability(request.user, CAPABILITY)
        terms = {
            name: request.query_params[name].strip()
            for name in PersonFilter.base_filters
            if request.query_params.get(name, "").strip()
        }
        if not terms:
            # As on the people page: nobody is listed until something is searched for.
            raise ApiValidationError({"q": ["Enter a name or reference to search for"]})
        filterset = PersonFilter(request.query_params, queryset=self.get_queryset())
        if not filterset.is_valid():
            raise ApiValidationError(filterset.errors)
        page = self.paginate_queryset(filterset.qs.order_by("family_name", "given_name", "pk"))
        people = selectors.person_list_consult(user=request.user, people=page, terms=terms)
        return self.get_paginated_response(PersonSummarySerializer(people, many=True).data)

    def _addition(self, request, serializer_class, shape, add, **extra):
        person = self.get_object()
        access.require(request.user, access.CHANGE, person)
        data = validated_body(serializer_class, request)
        try:
            added = add(person=person, officer=request.user, **data, **extra)
        except ValidationError as error:
            raise as_api_error(error) from error
        return Response(shape(added).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Add another name (alias, previous name, spelling)",
        request=OtherNameAddSerializer,
        examples=[
            OpenApiExample(
                "An alias", request_only=True, value={"kind": "alias", "given_name": "Jay"}
            )
        ],
        responses={201: PersonNameSerializer, **error_responses(400, 404, 415)},
    )
    @action(detail=True, methods=["post"], url_path="names")
    def names(self, request, *args, **kwargs):
        return self._addition(
            request, OtherNameAddSerializer, PersonNameSerializer, services.person_other_name_add
        )

    @extend_schema(
        summary="Add an address (the current one, or a previous one)",
        request=AddressAddSerializer,
        examples=[
            OpenApiExample(
                "A new current address (synthetic)",
                request_only=True,
                value={
                    "line_1": "9 Example Street",
                    "town": "Reading",
                    "postcode": "RG1 1AA",
                    "date_from": "2026-09-01",
                    "is_current": True,
                },
            )
        ],
        responses={201: PersonAddressSerializer, **error_responses(400, 404, 415)},
    )
    @action(detail=True, methods=["post"], url_path="addresses")
    def addresses(self, request, *args, **kwargs):
        person = self.get_object()
        access.require(request.user, access.CHANGE, person)
        data = validated_body(AddressAddSerializer, request)
        try:
            data["postcode"] = normalise_postcode(data["postcode"])
            added = services.person_address_add(person=person, officer=request.user, **data)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                error = ValidationError({"postcode": error.messages})
            raise as_api_error(error) from error
        return Response(PersonAddressSerializer(added).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Add an identifier (refused if already recorded on someone)",
        request=IdentifierAddSerializer,
        examples=[
            OpenApiExample(
                "A PNC number (synthetic)",
                request_only=True,
                value={"kind": "pnc", "value": "26/123456A"},
            ),
            OpenApiExample(
                "An e-mail address, stored in lower case (synthetic)",
                request_only=True,
                value={"kind": "email", "value": "Booter.Fan@Example.com"},
            ),
        ],
        responses={201: PersonIdentifierSerializer, **error_responses(400, 404, 415)},
    )
    @action(detail=True, methods=["post"], url_path="identifiers")
    def identifiers(self, request, *args, **kwargs):
        return self._addition(
            request,
            IdentifierAddSerializer,
            PersonIdentifierSerializer,
            services.person_identifier_add,
        )

    @extend_schema(
        summary="Remove an identifier recorded in error",
        request=IdentifierRemoveSerializer,
        responses={204: None, **error_responses(400, 404, 415)},
        examples=[
            OpenApiExample(
                "A PNC number (synthetic)",
                request_only=True,
                value={"kind": "pnc", "value": "26/123456A"},
            )
        ],
    )
    @action(detail=True, methods=["post"], url_path="identifiers/remove")
    def identifier_remove(self, request, *args, **kwargs):
        person = self.get_object()
        access.require(request.user, access.CHANGE, person)
        data = validated_body(IdentifierRemoveSerializer, request)
        # As stored (normalised: an e-mail in lower case, an IP address in its standard form,
        # a phone number as digits), or as typed for one recorded before normalisation.
        typed = data["value"].strip()
        try:
            stored = normalise_identifier(data["kind"], typed)
        except InvalidIdentifier as error:
            raise ApiValidationError({"value": [str(error)]}) from None
        identifier = person.identifiers.filter(
            Q(value__iexact=stored) | Q(value__iexact=typed), kind=data["kind"]
        ).first()
        if identifier is None:
            raise ApiValidationError({"value": ["This person has no such identifier"]})
        services.person_identifier_remove(
            person=person, officer=request.user, identifier=identifier
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _other(self, request, data) -> object:
        return selectors.person_get(user=request.user, person_id=data["other"])

    @extend_schema(
        summary="Merge another record of the same person into this one",
        request=SamePersonDecisionSerializer,
        responses={201: PersonMergeSerializer, **error_responses(400, 404, 415)},
    )
    @action(detail=True, methods=["post"], url_path="merge")
    def merge(self, request, *args, **kwargs):
        person = self.get_object()
        data = validated_body(SamePersonDecisionSerializer, request)
        other = self._other(request, data)
        try:
            merge = services.person_merge(
                officer=request.user, survivor=person, merged=other, reason=data["reason"]
            )
        except ValidationError as error:
            raise as_api_error(error) from error
        return Response(PersonMergeSerializer(merge).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Record that another record is a different person (never suggested again)",
        request=SamePersonDecisionSerializer,
        responses={201: SamePersonDecisionSerializer, **error_responses(400, 404, 415)},
    )
    @action(detail=True, methods=["post"], url_path="not-same")
    def not_same(self, request, *args, **kwargs):
        person = self.get_object()
        data = validated_body(SamePersonDecisionSerializer, request)
        other = self._other(request, data)
        try:
            services.person_mark_not_same(
                officer=request.user, first=person, second=other, reason=data["reason"]
            )
        except ValidationError as error:
            raise as_api_error(error) from error
        return Response(
            {"other": str(other.pk), "reason": data["reason"]}, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Undo the merge of another record (merged_id, its id) into this person",
        request=UnmergeSerializer,
        responses={200: PersonMergeSerializer, **error_responses(400, 404, 415)},
    )
    @action(detail=True, methods=["post"], url_path="merges/<uuid:merged_id>/undo")
    def unmerge(self, request, *args, merged_id, **kwargs):
        person = self.get_object()
        merge = selectors.person_merge_of(user=request.user, survivor=person, merged_id=merged_id)
        data = validated_body(UnmergeSerializer, request)
        try:
            merge = services.person_unmerge(
                officer=request.user, merge=merge, reason=data["reason"]
            )
        except ValidationError as error:
            raise as_api_error(error) from error
        return Response(PersonMergeSerializer(merge).data)
