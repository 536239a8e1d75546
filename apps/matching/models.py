"""De-confliction records: the external nominal index and officers' match decisions."""

from django.conf import settings
from django.db import models

from apps.core.models import BaseModel


class ExternalNominal(models.Model):
    """A person from an imported external index (e.g. a force records-system extract).

    Read-only reference for de-confliction: it is never edited here, only replaced by re-import.
    """

    source = models.CharField(max_length=60, help_text="Which system the extract came from.")
    source_id = models.CharField(max_length=60)
    given_name = models.CharField(max_length=100, blank=True)
    middle_names = models.CharField(max_length=150, blank=True)
    surname = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    date_of_birth_as_given = models.CharField(
        max_length=30,
        blank=True,
        help_text="The extract's date of birth when it was not a real date (e.g. 1974-02-29), "
        "imported as missing with import_nominals --invalid-dates-as-missing.",
    )
    gender = models.CharField(max_length=30, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    address_line_1 = models.CharField(max_length=150, blank=True)
    town = models.CharField(max_length=100, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="unique_external_nominal")
        ]

    def __str__(self) -> str:
        return f"External nominal {self.source}:{self.source_id}"

    @property
    def reference(self) -> str:
        return f"{self.source}:{self.source_id}"


class ExternalNominalMatchKey(models.Model):
    """Blocking key for an external nominal, as PersonMatchKey is for a person."""

    nominal = models.ForeignKey(
        ExternalNominal, on_delete=models.CASCADE, related_name="match_keys"
    )
    key = models.CharField(max_length=80, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["nominal", "key"], name="unique_external_match_key")
        ]

    def __str__(self) -> str:
        return f"External match key {self.pk}"


class MatchDecision(BaseModel):
    """The officer's de-confliction decision for a referral: link to a person, or create one.

    The candidates shown (with probabilities and evidence) are kept, so the decision
    can be understood later. Matching only suggested; the officer decided.
    """

    class Decision(models.TextChoices):
        LINKED_EXISTING = "linked", "Linked to an existing person"
        CREATED_NEW = "created", "Created a new person"

    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, related_name="match_decisions"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    reason = models.TextField()
    candidates_shown = models.JSONField(default=list)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Match decision {self.pk}"
