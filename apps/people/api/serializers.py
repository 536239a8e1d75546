"""Person index API shapes. What a client may change is what the edit page may change."""

from rest_framework import serializers

from apps.people.choices import EngagementNeed, Gender, IdentifierKind, NameKind
from apps.people.models import Person, PersonAddress, PersonIdentifier, PersonMerge, PersonName


class PersonNameSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = PersonName
        fields = ["id", "kind", "kind_label", "given_name", "family_name"]
        read_only_fields = fields


class PersonAddressSerializer(serializers.ModelSerializer):
    class Meta:
        model = PersonAddress
        fields = [
            "id",
            "line_1",
            "line_2",
            "town",
            "postcode",
            "date_from",
            "date_to",
            "is_current",
        ]
        read_only_fields = fields


class PersonIdentifierSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = PersonIdentifier
        fields = ["id", "kind", "kind_label", "value", "description"]
        read_only_fields = fields


class PersonMergeSerializer(serializers.ModelSerializer):
    survivor = serializers.CharField(source="survivor.reference", read_only=True)
    merged = serializers.CharField(source="merged.reference", read_only=True)
    merged_id = serializers.UUIDField(
        source="merged.pk", read_only=True, help_text="Undo this merge at merges/{merged_id}/undo/"
    )
    undone = serializers.SerializerMethodField()

    class Meta:
        model = PersonMerge
        fields = [
            "id",
            "survivor",
            "merged",
            "merged_id",
            "reason",
            "merged_at",
            "undone",
            "undone_at",
        ]
        read_only_fields = fields

    def get_undone(self, merge: PersonMerge) -> bool:
        return merge.undone_at is not None


PERSON_FIELDS = [
    "id",
    "reference",
    "version",
    "given_name",
    "middle_names",
    "family_name",
    "date_of_birth",
    "estimated_age",
    "gender",
    "gender_label",
    "nationality",
    "first_language",
    "other_languages",
    "interpreter_needed",
    "needs_recorded",
    "needs",
    "phone",
    "email",
    "is_restricted",
]


class PersonSummarySerializer(serializers.ModelSerializer):
    """A person as listed by a search."""

    gender_label = serializers.CharField(source="get_gender_display", read_only=True)
    email = serializers.CharField(read_only=True, help_text="An email address, or blank")

    class Meta:
        model = Person
        fields = PERSON_FIELDS
        read_only_fields = fields


class PersonSerializer(PersonSummarySerializer):
    """One person, with other names, addresses, identifiers and the merges into them."""

    other_names = PersonNameSerializer(many=True, read_only=True)
    addresses = PersonAddressSerializer(many=True, read_only=True)
    identifiers = PersonIdentifierSerializer(many=True, read_only=True)
    merges = PersonMergeSerializer(source="merges_received", many=True, read_only=True)

    class Meta(PersonSummarySerializer.Meta):
        fields = [*PERSON_FIELDS, "other_names", "addresses", "identifiers", "merges"]
        read_only_fields = fields


class PersonUpdateSerializer(serializers.Serializer):
    """The person's own details, as on the edit page."""

    given_name = serializers.CharField(max_length=100)
    middle_names = serializers.CharField(max_length=150, allow_blank=True)
    family_name = serializers.CharField(max_length=100)
    date_of_birth = serializers.DateField(allow_null=True)
    estimated_age = serializers.IntegerField(min_value=0, max_value=120, allow_null=True)
    gender = serializers.ChoiceField(choices=Gender.choices)
    nationality = serializers.CharField(max_length=100, allow_blank=True)
    first_language = serializers.CharField(max_length=100, allow_blank=True)
    other_languages = serializers.CharField(max_length=200, allow_blank=True)
    interpreter_needed = serializers.BooleanField(allow_null=True)
    needs_recorded = serializers.BooleanField()
    needs = serializers.ListField(
        child=serializers.ChoiceField(choices=EngagementNeed.choices),
        help_text="Only what has been disclosed: never inferred",
    )
    phone = serializers.CharField(max_length=40, allow_blank=True)
    email = serializers.EmailField(allow_blank=True)

    def validate(self, attrs):
        if attrs.get("date_of_birth") and attrs.get("estimated_age") is not None:
            raise serializers.ValidationError(
                {"estimated_age": ["Give a date of birth or an estimated age, not both"]}
            )
        if attrs.get("needs"):
            attrs["needs_recorded"] = True
        return attrs


class OtherNameAddSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=NameKind.choices)
    given_name = serializers.CharField(max_length=100, allow_blank=True, default="")
    family_name = serializers.CharField(max_length=100, allow_blank=True, default="")

    def validate(self, attrs):
        if not attrs["given_name"].strip() and not attrs["family_name"].strip():
            raise serializers.ValidationError(
                {"given_name": ["Enter a given name, a family name or both"]}
            )
        return attrs


class AddressAddSerializer(serializers.Serializer):
    line_1 = serializers.CharField(max_length=150)
    line_2 = serializers.CharField(max_length=150, allow_blank=True, default="")
    town = serializers.CharField(max_length=100, allow_blank=True, default="")
    postcode = serializers.CharField(max_length=20)
    date_from = serializers.DateField(allow_null=True, default=None)
    is_current = serializers.BooleanField(default=False)


class IdentifierAddSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=IdentifierKind.choices)
    value = serializers.CharField(max_length=60)
    description = serializers.CharField(max_length=100, allow_blank=True, default="")


class IdentifierRemoveSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=IdentifierKind.choices)
    value = serializers.CharField(max_length=60, help_text="As recorded (any case)")


class SamePersonDecisionSerializer(serializers.Serializer):
    other = serializers.UUIDField(help_text="The id of the other person record")
    reason = serializers.CharField(help_text="Why: recorded with the decision")


class UnmergeSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Why the merge is being undone")
