"""Case API shapes. Reads show references and labels; writes take the same fields as the pages."""

from rest_framework import serializers

from apps.cases.choices import (
    CaseStatus,
    CaseType,
    CheckResult,
    CheckStatus,
    ContactKind,
    DeliveryOutcome,
    DirectionStatus,
    ExitDecidedBy,
    Priority,
    ReviewKind,
    ReviewOutcome,
    ReviewStatus,
    ScheduleAnchor,
    TransferStatus,
)
from apps.core import workflow
from apps.core.choices import ProtectiveMarking

STEPS = ["start_assessment", "start_support", "start_review", "exit", "close", "reopen"]


class CaseSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    reference = serializers.CharField()
    case_type = serializers.ChoiceField(choices=CaseType.choices)
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    person = serializers.SerializerMethodField()
    team = serializers.CharField(source="team.name")
    region = serializers.CharField()
    owner = serializers.SerializerMethodField()
    sio = serializers.SerializerMethodField()
    niche_reference = serializers.CharField()
    channel_reference = serializers.CharField()
    review_interval_months = serializers.IntegerField()
    protective_marking = serializers.ChoiceField(choices=ProtectiveMarking.choices)
    is_restricted = serializers.BooleanField()
    opened_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(allow_null=True)
    end_reason = serializers.CharField()
    times_reopened = serializers.IntegerField()
    version = serializers.IntegerField()
    allowed_steps = serializers.SerializerMethodField()

    def get_person(self, case) -> str | None:
        """The person's reference (null when the person has since been restricted)."""
        return None if case.person.is_restricted else case.person.reference

    def get_owner(self, case) -> str | None:
        """The owning officer's username (the case's allocation), or null."""
        owner = getattr(case, "owner", None)
        if owner is not None:
            return owner.username
        return getattr(case, "owner_username", None)

    def get_sio(self, case) -> str | None:
        return case.sio.username if case.sio_id else None

    def get_allowed_steps(self, case) -> list[str]:
        """The workflow steps the caller may take now (POST .../transitions/)."""
        request = self.context.get("request")
        if request is None:
            return []
        return sorted(workflow.available_transitions(case, user=request.user).ready)


class CaseUpdateSerializer(serializers.Serializer):
    sio = serializers.CharField(
        required=False, allow_blank=True, help_text="The SIO's username; blank for none"
    )
    niche_reference = serializers.CharField(required=False, allow_blank=True, max_length=50)
    channel_reference = serializers.CharField(required=False, allow_blank=True, max_length=50)
    review_interval_months = serializers.IntegerField(required=False, min_value=1, max_value=12)
    protective_marking = serializers.ChoiceField(required=False, choices=ProtectiveMarking.choices)


class TransitionSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=STEPS)
    reason = serializers.CharField(max_length=5000)
    decided_by = serializers.ChoiceField(
        choices=ExitDecidedBy.choices, required=False, help_text="For exit: who decided"
    )
    extend_to_24 = serializers.BooleanField(required=False, default=False)


class DeliverySerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=DeliveryOutcome.choices)
    note = serializers.CharField(max_length=5000)
    recorded_by = serializers.CharField(source="created_by.username", read_only=True)
    recorded_at = serializers.DateTimeField(source="created_at", read_only=True)


class DirectionSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    case = serializers.CharField(source="case.reference")
    tactic = serializers.CharField()
    rationale = serializers.CharField()
    due_on = serializers.DateField()
    priority = serializers.ChoiceField(choices=Priority.choices)
    tasked_officer = serializers.CharField(source="tasked_officer.username")
    directed_by = serializers.CharField(source="created_by.username", allow_null=True)
    status = serializers.ChoiceField(choices=DirectionStatus.choices)
    deliveries = DeliverySerializer(many=True, source="deliveries.all")
    version = serializers.IntegerField()


class DirectionCreateSerializer(serializers.Serializer):
    tactic = serializers.CharField(max_length=300)
    rationale = serializers.CharField(max_length=5000)
    due_on = serializers.DateField()
    priority = serializers.ChoiceField(choices=Priority.choices)
    tasked_officer = serializers.CharField(help_text="The officer's username")


class DirectionUpdateSerializer(serializers.Serializer):
    tactic = serializers.CharField(max_length=300, required=False)
    rationale = serializers.CharField(max_length=5000, required=False)
    due_on = serializers.DateField(required=False)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)


class ContactVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    occurred_at = serializers.DateTimeField()
    location = serializers.CharField()
    officers = serializers.SerializerMethodField()
    other_attendees = serializers.CharField()
    summary = serializers.CharField()
    follow_up = serializers.CharField()
    reason = serializers.CharField()
    recorded_by = serializers.CharField(source="created_by.username", allow_null=True)

    def get_officers(self, version) -> list[str]:
        """The usernames of the officers present."""
        return [officer.username for officer in version.officers.all()]


class ContactSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    case = serializers.CharField(source="case.reference")
    kind = serializers.ChoiceField(choices=ContactKind.choices)
    current = ContactVersionSerializer()
    versions = serializers.IntegerField(source="current.number")


class ContactContentSerializer(serializers.Serializer):
    occurred_at = serializers.DateTimeField()
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    officers = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=2000,
        help_text="The usernames of the officers present, separated by commas",
    )
    other_attendees = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, default=""
    )
    summary = serializers.CharField(max_length=5000)
    follow_up = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class ContactCreateSerializer(ContactContentSerializer):
    kind = serializers.ChoiceField(choices=ContactKind.choices)


class ContactAmendSerializer(ContactContentSerializer):
    reason = serializers.CharField(max_length=5000)


class ReviewSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    case = serializers.CharField(source="case.reference")
    kind = serializers.ChoiceField(choices=ReviewKind.choices)
    label = serializers.CharField(help_text='"6-month post-exit review", "Case review"')
    due_on = serializers.DateField()
    status = serializers.ChoiceField(choices=ReviewStatus.choices)
    outcome = serializers.CharField()
    notes = serializers.CharField()
    completed_at = serializers.DateTimeField(allow_null=True)


class ReviewRecordSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=ReviewOutcome.choices)
    notes = serializers.CharField(max_length=5000)
    extend_to_24 = serializers.BooleanField(required=False, default=False)


class ReoffendingCheckSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    case = serializers.CharField(source="case.reference")
    label = serializers.CharField()
    anchor = serializers.ChoiceField(choices=ScheduleAnchor.choices)
    anchored_on = serializers.DateField()
    offset_months = serializers.IntegerField()
    due_on = serializers.DateField()
    status = serializers.ChoiceField(choices=CheckStatus.choices)
    checked_on = serializers.DateField(allow_null=True)
    checked_by = serializers.SerializerMethodField()
    systems = serializers.SerializerMethodField()
    result = serializers.CharField()
    notes = serializers.CharField()

    def get_checked_by(self, check) -> str:
        return check.checked_by.username if check.checked_by else ""

    def get_systems(self, check) -> list[str]:
        return [system.code for system in check.systems.all()]


class ReoffendingCheckRecordSerializer(serializers.Serializer):
    checked_on = serializers.DateField()
    systems = serializers.ListField(
        child=serializers.SlugField(max_length=80), min_length=1, max_length=20
    )
    result = serializers.ChoiceField(choices=CheckResult.choices)
    notes = serializers.CharField(max_length=5000, required=False, default="", allow_blank=True)


class TransferOfferSerializer(serializers.Serializer):
    """A case offered to the caller's team: what its supervisor decides on."""

    id = serializers.UUIDField()
    case = serializers.CharField(source="case.reference")
    case_type = serializers.ChoiceField(choices=CaseType.choices, source="case.case_type")
    from_team = serializers.CharField(source="from_team.name")
    to_team = serializers.CharField(source="to_team.name")
    to_region = serializers.CharField()
    offered_by = serializers.SerializerMethodField()
    offered_at = serializers.DateTimeField(source="created_at")
    handover_note = serializers.CharField()
    status = serializers.ChoiceField(choices=TransferStatus.choices)

    def get_offered_by(self, transfer) -> str:
        return transfer.created_by.username if transfer.created_by else ""


class TransferSerializer(serializers.Serializer):
    """Transfer the case: to an officer or region of its team (done at once), or offer it to
    another team (by name), whose supervisor accepts or declines."""

    to_owner = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Username, in the case's team"
    )
    to_team = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Team name (another team)"
    )
    to_region = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    handover_note = serializers.CharField(max_length=5000)


class ReasonSerializer(serializers.Serializer):
    """A step that needs only its reason (withdrawing a transfer offer)."""

    reason = serializers.CharField(max_length=5000)


class TransferDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["accept", "decline"])
    to_owner = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Username, when accepting"
    )
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=5000, help_text="When declining"
    )
