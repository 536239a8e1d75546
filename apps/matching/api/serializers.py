from rest_framework import serializers


class MatchRequestSerializer(serializers.Serializer):
    """One person's details, as a referral gives them."""

    given_name = serializers.CharField(max_length=100)
    middle_names = serializers.CharField(max_length=150, required=False, allow_blank=True)
    surname = serializers.CharField(max_length=100)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    gender = serializers.CharField(max_length=30, required=False, allow_blank=True)
    postcode = serializers.CharField(max_length=10, required=False, allow_blank=True)
    address_line_1 = serializers.CharField(max_length=150, required=False, allow_blank=True)
    town = serializers.CharField(max_length=100, required=False, allow_blank=True)
    pnc_id = serializers.CharField(
        max_length=30, required=False, allow_blank=True, help_text="PNC ID, if known"
    )


class EvidenceSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.ChoiceField(choices=["agrees", "partly agrees", "disagrees", "missing"])
    description = serializers.CharField()
    bayes_factor = serializers.FloatField()


class CandidateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["person", "external"])
    id = serializers.CharField(
        help_text="A person's UUID (kind person), or the external index entry's number"
    )
    reference = serializers.CharField()
    match_probability = serializers.FloatField()
    is_likely_match = serializers.BooleanField()
    visible = serializers.BooleanField(help_text="False: held by another team; ask them.")
    team = serializers.CharField()
    summary = serializers.DictField(child=serializers.CharField())
    evidence = EvidenceSerializer(many=True)


class MatchResponseSerializer(serializers.Serializer):
    people = CandidateSerializer(many=True)
    external = CandidateSerializer(many=True)
