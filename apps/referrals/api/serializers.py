"""Referral API shapes. Input is checked by the same validation as the web form and imports."""

from django import forms
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.api import TabularUploadSerializer
from apps.core.workflow import available_transitions
from apps.referrals.models import Referral, ReferralImport, ReferrerFeedback
from apps.referrals.validation import (
    FlexibleBooleanField,
    FlexibleChoiceField,
    MultiCodeField,
    ReferralDataForm,
)


def _transition_names(model) -> list[str]:
    return sorted({transition.name for transition in model.get_all_status_transitions(model())})


class ReferralSerializer(serializers.ModelSerializer):
    sector = serializers.CharField(source="sector.name")
    concern_type = serializers.CharField(source="concern_type.name")
    # Set by selectors.referral_people_shown; missing means not shown (None), never the person.
    person = serializers.CharField(
        source="shown_person_reference",
        default=None,
        allow_null=True,
        help_text="The person's reference: null until the referral is linked to a person, "
        "and when the person is restricted and the caller is not on their access list",
    )
    status_label = serializers.CharField(source="get_status_display")
    channel_label = serializers.CharField(source="get_channel_display")
    team = serializers.CharField(
        source="team.name",
        help_text="The team that holds the referral: Cyber Prevent referrals are routed at "
        "intake to the team that handles Cyber Prevent for the person's area",
    )
    computer_misuse_sections = serializers.ListField(
        child=serializers.CharField(), help_text="Computer Misuse Act section codes"
    )
    available_transitions = serializers.SerializerMethodField(
        help_text="Workflow steps the caller may take on this referral at its current stage "
        "(some need more work first: completing de-confliction needs the person and the "
        "live-investigation check). Decide what to offer from this, never from status."
    )

    class Meta:
        model = Referral
        fields = [
            "id",
            "reference",
            "source_reference",
            "status",
            "status_label",
            "date_received",
            "due_date",
            "channel",
            "channel_label",
            "is_cyber",
            "computer_misuse_sections",
            "team",
            "is_urgent",
            "urgent_reason",
            "referrer_may_receive_feedback",
            "protective_marking",
            "subject_given_name",
            "subject_middle_names",
            "subject_family_name",
            "subject_date_of_birth",
            "subject_gender",
            "subject_postcode",
            "person",
            "referrer_name",
            "referrer_organisation",
            "sector",
            "concern",
            "concern_type",
            "person_aware",
            "parents_aware",
            "live_investigation_check",
            "available_transitions",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=_transition_names(Referral)))
    )
    def get_available_transitions(self, referral: Referral) -> list[str]:
        user = self.context["request"].user
        return sorted(available_transitions(referral, user=user).allowed)


def _field_for(form_field) -> serializers.Field:
    """Describe a ReferralDataForm field in the OpenAPI schema; validation stays in the form."""
    help_text = str(form_field.help_text or form_field.label)
    common = {
        "required": form_field.required,
        "allow_null": not form_field.required,
        "help_text": help_text,
    }
    choices = getattr(form_field, "choice_list", None)
    if isinstance(form_field, MultiCodeField):
        common["help_text"] = f"{form_field.label} (codes or labels; or one text split by ;)"
        return serializers.ListField(child=serializers.ChoiceField(choices=choices), **common)
    if choices:
        # Codes in the schema; the label is accepted too, in any case.
        common["help_text"] = f"{form_field.label} (a code, or its label)"
        return serializers.ChoiceField(
            choices=choices, allow_blank=not form_field.required, **common
        )
    if isinstance(form_field, FlexibleBooleanField):
        return serializers.BooleanField(**common)
    if isinstance(form_field, forms.DateField):
        return serializers.DateField(**common)
    if isinstance(form_field, forms.IntegerField):
        return serializers.IntegerField(
            min_value=form_field.min_value, max_value=form_field.max_value, **common
        )
    if isinstance(form_field, forms.EmailField):
        return serializers.EmailField(allow_blank=not form_field.required, **common)
    if isinstance(form_field, FlexibleChoiceField):
        # Reference data (sector, concern type): its values live in the database.
        common["help_text"] = f"{form_field.label} (a code or label from the reference data)"
    return serializers.CharField(
        allow_blank=not form_field.required, max_length=form_field.max_length, **common
    )


class ReferralSubmitSerializer(serializers.Serializer):
    """POST body for a new referral: the fields of the national referral form.

    Every field is checked by apps.referrals.validation.ReferralDataForm, exactly as
    the web form and file imports are; errors come back keyed by field.
    """

    def get_fields(self):
        # Class-level fields: describing the API must not need the database.
        return {name: _field_for(field) for name, field in ReferralDataForm.base_fields.items()}

    def to_internal_value(self, data):
        return dict(data)


class UrgencySerializer(serializers.Serializer):
    """Mark a referral urgent (with why), or no longer urgent."""

    is_urgent = serializers.BooleanField(help_text="true: urgent, at the top of every queue")
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=500,
        help_text="Why it is urgent: required when is_urgent is true, shown beside it in queues",
    )


class FeedbackSendSerializer(serializers.Serializer):
    """The outcome, in words fit for a partner, sent to a referrer who agreed to feedback."""

    text = serializers.CharField(
        max_length=2000,
        help_text="Written for a partner: the outcome only, never the rationale or intelligence",
    )


class FeedbackSerializer(serializers.ModelSerializer):
    sent_by = serializers.CharField(source="created_by.display_name")

    class Meta:
        model = ReferrerFeedback
        fields = ["id", "recipient_name", "recipient_email", "text", "sent_at", "sent_by"]
        read_only_fields = fields


class ReferralImportSerializer(serializers.ModelSerializer):
    """An uploaded file's progress and result."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    finished = serializers.BooleanField(source="is_finished", read_only=True)
    error_count = serializers.SerializerMethodField()
    created_referrals = serializers.SerializerMethodField(
        help_text="References of the referrals it created that the caller may see"
    )

    class Meta:
        model = ReferralImport
        fields = [
            "id",
            "original_name",
            "status",
            "status_label",
            "finished",
            "total_rows",
            "processed_rows",
            "created_count",
            "skipped_count",
            "error_count",
            "failure_reason",
            "created_at",
            "finished_at",
            "created_referrals",
        ]
        read_only_fields = fields

    def get_error_count(self, batch: ReferralImport) -> int:
        return len(batch.errors or [])

    def get_created_referrals(self, batch: ReferralImport) -> list[str]:
        created = self.context.get("created")
        return [] if created is None else [referral.reference for referral in created]


class ImportErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="The row of the file (the heading row is 1)")
    field = serializers.CharField(help_text="The column")
    message = serializers.CharField(help_text="What is wrong, in words")


class ReferralImportUploadSerializer(TabularUploadSerializer):
    """A file of referrals to import, in JSON: a CSV's text in `content`, or any file in
    `content_base64`."""
