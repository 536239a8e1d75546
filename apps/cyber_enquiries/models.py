"""Cyber Prevent anonymous first enquiries and Cyber Choices campaign activity.

An enquiry asks "is this a Cyber Choices case?" about a young person nobody names: it has
no name fields and no link to a Person (ADR 0028). A suitable enquiry becomes a named
referral through the normal intake; one that never does is disposed of after the retention
period, leaving only a `DisposedEnquiry` tombstone.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django_fsm import FSMField, FSMModelMixin, transition

from apps.core import access
from apps.core.models import AccessControlledModel
from apps.cyber_enquiries.choices import (
    ActUnderstanding,
    AutismStatus,
    ContactMethod,
    DisposalReason,
    EnquiryStatus,
    SkillLevel,
    SuitabilityOutcome,
    YesNoUnknown,
)
from apps.reference.models import ReferenceItem

DECIDE = "cyber_enquiries.decide_cyberenquiry"


# --- Reference lists the customer edits -----------------------------------------------------


class EnquirerType(ReferenceItem):
    """Who is asking: a school, a parent or carer, a college, a partner agency …"""

    class Meta(ReferenceItem.Meta):
        constraints = [models.UniqueConstraint(fields=["code"], name="unique_enquirer_type")]


class AgeBand(ReferenceItem):
    """The young person's age band (never a date of birth: the enquiry is anonymous)."""

    class Meta(ReferenceItem.Meta):
        constraints = [models.UniqueConstraint(fields=["code"], name="unique_cyber_age_band")]


class ForceArea(ReferenceItem):
    """A police force area of the region."""

    class Meta(ReferenceItem.Meta):
        constraints = [models.UniqueConstraint(fields=["code"], name="unique_force_area")]


class CyberInterest(ReferenceItem):
    """An interest (gaming, modding, coding, hacking challenges …)."""

    class Meta(ReferenceItem.Meta):
        constraints = [models.UniqueConstraint(fields=["code"], name="unique_cyber_interest")]


class CodingLanguage(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        constraints = [models.UniqueConstraint(fields=["code"], name="unique_coding_language")]


class Device(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        constraints = [models.UniqueConstraint(fields=["code"], name="unique_cyber_device")]


class OperatingSystem(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        constraints = [models.UniqueConstraint(fields=["code"], name="unique_operating_system")]


class OnlinePlatform(ReferenceItem):
    """A forum, chat platform or game community."""

    class Meta(ReferenceItem.Meta):
        constraints = [models.UniqueConstraint(fields=["code"], name="unique_online_platform")]


class SignpostingService(ReferenceItem):
    """Where an enquiry that is not for Cyber Choices is signposted to."""

    class Meta(ReferenceItem.Meta):
        constraints = [models.UniqueConstraint(fields=["code"], name="unique_cyber_signposting")]


class CampaignResource(ReferenceItem):
    """A Cyber Choices resource given out (leaflet, lesson plan, poster …)."""

    class Meta(ReferenceItem.Meta):
        constraints = [models.UniqueConstraint(fields=["code"], name="unique_campaign_resource")]


# --- Enquiries ------------------------------------------------------------------------------


class CyberEnquiry(FSMModelMixin, AccessControlledModel):
    """An anonymous first enquiry: no name, no date of birth, no Person (ADR 0028)."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    status = FSMField(
        max_length=30, choices=EnquiryStatus.choices, default=EnquiryStatus.RECEIVED, protected=True
    )
    received_on = models.DateField("date received")

    # The enquirer.
    enquirer_type = models.ForeignKey(
        EnquirerType, on_delete=models.PROTECT, related_name="+", verbose_name="enquirer"
    )
    enquirer_organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="organisation (from the partners directory)",
    )
    enquirer_organisation_name = models.CharField(
        "organisation (if not in the directory)", max_length=200, blank=True
    )
    contact_method = models.CharField(max_length=20, choices=ContactMethod.choices)
    enquirer_contact = models.CharField(
        "how to reply to the enquirer",
        max_length=300,
        blank=True,
        help_text="The enquirer's role and an e-mail address or phone number: never the "
        "young person's details.",
    )

    # The young person, anonymously.
    age_band = models.ForeignKey(AgeBand, on_delete=models.PROTECT, related_name="+")
    local_authority = models.ForeignKey(
        "geography.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    force_area = models.ForeignKey(
        ForceArea, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    concern = models.TextField("the concern, in the enquirer's words")

    # The pre-referral questions.
    interests = models.ManyToManyField(CyberInterest, blank=True, related_name="+")
    interests_detail = models.TextField("more about their interests", blank=True)
    skill_level = models.CharField(
        "self-rated skill", max_length=20, choices=SkillLevel.choices, default=SkillLevel.NOT_KNOWN
    )
    coding_languages = models.ManyToManyField(CodingLanguage, blank=True, related_name="+")
    things_built = models.TextField("what they have built", blank=True)
    devices = models.ManyToManyField(Device, blank=True, related_name="+")
    operating_systems = models.ManyToManyField(OperatingSystem, blank=True, related_name="+")
    vpn_use = models.CharField(
        "uses a VPN", max_length=20, choices=YesNoUnknown.choices, default=YesNoUnknown.NOT_KNOWN
    )
    platforms = models.ManyToManyField(
        OnlinePlatform, blank=True, related_name="+", verbose_name="forums and platforms"
    )
    platforms_detail = models.TextField("more about forums and platforms", blank=True)
    usernames_offered = models.BooleanField(
        "the enquirer offered usernames",
        default=False,
        help_text="Usernames are held back unless the enquirer offers them.",
    )
    usernames = models.TextField("usernames offered", blank=True)
    act_understanding = models.CharField(
        "understanding of the Computer Misuse Act",
        max_length=20,
        choices=ActUnderstanding.choices,
        default=ActUnderstanding.NOT_KNOWN,
    )
    autism = models.CharField(
        "autism diagnosis or self-identification",
        max_length=30,
        choices=AutismStatus.choices,
        default=AutismStatus.NOT_KNOWN,
    )
    other_needs = models.TextField("other needs", blank=True)

    # Conversion: the named referral it became (through the normal intake).
    referral = models.OneToOneField(
        "referrals.Referral",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cyber_enquiry",
    )
    converted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_on", "-reference"]
        verbose_name_plural = "cyber enquiries"
        indexes = [models.Index(fields=["status", "received_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(usernames_offered=True) | models.Q(usernames=""),
                name="cyber_enquiry_usernames_only_if_offered",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=EnquiryStatus.CONVERTED)
                | models.Q(referral__isnull=False),
                name="converted_cyber_enquiry_has_referral",
            ),
        ]

    def __str__(self) -> str:
        return f"Cyber enquiry {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("cyber_enquiries:enquiry_detail", kwargs={"enquiry_id": self.pk})

    @property
    def enquirer_organisation_shown(self) -> str:
        if self.enquirer_organisation_id:
            return self.enquirer_organisation.name
        return self.enquirer_organisation_name

    # The suitability workflow: driven only from apps/cyber_enquiries/services.py.
    def _may_decide(self, user) -> bool:
        return access.has_capability(user, DECIDE) and access.can(user, access.CHANGE, self)

    def _may_convert(self, user) -> bool:
        return access.has_capability(user, "referrals.add_referral") and access.can(
            user, access.CHANGE, self
        )

    DECIDABLE = [EnquiryStatus.RECEIVED, EnquiryStatus.MORE_INFORMATION]

    @transition(
        field=status, source=DECIDABLE, target=EnquiryStatus.SUITABLE, permission=_may_decide
    )
    def decide_suitable(self) -> None:
        """A Cyber Choices case: the enquirer is asked for the full referral."""

    @transition(
        field=status, source=DECIDABLE, target=EnquiryStatus.NOT_SUITABLE, permission=_may_decide
    )
    def decide_not_suitable(self) -> None:
        """Not for Cyber Choices: the enquirer is signposted elsewhere."""

    @transition(
        field=status,
        source=DECIDABLE,
        target=EnquiryStatus.MORE_INFORMATION,
        permission=_may_decide,
    )
    def ask_for_more_information(self) -> None:
        """Not yet decidable: the enquirer is asked for more."""

    @transition(
        field=status,
        source=EnquiryStatus.SUITABLE,
        target=EnquiryStatus.CONVERTED,
        permission=_may_convert,
    )
    def convert(self) -> None:
        """The enquirer sent the full referral: it goes through the normal intake."""


class SuitabilityDecision(models.Model):
    """One suitability decision with its rationale; an enquiry may have several (more
    information first, then a decision)."""

    enquiry = models.ForeignKey(CyberEnquiry, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(max_length=20, choices=SuitabilityOutcome.choices)
    rationale = models.TextField()
    signposted_to = models.ForeignKey(
        SignpostingService, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    information_needed = models.TextField("information asked for", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["decided_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome=SuitabilityOutcome.NOT_SUITABLE)
                | models.Q(signposted_to__isnull=False),
                name="not_suitable_is_signposted",
            )
        ]

    def __str__(self) -> str:
        return f"Suitability decision {self.pk}"


class DisposedEnquiry(AccessControlledModel):
    """The tombstone of an enquiry disposed of unconverted: dates and reason, no content."""

    reference = models.CharField(max_length=20, unique=True)
    received_on = models.DateField("date received")
    last_status = models.CharField(
        "status when disposed of", max_length=30, choices=EnquiryStatus.choices
    )
    disposed_at = models.DateTimeField("disposed of")
    reason = models.CharField(max_length=20, choices=DisposalReason.choices)

    class Meta:
        ordering = ["-disposed_at", "-reference"]
        verbose_name_plural = "disposed enquiries"

    def __str__(self) -> str:
        return f"Disposed enquiry {self.reference}"


# --- Campaigns and engagement ---------------------------------------------------------------


class CampaignActivity(AccessControlledModel):
    """Cyber Choices campaign activity: resources given out to schools and partners.

    Talks and events are partners briefings (apps.partners), counted on the campaigns page.
    """

    reference = models.CharField(max_length=20, unique=True, editable=False)
    title = models.CharField(max_length=200)
    held_on = models.DateField("date")
    organisations = models.ManyToManyField(
        "partners.Organisation", blank=True, related_name="+", verbose_name="schools and partners"
    )
    local_authority = models.ForeignKey(
        "geography.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.TextField("what was done", blank=True)

    class Meta:
        ordering = ["-held_on", "-reference"]
        verbose_name_plural = "campaign activities"

    def __str__(self) -> str:
        return f"Campaign activity {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("cyber_enquiries:campaign_detail", kwargs={"activity_id": self.pk})


class ResourceGiven(models.Model):
    """How many of one resource a campaign activity gave out."""

    activity = models.ForeignKey(
        CampaignActivity, on_delete=models.CASCADE, related_name="resources_given"
    )
    resource = models.ForeignKey(CampaignResource, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()

    class Meta:
        ordering = ["resource__order", "resource__name"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "resource"], name="one_count_per_resource"),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="resource_given_some"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.resource}"
