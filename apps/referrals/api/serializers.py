"""Referral API shapes. Input is checked by the same validation as the web form and imports."""

from rest_framework import serializers

from apps.referrals.models import Referral
from apps.referrals.validation import ReferralDataForm


class ReferralSerializer(serializers.ModelSerializer):
    sector = serializers.CharField(source="sector.name")
    concern_type = serializers.CharField(source="concern_type.name")
    person = serializers.CharField(source="person.reference", default=None)
    status_label = serializers.CharField(source="get_status_display")

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
            "is_cyber",
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
        ]
        read_only_fields = fields


def _field_for(form_field) -> serializers.Field:
    """Describe a ReferralDataForm field in the OpenAPI schema; validation stays in the form."""
    help_text = str(form_field.help_text or form_field.label)
    if hasattr(form_field, "choice_list"):
        values = (
            ", ".join(str(label) for _, label in form_field.choice_list) or "see reference data"
        )
        help_text = f"{form_field.label}. One of: {values} (code or label)."
    return serializers.CharField(
        required=form_field.required, allow_blank=not form_field.required, help_text=help_text
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
