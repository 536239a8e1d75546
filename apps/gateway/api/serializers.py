"""Gateway API shapes: de-confliction, decisions, sign-off and enquiries."""

import datetime

from django.utils import timezone
from rest_framework import serializers

from apps.accounts.models import User
from apps.core.api import SlugRelatedField
from apps.gateway.choices import EnquiryDirection, Outcome
from apps.gateway.models import Enquiry, GatewayDecision
from apps.reference.models import SupportService
from apps.referrals.choices import LiveInvestigationCheck


class MatchDecisionSerializer(serializers.Serializer):
    person = serializers.CharField(
        help_text='The id of one of the people candidates listed for the referral, or "new" '
        "to create a new person from the referral"
    )
    reason = serializers.CharField(help_text="Which details agree and which differ")


class LiveInvestigationCheckSerializer(serializers.Serializer):
    result = serializers.ChoiceField(
        choices=[
            (LiveInvestigationCheck.NO_TRACE, LiveInvestigationCheck.NO_TRACE.label),
            (LiveInvestigationCheck.TRACE, LiveInvestigationCheck.TRACE.label),
        ]
    )
    sio = SlugRelatedField(
        slug_field="username",
        queryset=User.objects.filter(role__code="sio", is_active=True),
        required=False,
        allow_null=True,
        help_text="The SIO consulted (for a trace): their username",
    )
    supervisor = SlugRelatedField(
        slug_field="username",
        queryset=User.objects.filter(role__code="supervisor", is_active=True),
        required=False,
        allow_null=True,
        help_text="The supervisor of the referral's team the SIO named (for a trace)",
    )
    note = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        help_text="Reference only: no investigation detail",
    )

    def __init__(self, *args, team=None, **kwargs):
        super().__init__(*args, **kwargs)
        if team is not None:
            # As on the page: the supervisor is one of the referral's team.
            self.fields["supervisor"].queryset = self.fields["supervisor"].queryset.filter(
                team=team
            )


class DecisionProposeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    support_service = SlugRelatedField(
        slug_field="code",
        queryset=SupportService.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text="Only for signposted: the service's code",
    )
    threshold_met = serializers.BooleanField(
        help_text="Reasonable grounds to believe the person is vulnerable to being drawn "
        "into terrorism"
    )
    rationale = serializers.CharField()
    history_considered = serializers.BooleanField(
        default=False,
        help_text="Needed (true) when the person has earlier referrals: they were considered",
    )


class SignOffSerializer(serializers.Serializer):
    approve = serializers.BooleanField(
        help_text="true signs the decision off; false returns it for more work"
    )
    comment = serializers.CharField(
        allow_blank=True, default="", help_text="Required when returning it"
    )


class GatewayDecisionSerializer(serializers.ModelSerializer):
    referral = serializers.CharField(source="referral.reference", read_only=True)
    referral_id = serializers.UUIDField(source="referral.pk", read_only=True)
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    support_service = serializers.CharField(
        source="support_service.code", default=None, allow_null=True, read_only=True
    )
    proposed_by = serializers.CharField(source="proposed_by.display_name", read_only=True)
    signed_off_by = serializers.CharField(
        source="signed_off_by.display_name", default=None, allow_null=True, read_only=True
    )

    class Meta:
        model = GatewayDecision
        fields = [
            "id",
            "referral",
            "referral_id",
            "outcome",
            "outcome_label",
            "support_service",
            "threshold_met",
            "history_considered",
            "rationale",
            "status",
            "status_label",
            "proposed_by",
            "proposed_at",
            "signed_off_by",
            "signed_off_at",
            "sign_off_comment",
        ]
        read_only_fields = fields


class EnquirySerializer(serializers.ModelSerializer):
    direction_label = serializers.CharField(source="get_direction_display", read_only=True)

    class Meta:
        model = Enquiry
        fields = [
            "id",
            "reference",
            "direction",
            "direction_label",
            "received_at",
            "enquirer",
            "organisation",
            "subject",
            "detail",
            "response",
            "responded_at",
        ]
        read_only_fields = fields


class EnquiryCreateSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=EnquiryDirection.choices)
    received_at = serializers.DateTimeField()
    enquirer = serializers.CharField(max_length=150)
    organisation = serializers.CharField(max_length=200, allow_blank=True, default="")
    subject = serializers.CharField(max_length=200)
    detail = serializers.CharField(allow_blank=True, default="")
    response = serializers.CharField(allow_blank=True, default="")

    def validate_received_at(self, value):
        if value > timezone.now() + datetime.timedelta(minutes=5):
            raise serializers.ValidationError("When it was received must not be in the future")
        if value.year < 2000:
            raise serializers.ValidationError("When it was received must be after 2000")
        return value
