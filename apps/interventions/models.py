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
    PROCEED_ANSWERS,
    ConsentGivenBy,
    ConsentMethod,
    ConsentStatus,
    InterventionScheme,
    InterventionStatus,
    InvestigationAnswer,
    LetterDeliveryMethod,
    SignpostingResponse,
)

ADULT_AGE = 18


def age_on(date_of_birth, day) -> int | None:
    """Whole years between a date of birth and `day` (None when the date of birth is unknown)."""
    if not date_of_birth or not day:
        return None
    before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - before_birthday


class CMASection(models.Model):
    """A section of the Computer Misuse Act 1990 (reference data the customer edits)."""

    code = models.CharField(max_length=10, unique=True, help_text="For example s3ZA")
    title = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = "Computer Misuse Act section"

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


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
    needs_investigation_check = models.BooleanField(
        "needs a live-investigation check",
        default=False,
        help_text="Visits and cease-and-desist: a check with Pursue and the NCCU must allow it "
        "before it starts.",
    )
    meets_the_person = models.BooleanField(
        "a visit or interview",
        default=False,
        help_text="For a person under 18, the parent or appropriate adult present is recorded "
        "before it starts.",
    )
    is_cease_and_desist = models.BooleanField(
        "a cease-and-desist",
        default=False,
        help_text="The cease-and-desist letter can be generated and its delivery recorded.",
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
    # Cyber Prevent (issue 13): who delivers it, the Act's sections, the partners involved,
    # and for a visit to a child, the parent or appropriate adult present.
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="officer delivering it",
    )
    cma_sections = models.ManyToManyField(
        CMASection, blank=True, related_name="+", verbose_name="Computer Misuse Act sections"
    )
    partners = models.ManyToManyField(
        "partners.Organisation", blank=True, related_name="+", verbose_name="partners involved"
    )
    appropriate_adult_name = models.CharField(
        "parent or appropriate adult present", max_length=150, blank=True
    )
    appropriate_adult_relationship = models.CharField(
        "their relationship to the person", max_length=100, blank=True
    )

    class Meta:
        ordering = ["-start_date", "-created_at"]

    def __str__(self) -> str:
        return f"Intervention {self.reference}"

    # An intervention carries its case's protective marking (documents print it).
    @property
    def protective_marking(self) -> str:
        return self.case.protective_marking

    def get_protective_marking_display(self) -> str:
        return self.case.get_protective_marking_display()

    @property
    def person_age(self) -> int | None:
        """The person's age on the intervention's date."""
        return age_on(self.case.person.date_of_birth, self.start_date)

    def latest_investigation_check(self):
        return self.investigation_checks.order_by("-asked_on", "-created_at").first()

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

    def _investigation_check_allows(self) -> bool:
        """A visit or cease-and-desist starts only after Pursue and the NCCU said it may."""
        if not self.intervention_type.needs_investigation_check:
            return True
        latest = self.latest_investigation_check()
        return latest is not None and latest.answer in PROCEED_ANSWERS

    def needs_appropriate_adult(self) -> bool:
        """A visit to someone under 18 (or whose age is not known) on the day."""
        if not self.intervention_type.meets_the_person:
            return False
        age = self.person_age
        return age is None or age < ADULT_AGE

    def _appropriate_adult_if_child(self) -> bool:
        if not self.needs_appropriate_adult():
            return True
        return bool(
            self.appropriate_adult_name.strip() and self.appropriate_adult_relationship.strip()
        )

    @transition(
        field=status,
        source=InterventionStatus.PLANNED,
        target=InterventionStatus.ACTIVE,
        permission=_may_change,
        conditions=[
            _has_consent_if_needed,
            _investigation_check_allows,
            _appropriate_adult_if_child,
        ],
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


class InvestigationCheck(BaseModel):
    """A check with Pursue and the NCCU for a live investigation, before a visit or
    cease-and-desist (as the Gateway checks before assessing): recorded by reference only."""

    intervention = models.ForeignKey(
        Intervention, on_delete=models.PROTECT, related_name="investigation_checks"
    )
    asked = models.CharField("who was asked", max_length=200)
    asked_on = models.DateField("when")
    answer = models.CharField(max_length=30, choices=InvestigationAnswer.choices)
    conditions = models.TextField("conditions to proceed", blank=True)

    class Meta:
        ordering = ["-asked_on", "-created_at"]

    def __str__(self) -> str:
        return f"Live-investigation check {self.pk}"

    @property
    def allows(self) -> bool:
        return self.answer in PROCEED_ANSWERS


class LetterDelivery(BaseModel):
    """How, when and by whom a cease-and-desist letter reached the person."""

    intervention = models.ForeignKey(
        Intervention, on_delete=models.PROTECT, related_name="letter_deliveries"
    )
    method = models.CharField("how", max_length=20, choices=LetterDeliveryMethod.choices)
    delivered_on = models.DateField("when")
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="by whom"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-delivered_on", "-created_at"]
        verbose_name_plural = "letter deliveries"

    def __str__(self) -> str:
        return f"Letter delivery {self.pk}"
