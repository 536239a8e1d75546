"""Cyber Prevent intelligence packages and the operations that group them (ADR 0032).

A package (an NCCU, ROCU, Action Fraud or force referral of many people, for example the
users of a DDoS-for-hire service) is imported from a spreadsheet, one `PackageSubject` a
row. Subjects often come with online identifiers only: they are kept on the subject as the
agency supplied them and in a normalised form matched exactly against the person index. A
Person is linked or created only when an officer establishes who the subject is.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from apps.core.models import AccessControlledModel
from apps.cyber_packages.choices import CloseReason, Identification
from apps.people.choices import IdentifierKind
from apps.reference.models import ReferenceItem


class LeadAgency(ReferenceItem):
    """Who leads an operation or sent a package: the NCCU, a ROCU, Action Fraud, a force."""

    class Meta(ReferenceItem.Meta):
        verbose_name_plural = "lead agencies"
        constraints = [models.UniqueConstraint(fields=["code"], name="unique_lead_agency")]


class Force(ReferenceItem):
    """A police force of the region: packages are allocated by force area."""

    postcode_areas = models.CharField(
        max_length=200,
        blank=True,
        help_text='Postcode areas wholly inside the force ("RG OX SL"), separated by spaces: '
        "a subject with a postcode in one of them is put in this force.",
    )

    class Meta(ReferenceItem.Meta):
        constraints = [models.UniqueConstraint(fields=["code"], name="unique_package_force")]


class Operation(AccessControlledModel):
    """An NCCU- or ROCU-led operation: its packages, its lead agency, dates and the SPOC."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    name = models.CharField("operation name", max_length=100)
    lead_agency = models.ForeignKey(LeadAgency, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField("start date")
    ends_on = models.DateField("end date", null=True, blank=True)
    spoc = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="Prevent single point of contact",
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["-starts_on", "-reference"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="operation_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"Operation {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("cyber_packages:operation_detail", kwargs={"operation_id": self.pk})


class IntelligencePackage(AccessControlledModel):
    """A package of people for the Cyber Prevent team to contact, by a deadline."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    operation = models.ForeignKey(Operation, on_delete=models.PROTECT, related_name="packages")
    source_agency = models.ForeignKey(
        LeadAgency, on_delete=models.PROTECT, related_name="+", verbose_name="sent by"
    )
    source_reference = models.CharField("the sender's reference", max_length=100)
    received_on = models.DateField("date received")
    deadline = models.DateField("return due")
    description = models.TextField(blank=True)
    imported_at = models.DateTimeField("subjects imported", null=True, blank=True)

    class Meta:
        ordering = ["-received_on", "-reference"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("received_on")),
                name="package_deadline_after_receipt",
            )
        ]

    def __str__(self) -> str:
        return f"Intelligence package {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("cyber_packages:package_detail", kwargs={"package_id": self.pk})


class PackageSubject(AccessControlledModel):
    """One person a package names or describes: often only by online identifiers.

    Its progress (not started, contacted, intervention delivered, closed) is read from the
    case opened for it and the case's interventions (selectors.with_progress); only a
    subject closed without a case records its closure here.
    """

    reference = models.CharField(max_length=20, unique=True, editable=False)
    package = models.ForeignKey(
        IntelligencePackage, on_delete=models.PROTECT, related_name="subjects"
    )
    row_number = models.PositiveIntegerField("row in the file")
    source_reference = models.CharField("the sender's subject reference", max_length=100)
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    force = models.ForeignKey(
        Force, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    identification = models.CharField(
        max_length=20, choices=Identification.choices, default=Identification.PENDING
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="package_subjects",
    )
    identified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    identified_at = models.DateTimeField(null=True, blank=True)
    identification_reason = models.TextField(blank=True)
    # The referral the subject became when an officer opened a case for it.
    referral = models.OneToOneField(
        "referrals.Referral",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="package_subject",
    )
    closed_on = models.DateField("closed without a case", null=True, blank=True)
    close_reason = models.CharField(max_length=30, choices=CloseReason.choices, blank=True)
    close_note = models.TextField(blank=True)

    class Meta:
        ordering = ["package", "row_number"]
        indexes = [models.Index(fields=["package", "force"])]
        constraints = [
            models.UniqueConstraint(
                fields=["package", "source_reference"], name="one_subject_per_sender_reference"
            ),
            models.CheckConstraint(
                condition=~models.Q(identification__in=["matched", "new_person"])
                | models.Q(person__isnull=False),
                name="identified_subject_has_person",
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | ~models.Q(close_reason=""),
                name="closed_subject_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Package subject {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("cyber_packages:subject_detail", kwargs={"subject_id": self.pk})

    @property
    def has_name(self) -> bool:
        return bool(self.given_name.strip() and self.family_name.strip())


class SubjectIdentifier(models.Model):
    """An identifier of a subject: as the sender supplied it, and normalised for matching."""

    subject = models.ForeignKey(
        PackageSubject, on_delete=models.CASCADE, related_name="identifiers"
    )
    kind = models.CharField(max_length=10, choices=IdentifierKind.choices)
    supplied = models.CharField("as supplied", max_length=200)
    value = models.CharField("normalised", max_length=60)

    class Meta:
        ordering = ["kind", "value"]
        indexes = [models.Index(fields=["kind", "value"], name="subject_identifier_lookup")]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "kind", "value"], name="unique_subject_identifier"
            )
        ]

    def __str__(self) -> str:
        return f"Subject identifier {self.pk}"
