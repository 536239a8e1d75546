"""The allocation and task API: the same services, permissions and audit as the pages."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from apps.core import access, audit
from apps.core.api import error_responses, filterset_parameters, validated_body
from apps.core.forms import validation_messages
from apps.core.viewsets import SelectorViewSet
from apps.work import registry, selectors, services
from apps.work.api.serializers import (
    AllocateSerializer,
    AllocationSerializer,
    RecordAllocationSerializer,
    ReleaseSerializer,
    TaskCancelSerializer,
    TaskCompleteSerializer,
    TaskCreateSerializer,
    TaskReassignSerializer,
    TaskSerializer,
)
from apps.work.filters import TaskFilter


def _run(service, **kwargs):
    """Call a service; its ValidationError is the caller's 400, in the documented shape."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        raise ApiValidationError(validation_messages(error)) from error


def _record_allocation(record) -> dict:
    return {
        "record_type": registry.record_type_for(type(record)).label,
        "record_id": record.pk,
        "reference": record.reference,
        "allocation": selectors.allocation_of(record),
        "history": selectors.allocation_history(record),
    }


@extend_schema_view(
    list=extend_schema(
        summary="Who holds each record the caller may see (the listing is recorded)",
        parameters=[
            OpenApiParameter("record_type", str, description="Only this kind, e.g. referral"),
            OpenApiParameter("officer", str, description="Only those held by this username"),
        ],
        responses={200: AllocationSerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="One record's allocation and its history (recorded as consulted)",
        responses={200: RecordAllocationSerializer, **error_responses(404)},
    ),
)
class AllocationViewSet(SelectorViewSet):
    """Allocation of records (referrals, and later cases and packages) to officers."""

    serializer_class = AllocationSerializer
    list_selector = selectors.allocation_list
    detail_selector = selectors.record_by_id
    detail_lookup = "record_id"
    lookup_field = "record_id"

    def list(self, request, *args, **kwargs):
        allocations = self.get_queryset()
        record_type = request.query_params.get("record_type")
        if record_type:
            found = registry.record_type_by_label(record_type)
            if found is None:
                raise ApiValidationError({"record_type": ["No such kind of record"]})
            allocations = [a for a in allocations if a.content_type.model_class() is found.model]
        officer = request.query_params.get("officer")
        if officer:
            allocations = [a for a in allocations if a.officer.username == officer]
        page = self.paginate_queryset(list(allocations))
        audit.record_search(
            user=request.user,
            scope="api allocations",
            terms={key: value for key, value in request.query_params.items()},
            result_count=len(page),
            detail={"references": [allocation.reference for allocation in page]},
        )
        return self.get_paginated_response(AllocationSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(RecordAllocationSerializer(_record_allocation(self.get_object())).data)

    @extend_schema(
        summary="Allocate a record: take it yourself, or (a supervisor) give it to an officer",
        request=AllocateSerializer,
        responses={201: AllocationSerializer, **error_responses(400, 404, 415)},
        examples=[
            OpenApiExample(
                "Take a referral",
                request_only=True,
                value={"record_type": "referral", "reference": "PR-2025-00001"},
            ),
            OpenApiExample(
                "Allocate a referral to an officer",
                request_only=True,
                value={
                    "record_type": "referral",
                    "reference": "PR-2025-00002",
                    "officer": "gateway.officer",
                    "reason": "Knows the school",
                },
            ),
        ],
    )
    def create(self, request, *args, **kwargs):
        data = validated_body(AllocateSerializer, request)
        record = selectors.record_by_reference(
            user=request.user, record_type=data["record_type"], reference=data["reference"]
        )
        allocation = _run(
            services.allocation_allocate,
            record=record,
            officer=data.get("officer") or request.user,
            by=request.user,
            reason=data.get("reason", ""),
        )
        return Response(AllocationSerializer(allocation).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Release a record back to its team (the holder, or a supervisor)",
        request=ReleaseSerializer,
        responses={200: RecordAllocationSerializer, **error_responses(400, 404, 415)},
        examples=[OpenApiExample("Release", request_only=True, value={"reason": "Going on leave"})],
    )
    @action(detail=True, methods=["post"])
    def release(self, request, *args, **kwargs):
        record = self.get_object()
        data = validated_body(ReleaseSerializer, request)
        _run(services.allocation_release, record=record, by=request.user, **data)
        return Response(RecordAllocationSerializer(_record_allocation(record)).data)


@extend_schema_view(
    list=extend_schema(
        summary="Tasks: by default the caller's open ones, due first (the listing is recorded)",
        parameters=filterset_parameters(TaskFilter),
        responses={200: TaskSerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="One task (recorded as consulted)",
        responses={200: TaskSerializer, **error_responses(404)},
    ),
)
class TaskViewSet(SelectorViewSet):
    """Tasks of the caller's team, seen only by those who may see the record they are about."""

    serializer_class = TaskSerializer
    list_selector = selectors.task_list
    detail_selector = selectors.task_get
    detail_lookup = "task_id"
    lookup_field = "id"

    def list(self, request, *args, **kwargs):
        access.require_capability(request.user, "work.view_task")
        queryset = self.get_queryset().order_by("due_date", "reference")
        params = request.query_params
        if not params.get("whose"):
            queryset = queryset.filter(assignee=request.user)
        if not params.get("status"):
            queryset = queryset.filter(status="open")
        filterset = TaskFilter(params, queryset=queryset, request=request)
        if not filterset.is_valid():
            raise ApiValidationError(filterset.errors)
        page = self.paginate_queryset(filterset.qs)
        audit.record_search(
            user=request.user,
            scope="api tasks",
            terms={key: value for key, value in params.items()},
            result_count=len(page),
            detail={"references": [task.reference for task in page]},
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        summary="Set a task, for yourself or a colleague, optionally about one record",
        request=TaskCreateSerializer,
        responses={201: TaskSerializer, **error_responses(400, 404, 415)},
        examples=[
            OpenApiExample(
                "A task about a referral",
                request_only=True,
                value={
                    "title": "Ask the school for attendance records",
                    "due_date": "2027-01-15",
                    "record_type": "referral",
                    "record_reference": "PR-2025-00001",
                },
            )
        ],
    )
    def create(self, request, *args, **kwargs):
        data = validated_body(TaskCreateSerializer, request)
        record = None
        if data.get("record_type"):
            record = selectors.record_by_reference(
                user=request.user,
                record_type=data["record_type"],
                reference=data["record_reference"],
            )
        task = _run(
            services.task_create,
            officer=request.user,
            assignee=data.get("assignee") or request.user,
            title=data["title"],
            details=data.get("details", ""),
            due_date=data["due_date"],
            record=record,
        )
        return Response(self.get_serializer(task).data, status=status.HTTP_201_CREATED)

    def _step(self, request, service, serializer_class, **extra):
        task = selectors.task_get(user=request.user, task_id=self.kwargs["id"])
        data = validated_body(serializer_class, request)
        task = _run(service, task=task, officer=request.user, **data, **extra)
        return Response(self.get_serializer(task).data)

    @extend_schema(
        summary="Mark a task done",
        request=TaskCompleteSerializer,
        responses={200: TaskSerializer, **error_responses(400, 404, 415)},
        examples=[OpenApiExample("Done", request_only=True, value={"note": "Called the school"})],
    )
    @action(detail=True, methods=["post"])
    def complete(self, request, *args, **kwargs):
        return self._step(request, services.task_complete, TaskCompleteSerializer)

    @extend_schema(
        summary="Cancel a task that is no longer needed",
        request=TaskCancelSerializer,
        responses={200: TaskSerializer, **error_responses(400, 404, 415)},
        examples=[
            OpenApiExample("Cancel", request_only=True, value={"reason": "Referrer withdrew"})
        ],
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        return self._step(request, services.task_cancel, TaskCancelSerializer)

    @extend_schema(
        summary="Give an open task to another officer of the team",
        request=TaskReassignSerializer,
        responses={200: TaskSerializer, **error_responses(400, 404, 415)},
        examples=[
            OpenApiExample(
                "Reassign",
                request_only=True,
                value={"assignee": "gateway.officer", "reason": "Covering leave"},
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def reassign(self, request, *args, **kwargs):
        return self._step(request, services.task_reassign, TaskReassignSerializer)
