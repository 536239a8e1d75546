"""Operation, package and subject API shapes. Reference lists go by code, records by
reference; subjects are shown with their identifiers as the sender supplied them."""

from rest_framework import serializers

from apps.accounts.models import User
from apps.core.api import SlugRelatedField, TabularUploadSerializer
from apps.core.choices import ProtectiveMarking
from apps.cyber_packages.choices import Progress
from apps.cyber_packages.models import (
    IntelligencePackage,
    LeadAgency,
    Operation,
    PackageSubject,
    SubjectIdentifier,
)
from apps.referrals.validation import TEXT_MAX_LENGTH


def _agency(**kwargs):
    return SlugRelatedField(
        slug_field="code", queryset=LeadAgency.objects.filter(is_active=True), **kwargs
    )


class OperationWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    lead_agency = _agency()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True)
    spoc = SlugRelatedField(slug_field="username", queryset=User.objects.filter(is_active=True))
    description = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True
    )

    def validate(self, data):
        if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
            raise serializers.ValidationError(
                {"ends_on": ["The end date must be on or after the start date"]}
            )
        return data


class OperationSerializer(serializers.ModelSerializer):
    lead_agency = SlugRelatedField(slug_field="code", read_only=True)
    spoc = serializers.CharField(source="spoc.username", read_only=True)
    packages = serializers.SerializerMethodField()

    class Meta:
        model = Operation
        fields = [
            "id",
            "reference",
            "name",
            "lead_agency",
            "starts_on",
            "ends_on",
            "spoc",
            "description",
            "packages",
            "protective_marking",
            "version",
        ]
        read_only_fields = fields

    def get_packages(self, operation) -> list[str]:
        return sorted(operation.packages.values_list("reference", flat=True))


class PackageWriteSerializer(serializers.Serializer):
    source_agency = _agency()
    source_reference = serializers.CharField(max_length=100)
    received_on = serializers.DateField()
    deadline = serializers.DateField()
    description = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True
    )
    protective_marking = serializers.ChoiceField(choices=ProtectiveMarking.choices, required=False)

    def validate(self, data):
        if (
            data.get("deadline")
            and data.get("received_on")
            and data["deadline"] < data["received_on"]
        ):
            raise serializers.ValidationError(
                {"deadline": ["The return must be due on or after the date received"]}
            )
        return data


class PackageCreateSerializer(PackageWriteSerializer):
    operation = SlugRelatedField(slug_field="reference", queryset=Operation.objects.all())


class PackageSerializer(serializers.ModelSerializer):
    operation = SlugRelatedField(slug_field="reference", read_only=True)
    source_agency = SlugRelatedField(slug_field="code", read_only=True)
    subject_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = IntelligencePackage
        fields = [
            "id",
            "reference",
            "operation",
            "source_agency",
            "source_reference",
            "received_on",
            "deadline",
            "description",
            "protective_marking",
            "imported_at",
            "subject_count",
            "version",
        ]
        read_only_fields = fields


class SubjectIdentifierSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubjectIdentifier
        fields = ["kind", "supplied", "value"]
        read_only_fields = fields


class SubjectSerializer(serializers.ModelSerializer):
    package = SlugRelatedField(slug_field="reference", read_only=True)
    force = SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    person = SlugRelatedField(slug_field="reference", read_only=True, allow_null=True)
    referral = SlugRelatedField(slug_field="reference", read_only=True, allow_null=True)
    close_reason = serializers.CharField(
        read_only=True, help_text="Why it was closed without a case (blank when not)"
    )
    identifiers = SubjectIdentifierSerializer(many=True, read_only=True)
    progress = serializers.ChoiceField(choices=Progress.choices, read_only=True)
    case = serializers.CharField(source="case_reference", read_only=True, allow_null=True)

    class Meta:
        model = PackageSubject
        fields = [
            "id",
            "reference",
            "package",
            "source_reference",
            "given_name",
            "family_name",
            "date_of_birth",
            "postcode",
            "force",
            "identifiers",
            "identification",
            "person",
            "referral",
            "case",
            "progress",
            "closed_on",
            "close_reason",
            "version",
        ]
        read_only_fields = fields


class SubjectImportSerializer(TabularUploadSerializer):
    """A file of the package's subjects, in the columns the import page lists, in JSON: a
    CSV's text in `content`, or any file in `content_base64`."""


class SubjectImportResultSerializer(serializers.Serializer):
    imported = serializers.IntegerField(help_text="How many subjects the file added")
    package = PackageSerializer()
