"""The partnership directory: organisations, contacts, providers, sessions and engagements.

Directory records are shared by every Prevent and Cyber Prevent team in the force: what
limits them is the role's capability and the record's marking, not the owning team
(`access_extra_q`). Contacts are personal data: their names, phones and e-mails are shown
only to roles holding `partners.view_contact` (never analysts), and each view is audited.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from apps.core.choices import ProtectiveMarking
from apps.core.models import AccessControlledModel
from apps.partners.choices import (
    BriefingStatus,
    CheckKind,
    CheckOutcome,
    EngagementKind,
    NetworkKind,
    OrganisationSource,
    ProviderStatus,
    VettingLevel,
)
from apps.reference.models import ReferenceItem


class DirectoryRecord(AccessControlledModel):
    """A record every team with the capability may see: the directory is force-wide."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    # Organisations and providers are not personal data: OFFICIAL unless marked higher.
    protective_marking = models.CharField(
        max_length=32, choices=ProtectiveMarking.choices, default=ProtectiveMarking.OFFICIAL
    )

    class Meta:
        abstract = True

    @classmethod
    def access_extra_q(cls, user) -> Q:
        # Anyone whose role holds the capability sees unrestricted directory records,
        # whichever team owns them; restricted ones stay with their access list.
        return Q(is_restricted=False)


# --- Reference lists the customer edits -----------------------------------------------------


class PartnerSector(ReferenceItem):
    """A partner organisation's sector (school, further education, faith institution …)."""

    class Meta(ReferenceItem.Meta):
        constraints = [models.UniqueConstraint(fields=["code"], name="unique_partner_sector")]


class ProviderSpecialism(ReferenceItem):
    """What an intervention provider offers (ideology, mentoring, mental health …)."""

    class Meta(ReferenceItem.Meta):
        constraints = [models.UniqueConstraint(fields=["code"], name="unique_specialism")]


class Language(ReferenceItem):
    """A language support can be delivered in."""

    class Meta(ReferenceItem.Meta):
        constraints = [models.UniqueConstraint(fields=["code"], name="unique_language")]


class ContactRole(ReferenceItem):
    """A contact's role (Prevent lead, designated safeguarding lead …)."""

    class Meta(ReferenceItem.Meta):
        constraints = [models.UniqueConstraint(fields=["code"], name="unique_contact_role")]


class SessionType(ReferenceItem):
    """A kind of briefing, training or event (Prevent awareness, Cyber Choices talk …)."""

    class Meta(ReferenceItem.Meta):
        constraints = [models.UniqueConstraint(fields=["code"], name="unique_session_type")]


class AgeGroup(ReferenceItem):
    """An age band a provider works with."""

    class Meta(ReferenceItem.Meta):
        constraints = [models.UniqueConstraint(fields=["code"], name="unique_age_group")]


# --- Intervention and support providers -----------------------------------------------------


class Provider(DirectoryRecord):
    """An intervention or support provider a support plan may name."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    specialisms = models.ManyToManyField(ProviderSpecialism, related_name="providers")
    languages = models.ManyToManyField(Language, blank=True, related_name="providers")
    age_groups = models.ManyToManyField(AgeGroup, blank=True, related_name="providers")
    areas = models.ManyToManyField(
        "geography.LocalAuthority", related_name="providers", verbose_name="areas covered"
    )
    status = models.CharField(
        max_length=20, choices=ProviderStatus.choices, default=ProviderStatus.ACTIVE
    )
    capacity = models.PositiveIntegerField(
        default=0, help_text="How many people the provider can support at once."
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The officer who manages the relationship and gets the expiry reminders.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name"], name="unique_provider_name")]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("partners:provider_detail", kwargs={"provider_id": self.pk})


class ProviderCheck(models.Model):
    """A Home Office approval or local due-diligence check of a provider, with its expiry."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="checks")
    kind = models.CharField(max_length=20, choices=CheckKind.choices)
    checked_on = models.DateField()
    outcome = models.CharField(max_length=20, choices=CheckOutcome.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    expires_on = models.DateField()
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-checked_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("checked_on")),
                name="provider_check_expires_after_check",
            )
        ]

    def __str__(self) -> str:
        return f"Check of {self.provider_id} on {self.checked_on}"


# --- Organisations, contacts and agreements -------------------------------------------------


class Organisation(DirectoryRecord):
    """A partner organisation: a school, college, council, faith institution, charity …"""

    name = models.CharField(max_length=200)
    sector = models.ForeignKey(PartnerSector, on_delete=models.PROTECT, related_name="+")
    street = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    lsoa = models.ForeignKey(
        "geography.LSOA", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    local_authority = models.ForeignKey(
        "geography.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_organisations",
    )
    urn = models.PositiveIntegerField(
        "URN", null=True, blank=True, help_text="A school's unique reference number (GIAS)."
    )
    ukprn = models.CharField("UKPRN", max_length=8, blank=True)
    charity_number = models.CharField(max_length=20, blank=True)
    establishment_type = models.CharField(max_length=100, blank=True)
    phase = models.CharField("phase of education", max_length=50, blank=True)
    is_closed = models.BooleanField(default=False)
    source = models.CharField(
        max_length=10, choices=OrganisationSource.choices, default=OrganisationSource.MANUAL
    )

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["urn"], name="unique_organisation_urn")]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("partners:organisation_detail", kwargs={"organisation_id": self.pk})


class Contact(DirectoryRecord):
    """A named person at a partner, or in a network: personal data, every view audited."""

    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="contacts"
    )
    role = models.ForeignKey(ContactRole, on_delete=models.PROTECT, related_name="+")
    job_title = models.CharField(max_length=150, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    vetting_level = models.CharField(
        max_length=10, choices=VettingLevel.choices, default=VettingLevel.NONE
    )
    vetting_expires_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["family_name", "given_name"]

    def __str__(self) -> str:
        return self.reference

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def get_absolute_url(self) -> str:
        return reverse("partners:contact_detail", kwargs={"contact_id": self.pk})


class InformationSharingAgreement(models.Model):
    """An information-sharing agreement with an organisation; the owner is reminded of expiry."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="agreements"
    )
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_on = models.DateField()
    review_on = models.DateField()
    expires_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["expires_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("signed_on")),
                name="agreement_expires_after_signing",
            )
        ]

    def __str__(self) -> str:
        return f"Agreement {self.pk}"


# --- Engagement, networks and briefings -----------------------------------------------------


class Engagement(DirectoryRecord):
    """A meeting, visit or call with partners: who, why, what came of it, what follows."""

    kind = models.CharField(max_length=10, choices=EngagementKind.choices)
    held_on = models.DateField()
    officers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="engagements")
    contacts = models.ManyToManyField(Contact, blank=True, related_name="engagements")
    purpose = models.TextField()
    outcome = models.TextField(blank=True)
    follow_up = models.TextField(blank=True)
    follow_up_due = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("partners:engagement_detail", kwargs={"engagement_id": self.pk})


class Network(DirectoryRecord):
    """A key individual network or independent advisory group: a named group of contacts."""

    kind = models.CharField(max_length=20, choices=NetworkKind.choices)
    name = models.CharField(max_length=200)
    local_authority = models.ForeignKey(
        "geography.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.TextField(blank=True)
    members = models.ManyToManyField(Contact, blank=True, related_name="networks")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("partners:network_detail", kwargs={"network_id": self.pk})


class NetworkMeeting(models.Model):
    """A meeting of a network, and the advice it gave."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    summary = models.TextField()
    advice = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"Meeting of {self.network_id} on {self.held_on}"


class Briefing(DirectoryRecord):
    """A briefing, training session or event, planned or delivered, and who attended."""

    title = models.CharField(max_length=200)
    session_type = models.ForeignKey(SessionType, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=10, choices=BriefingStatus.choices, default=BriefingStatus.PLANNED
    )
    held_on = models.DateField()
    local_authority = models.ForeignKey(
        "geography.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    audience_sector = models.ForeignKey(
        PartnerSector, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="briefings")
    teams = models.ManyToManyField(
        "accounts.Team", blank=True, related_name="+", verbose_name="teams attending"
    )
    attendees = models.ManyToManyField(Contact, blank=True, related_name="briefings")
    staff_attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name="police staff attending",
    )
    attendance = models.PositiveIntegerField(default=0, help_text="How many people attended.")
    deliverers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    materials = models.TextField(blank=True)
    feedback_score = models.DecimalField(
        max_digits=3, decimal_places=1, null=True, blank=True, help_text="Average, 1 to 5."
    )
    feedback_comments = models.TextField(blank=True)
    follow_up = models.TextField(blank=True)

    class Meta:
        ordering = ["-held_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(feedback_score__isnull=True)
                | Q(feedback_score__gte=1, feedback_score__lte=5),
                name="briefing_feedback_score_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("partners:briefing_detail", kwargs={"briefing_id": self.pk})
