"""Assessment frameworks (versioned reference data) and the structured assessments of a case.

An assessment records the officer's judgement and evidence per factor, a summary conclusion,
a management plan and what changed since the last assessment. Nothing here computes a score
or suggests a level: the framework structures professional judgement, it never predicts.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django_fsm import FSMField, FSMModelMixin, transition

from apps.assessments.choices import AssessmentStatus
from apps.core import access
from apps.core.models import BaseModel


class AssessmentFramework(models.Model):
    """One version of an assessment framework, loaded from a file. Never edited once loaded."""

    name = models.CharField(max_length=200)
    version = models.CharField(max_length=50)
    description = models.TextField(blank=True)
    is_current = models.BooleanField(
        default=False, help_text="New assessments use the current version."
    )
    loaded_at = models.DateTimeField(auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source = models.JSONField(help_text="The file as loaded, kept for the record.")

    class Meta:
        ordering = ["name", "-loaded_at"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="unique_framework_version"),
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="one_current_framework",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


class FrameworkDimension(models.Model):
    """A dimension of a framework (the VAF's engagement, intent and capability)."""

    framework = models.ForeignKey(
        AssessmentFramework, on_delete=models.CASCADE, related_name="dimensions"
    )
    code = models.SlugField(max_length=50)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="unique_dimension_code")
        ]

    def __str__(self) -> str:
        return self.name


class FrameworkFactor(models.Model):
    """A factor the officer considers, with the prompt shown beside it."""

    dimension = models.ForeignKey(
        FrameworkDimension, on_delete=models.CASCADE, related_name="factors"
    )
    code = models.SlugField(max_length=50)
    name = models.CharField(max_length=200)
    prompt = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["dimension__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "code"], name="unique_factor_code")
        ]

    def __str__(self) -> str:
        return self.name


class Assessment(FSMModelMixin, BaseModel):
    """The structured assessment of a case: one numbered version per assessment made."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="assessments")
    number = models.PositiveSmallIntegerField(help_text="1 for the case's first assessment.")
    framework = models.ForeignKey(AssessmentFramework, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField("summary conclusion", blank=True)
    management_plan = models.TextField(blank=True)
    changes_since_last = models.TextField("what changed since the last assessment", blank=True)
    # Driven only from apps/assessments/services.py through core.workflow.run_transition.
    status = FSMField(
        max_length=20,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
        protected=True,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True)

    class Meta:
        ordering = ["case", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="unique_assessment_number")
        ]

    def __str__(self) -> str:
        return f"Assessment {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:assessment_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED)

    def _may_edit(self, user) -> bool:
        return access.has_capability(user, "assessments.change_assessment") and access.can(
            user, access.VIEW, self.case
        )

    def _may_decide(self, user) -> bool:
        """A supervisor with the case in reach, never the officer who submitted it."""
        return (
            user.pk != self.submitted_by_id
            and access.has_capability(user, "assessments.sign_off_assessment")
            and access.can(user, access.VIEW, self.case)
        )

    def _is_complete(self) -> bool:
        return not self.missing()

    def _says_what_is_needed(self) -> bool:
        return bool(self.decision_comment.strip())

    def missing(self) -> dict[str, str]:
        """What must be recorded before submission, by form field."""
        missing = {}
        if not self.summary.strip():
            missing["summary"] = "Enter the summary conclusion"
        if not self.management_plan.strip():
            missing["management_plan"] = "Enter the management plan"
        if self.number > 1 and not self.changes_since_last.strip():
            missing["changes_since_last"] = "Say what changed since the last assessment"
        for judgement in self.judgements.select_related("factor"):
            if not judgement.judgement.strip():
                missing[f"judgement_{judgement.factor_id}"] = (
                    f"Record your judgement on {judgement.factor.name.lower()}"
                )
        return missing

    @transition(
        field=status,
        source=[AssessmentStatus.DRAFT, AssessmentStatus.RETURNED],
        target=AssessmentStatus.SUBMITTED,
        permission=_may_edit,
        conditions=[_is_complete],
    )
    def submit(self) -> None:
        """The officer sends the assessment to a supervisor."""

    @transition(
        field=status,
        source=AssessmentStatus.SUBMITTED,
        target=AssessmentStatus.SIGNED_OFF,
        permission=_may_decide,
    )
    def sign_off(self) -> None:
        """A supervisor agrees the assessment."""

    @transition(
        field=status,
        source=AssessmentStatus.SUBMITTED,
        target=AssessmentStatus.RETURNED,
        permission=_may_decide,
        conditions=[_says_what_is_needed],
    )
    def return_for_more_work(self) -> None:
        """A supervisor returns it, saying what more is needed."""


class FactorJudgement(models.Model):
    """The officer's judgement on one factor, and the evidence for it. No score."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="judgements")
    factor = models.ForeignKey(FrameworkFactor, on_delete=models.PROTECT, related_name="+")
    judgement = models.TextField(blank=True)
    evidence = models.TextField(blank=True)

    class Meta:
        ordering = ["factor__dimension__order", "factor__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "factor"], name="unique_factor_judgement")
        ]

    def __str__(self) -> str:
        return f"Judgement {self.pk}"
