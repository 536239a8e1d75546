"""Cyber Prevent impact: intelligence interviews after disposal and outcome measures.

Access follows the case (cases.selectors), as for interventions: who may see a Cyber Prevent
case may see its interviews and measures, and a restricted case takes them with it. The
answers to an interview feed the (suppressed) insight report only: nothing here scores a
person.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.db import models
from django.urls import reverse

from apps.cases.choices import CheckStatus
from apps.core.models import BaseModel
from apps.cyber_impact.choices import (
    MONTHS_AFTER_END,
    Completion,
    ConsentGivenBy,
    Disposal,
    EducationEmployment,
    Engagement,
    InterviewConsent,
    LegalUse,
    MeasurePoint,
    ReoffendingResult,
)


class IntelligenceRequirement(models.Model):
    """A national intelligence requirement an interview covers (reference data the customer
    edits): pathway into offending, age started, platforms, motivations …"""

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=150)
    question = models.CharField(max_length=300, help_text="What the officer asks")
    multiple = models.BooleanField(
        "more than one answer", default=True, help_text="The person may give several answers"
    )
    is_active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class RequirementOption(models.Model):
    """One answer an intelligence requirement offers (reference data)."""

    requirement = models.ForeignKey(
        IntelligenceRequirement, on_delete=models.CASCADE, related_name="options"
    )
    code = models.SlugField(max_length=50)
    label = models.CharField(max_length=150)
    is_active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["requirement__order", "order", "label"]
        constraints = [
            models.UniqueConstraint(fields=["requirement", "code"], name="requirement_option_once")
        ]

    def __str__(self) -> str:
        return self.label


class IntelligenceInterview(BaseModel):
    """A Prevent intelligence interview after disposal, kept as a debrief-interview contact on
    the Cyber Prevent case, with the person's consent and structured answers."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="intelligence_interviews"
    )
    contact = models.OneToOneField(
        "cases.Contact", on_delete=models.PROTECT, related_name="intelligence_interview"
    )
    disposal = models.CharField(max_length=30, choices=Disposal.choices)
    disposal_date = models.DateField("date of the disposal")
    interviewed_at = models.DateTimeField("date and time of the interview")
    consent = models.CharField(max_length=20, choices=InterviewConsent.choices)
    consent_given_by = models.CharField(
        "consent given by", max_length=20, choices=ConsentGivenBy.choices, blank=True
    )
    appropriate_adult = models.CharField(
        "parent or appropriate adult present", max_length=150, blank=True
    )
    summary = models.TextField("summary of the interview")

    class Meta:
        ordering = ["-interviewed_at", "-created_at"]

    def __str__(self) -> str:
        return f"Intelligence interview {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("cyber_impact:interview_detail", kwargs={"interview_id": self.pk})


class InterviewAnswer(models.Model):
    """The person's answers to one requirement in one interview (options, and a note)."""

    interview = models.ForeignKey(
        IntelligenceInterview, on_delete=models.CASCADE, related_name="answers"
    )
    requirement = models.ForeignKey(
        IntelligenceRequirement, on_delete=models.PROTECT, related_name="+"
    )
    options = models.ManyToManyField(RequirementOption, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["requirement__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "requirement"], name="interview_answer_once"
            )
        ]

    def __str__(self) -> str:
        return f"Answer {self.pk}"


class OutcomeMeasure(BaseModel):
    """What became of a subject after a Cyber Prevent intervention, at its end or 6, 12 or 24
    months later: engagement, completion, the re-offending check, education or employment and
    legal use of their skills."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="outcome_measures"
    )
    intervention = models.ForeignKey(
        "interventions.Intervention", on_delete=models.PROTECT, related_name="outcome_measures"
    )
    point = models.CharField("when", max_length=10, choices=MeasurePoint.choices)
    measured_on = models.DateField("date measured")
    engagement = models.CharField(max_length=20, choices=Engagement.choices)
    completion = models.CharField(max_length=20, choices=Completion.choices)
    reoffending_check = models.ForeignKey(
        "cases.ReoffendingCheck",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outcome_measures",
        verbose_name="re-offending check",
        help_text="The case's re-offending check for the same point: the measure's re-referral or "
        "re-offending part is that check's result, never typed in again",
    )
    education_employment = models.CharField(
        "education or employment", max_length=20, choices=EducationEmployment.choices
    )
    legal_use = models.CharField("legal use of skills", max_length=20, choices=LegalUse.choices)
    legal_use_detail = models.CharField("what they took up", max_length=200, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-measured_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "point"], name="outcome_measure_once_per_point"
            )
        ]

    def __str__(self) -> str:
        return f"Outcome measure {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("cyber_impact:measure_detail", kwargs={"measure_id": self.pk})

    # The re-referral or re-offending part comes from the linked check, done by a person
    # (apps.cases): until that check is done the measure says "not yet checked".
    @property
    def done_check(self):
        check = self.reoffending_check
        if check is not None and check.status == CheckStatus.DONE:
            return check
        return None

    @property
    def reoffending(self) -> str:
        check = self.done_check
        return check.result if check is not None else ReoffendingResult.NOT_CHECKED

    def get_reoffending_display(self) -> str:
        return ReoffendingResult(self.reoffending).label

    @property
    def reoffending_checked_on(self) -> datetime.date | None:
        check = self.done_check
        return check.checked_on if check is not None else None

    @property
    def reoffending_checked_by(self):
        check = self.done_check
        return check.checked_by if check is not None else None

    @property
    def systems_checked(self) -> str:
        check = self.done_check
        if check is None:
            return ""
        return ", ".join(system.name for system in check.systems.all())


def due_on(intervention_end: datetime.date | None, point: str) -> datetime.date | None:
    """When a measure is due: the intervention's end, or 6, 12 or 24 months after it."""
    if intervention_end is None:
        return None
    return intervention_end + relativedelta(months=MONTHS_AFTER_END[MeasurePoint(point)])
