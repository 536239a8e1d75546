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
from apps.partners.choices import CheckKind, CheckOutcome, ProviderStatus
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
    reminder_sent_on = models.DateField(null=True, blank=True, editable=False)
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
