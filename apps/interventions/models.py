"""The support a case gives: its plan, interventions, consent and signposting.

Access follows the case (cases.selectors): who may see the case may see its support, and a
restricted case takes everything here with it. `Intervention` is the one model every scheme
uses; its types are reference data (`InterventionType`), so Cyber Prevent adds its own.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django_fsm import FSMField, FSMModelMixin, transition

from apps.core import access
from apps.core.models import BaseModel
from apps.interventions.choices import (
    ConsentGivenBy,
    ConsentMethod,
    ConsentStatus,
    InterventionScheme,
    InterventionStatus,
    SignpostingResponse,
)


class InterventionType(models.Model):
    """A kind of intervention (reference data the customer edits)."""

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=150)
    scheme = models.CharField(max_length=20, choices=InterventionScheme.choices)
    needs_consent = models.BooleanField(
        default=True, help_text="Support that needs consent cannot start without it."
    )
    specialism = models.ForeignKey(
        "partners.ProviderSpecialism",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Providers offered must have this specialism.",
    )
    is_active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["scheme", "order", "name"]

    def __str__(self) -> str:
        return self.name


class SupportPlan(BaseModel):
    """How the case's support is arranged: the objectives and how consent is sought."""

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="support_plan")
    objectives = models.TextField(blank=True)
    consent_approach = models.TextField("how, when and by whom consent will be sought", blank=True)
    review_on = models.DateField("review the plan by", null=True, blank=True)

    def __str__(self) -> str:
        return f"Support plan {self.pk}"


class ConsentRecord(BaseModel):
    """One step of the consent lifecycle; the newest is the case's current consent."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="consents")
    status = models.CharField(max_length=20, choices=ConsentStatus.choices)
    given_by = models.CharField(
        "by whom", max_length=20, choices=ConsentGivenBy.choices, blank=True
    )
    guardian_name = models.CharField("parent or guardian's name", max_length=150, blank=True)
    recorded_on = models.DateField("date")
    how_sought = models.CharField(max_length=20, choices=ConsentMethod.choices, blank=True)
    sought_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-recorded_on", "-created_at"]

    def __str__(self) -> str:
        return f"Consent record {self.pk}"


class Intervention(FSMModelMixin, BaseModel):
    """One piece of support: who delivers it, what for, when, how many sessions, the outcome."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="interventions")
    intervention_type = models.ForeignKey(
        InterventionType, on_delete=models.PROTECT, related_name="+", verbose_name="type"
    )
    provider = models.ForeignKey(
        "partners.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interventions",
    )
    objective = models.TextField()
    start_date = models.DateField()
    end_date = models.DateField("planned end date", null=True, blank=True)
    sessions_held = models.PositiveSmallIntegerField(default=0)
    # Driven only from apps/interventions/services.py through core.workflow.run_transition.
    status = FSMField(
        max_length=20,
        choices=InterventionStatus.choices,
        default=InterventionStatus.PLANNED,
        protected=True,
    )
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["-start_date", "-created_at"]

    def __str__(self) -> str:
        return f"Intervention {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("interventions:intervention_detail", args=[self.pk])

    def _may_change(self, user) -> bool:
        return access.has_capability(user, "interventions.change_intervention") and access.can(
            user, access.VIEW, self.case
        )

    def _has_consent_if_needed(self) -> bool:
        """Support that needs consent starts only while the case's current consent is given."""
        if not self.intervention_type.needs_consent:
            return True
        current = self.case.consents.order_by("-recorded_on", "-created_at").first()
        return current is not None and current.status == ConsentStatus.GIVEN

    def _has_outcome(self) -> bool:
        return bool(self.outcome.strip())

    @transition(
        field=status,
        source=InterventionStatus.PLANNED,
        target=InterventionStatus.ACTIVE,
        permission=_may_change,
        conditions=[_has_consent_if_needed],
    )
    def start(self) -> None:
        """The support begins."""

    @transition(
        field=status,
        source=InterventionStatus.ACTIVE,
        target=InterventionStatus.COMPLETED,
        permission=_may_change,
        conditions=[_has_outcome],
    )
    def complete(self) -> None:
        """The support ended as planned; the outcome is recorded."""

    @transition(
        field=status,
        source=[InterventionStatus.PLANNED, InterventionStatus.ACTIVE],
        target=InterventionStatus.STOPPED,
        permission=_may_change,
        conditions=[_has_outcome],
    )
    def stop(self) -> None:
        """The support ended early (consent withdrawn, disengaged …); the reason is recorded."""


class Signposting(BaseModel):
    """The person was pointed to another service; what that service said."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="signpostings")
    service = models.ForeignKey(
        "reference.SupportService", on_delete=models.PROTECT, related_name="+"
    )
    signposted_on = models.DateField("date signposted")
    reason = models.TextField()
    response = models.CharField(
        max_length=20, choices=SignpostingResponse.choices, default=SignpostingResponse.AWAITING
    )
    response_on = models.DateField("date of the response", null=True, blank=True)
    response_note = models.TextField("what the service said", blank=True)

    class Meta:
        ordering = ["-signposted_on", "-created_at"]

    def __str__(self) -> str:
        return f"Signposting {self.reference}"
