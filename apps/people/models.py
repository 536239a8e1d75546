"""The person index: everyone referred, however their name was spelt."""

from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse

from apps.core.models import AccessControlledModel
from apps.people.choices import EngagementNeed, Gender, IdentifierKind, NameKind


class Person(AccessControlledModel):
    """Someone referred to Prevent (a nominal). Kept apart from any one referral about them."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    given_name = models.CharField(max_length=100)
    middle_names = models.CharField(max_length=150, blank=True)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    estimated_age = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="When the date of birth is not known."
    )
    gender = models.CharField(max_length=20, choices=Gender.choices, default=Gender.NOT_RECORDED)
    nationality = models.CharField(max_length=100, blank=True)
    first_language = models.CharField(max_length=100, blank=True)
    other_languages = models.CharField(max_length=200, blank=True)
    interpreter_needed = models.BooleanField(null=True, blank=True)
    needs = models.JSONField(
        default=list, blank=True, help_text="Engagement needs as disclosed (EngagementNeed codes)."
    )
    needs_recorded = models.BooleanField(
        default=False, help_text="False means needs were not asked about or not disclosed."
    )
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    match_record = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="The fields matching compares, kept in one row so a match needs no joins.",
    )
    match_prepared = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="match_record normalised for the model (linkage.prepare_record), stored so "
        "real-time matching scores candidates without re-preparing them.",
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_people"
    )

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name_plural = "people"
        indexes = [
            models.Index(fields=["family_name", "given_name"]),
            models.Index(fields=["date_of_birth"]),
            # The name search looks names up upper-cased (people.selectors.person_search).
            models.Index(Upper("given_name"), name="person_given_upper"),
            models.Index(Upper("family_name"), name="person_family_upper"),
        ]

    def __str__(self) -> str:
        return f"Person {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("people:person_detail", kwargs={"person_id": self.pk})

    @property
    def needs_display(self) -> list[str]:
        labels = dict(EngagementNeed.choices)
        return [labels.get(code, code) for code in self.needs]

    @property
    def full_name(self) -> str:
        return " ".join(
            part for part in (self.given_name, self.middle_names, self.family_name) if part
        )


class PersonName(models.Model):
    """Another name the person is known by: alias, previous name, nickname or other spelling."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="other_names")
    kind = models.CharField(max_length=20, choices=NameKind.choices, default=NameKind.ALIAS)
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(Upper("given_name"), name="person_name_given_upper"),
            models.Index(Upper("family_name"), name="person_name_family_upper"),
        ]

    def __str__(self) -> str:
        return f"Other name {self.pk}"


class PersonAddress(models.Model):
    """One address in the person's history."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    line_1 = models.CharField(max_length=150, blank=True)
    line_2 = models.CharField(max_length=150, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True, db_index=True)
    lsoa = models.ForeignKey(
        "geography.LSOA", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    local_authority = models.ForeignKey(
        "geography.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    date_from = models.DateField(null=True, blank=True)
    date_to = models.DateField(null=True, blank=True)
    is_current = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_current", "-date_from", "-created_at"]
        verbose_name_plural = "person addresses"

    def __str__(self) -> str:
        return f"Address {self.pk}"


class PersonIdentifier(models.Model):
    """A reference for the person in another system (PNC, force RMS, NCCU …)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(max_length=10, choices=IdentifierKind.choices)
    value = models.CharField(max_length=60)
    description = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="unique_person_identifier")
        ]

    def __str__(self) -> str:
        return f"Identifier {self.pk}"


class PersonMatchKey(models.Model):
    """An indexed blocking key: how the real-time match finds candidates without a full scan."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="match_keys")
    key = models.CharField(max_length=80)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="unique_match_key")]
        # key first, with person_id, so the real-time look-up is an index-only scan.
        indexes = [models.Index(fields=["key", "person"], name="match_key_lookup")]

    def __str__(self) -> str:
        return f"Match key {self.pk}"


class NotSamePerson(models.Model):
    """An officer's decision that two records are different people: never suggest the pair again."""

    person_low = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_high = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person_low", "person_high"], name="unique_not_same"),
            models.CheckConstraint(
                condition=models.Q(person_low__lt=models.F("person_high")),
                name="not_same_ordered_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"Not the same person {self.pk}"


class PersonMerge(models.Model):
    """Two records found to be one person; undoable, with what moved kept so it can move back."""

    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_received")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_made")
    reason = models.TextField()
    moved = models.JSONField(default=dict, help_text="IDs of the rows moved to the survivor.")
    merged_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undo_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"Merge {self.pk}"
