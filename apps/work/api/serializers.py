"""API shapes for allocations and tasks. Officers are named by username, records by reference."""

from django.contrib.contenttypes.models import ContentType
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.accounts.models import User
from apps.core.api import SlugRelatedField
from apps.core.workflow import available_transitions
from apps.work import registry
from apps.work.choices import AllocationStep
from apps.work.models import Allocation, AllocationEvent, Task


class OfficerField(SlugRelatedField):
    """An officer by username (active users only)."""

    def __init__(self, **kwargs):
        super().__init__(
            slug_field="username", queryset=User.objects.filter(is_active=True), **kwargs
        )


def _record_type_label(content_type_id) -> str | None:
    if content_type_id is None:
        return None
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return (
        registry.record_type_for(model).label if model and registry.is_record_type(model) else None
    )


class AllocationSerializer(serializers.ModelSerializer):
    record_type = serializers.SerializerMethodField(help_text="The kind of record: referral, …")
    record_id = serializers.UUIDField(source="object_id")
    officer = serializers.CharField(source="officer.username", help_text="Allocated to")
    officer_name = serializers.CharField(source="officer.display_name")
    allocated_by = serializers.CharField(source="allocated_by.username")

    class Meta:
        model = Allocation
        fields = [
            "record_type",
            "record_id",
            "reference",
            "officer",
            "officer_name",
            "allocated_by",
            "allocated_at",
            "reason",
        ]

    @extend_schema_field(serializers.CharField())
    def get_record_type(self, allocation) -> str:
        return _record_type_label(allocation.content_type_id)


class AllocationEventSerializer(serializers.ModelSerializer):
    officer = serializers.CharField(source="officer.username", default=None, allow_null=True)
    previous_officer = serializers.CharField(
        source="previous_officer.username", default=None, allow_null=True
    )
    by = serializers.CharField(source="by.username")
    step = serializers.ChoiceField(choices=AllocationStep.choices)

    class Meta:
        model = AllocationEvent
        fields = ["step", "officer", "previous_officer", "by", "at", "reason"]


class RecordAllocationSerializer(serializers.Serializer):
    """One record's allocation now (null when nobody holds it) and every step before."""

    record_type = serializers.CharField()
    record_id = serializers.UUIDField()
    reference = serializers.CharField()
    allocation = AllocationSerializer(allow_null=True)
    history = AllocationEventSerializer(many=True)


class AllocateSerializer(serializers.Serializer):
    record_type = serializers.CharField(help_text="The kind of record, for example referral")
    reference = serializers.CharField(max_length=100, help_text="The record's reference")
    officer = OfficerField(
        required=False,
        help_text="Username of the officer to allocate it to; leave out to take it yourself",
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Needed when the record moves from one officer to another",
    )


class ReleaseSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class TaskSerializer(serializers.ModelSerializer):
    assignee = serializers.CharField(source="assignee.username")
    created_by = serializers.CharField(source="created_by.username", default=None, allow_null=True)
    closed_by = serializers.CharField(source="closed_by.username", default=None, allow_null=True)
    status_label = serializers.CharField(source="get_status_display")
    record_type = serializers.SerializerMethodField(help_text="The linked record's kind, or null")
    record_id = serializers.UUIDField(source="object_id", allow_null=True)
    available_transitions = serializers.SerializerMethodField(
        help_text="Steps the caller may take on this task now (complete, cancel)"
    )

    class Meta:
        model = Task
        fields = [
            "id",
            "reference",
            "title",
            "details",
            "assignee",
            "due_date",
            "status",
            "status_label",
            "record_type",
            "record_id",
            "record_reference",
            "protective_marking",
            "created_by",
            "created_at",
            "closed_at",
            "closed_by",
            "closing_note",
            "available_transitions",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_record_type(self, task) -> str | None:
        return _record_type_label(task.content_type_id)

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=["complete", "cancel"]))
    )
    def get_available_transitions(self, task) -> list[str]:
        request = self.context.get("request")
        if request is None:
            return []
        return sorted(available_transitions(task, user=request.user).allowed)


class TaskCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    details = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    due_date = serializers.DateField()
    assignee = OfficerField(
        required=False, help_text="Username of who will do it; leave out for yourself"
    )
    record_type = serializers.CharField(
        required=False, help_text="The kind of record the task is about, for example referral"
    )
    record_reference = serializers.CharField(
        required=False, max_length=100, help_text="The reference of the record it is about"
    )

    def validate(self, data):
        if bool(data.get("record_type")) != bool(data.get("record_reference")):
            raise serializers.ValidationError(
                {"record_reference": ["Give both record_type and record_reference, or neither"]}
            )
        return data


class TaskCompleteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class TaskCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class TaskReassignSerializer(serializers.Serializer):
    assignee = OfficerField(help_text="Username of who will do it now")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)
