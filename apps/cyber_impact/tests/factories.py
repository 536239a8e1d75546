"""Cyber Prevent impact factories, named after their state. Synthetic data only."""

import datetime

import factory
from django.utils import timezone

from apps.cases.choices import CaseType, CheckStatus, ContactKind
from apps.cases.models import CheckSystem
from apps.cases.tests.factories import (
    DueCheckFactory,
    RecordedContactFactory,
    SupportCaseFactory,
)
from apps.cyber_impact.choices import (
    Completion,
    ConsentGivenBy,
    Disposal,
    EducationEmployment,
    Engagement,
    InterviewConsent,
    LegalUse,
    MeasurePoint,
)
from apps.cyber_impact.models import (
    IntelligenceInterview,
    IntelligenceRequirement,
    InterviewAnswer,
    OutcomeMeasure,
    RequirementOption,
)
from apps.interventions.choices import InterventionScheme, InterventionStatus
from apps.interventions.models import InterventionType
from apps.interventions.tests.factories import PlannedInterventionFactory


def cyber_type(code: str = "cyber-mentoring") -> InterventionType:
    """A Cyber Prevent intervention type (seeded reference data: "Mentoring", "Workshop" …)."""
    return InterventionType.objects.get(code=code, scheme=InterventionScheme.CYBER)


def requirement(code: str) -> IntelligenceRequirement:
    return IntelligenceRequirement.objects.get(code=code)


def option(requirement_code: str, code: str) -> RequirementOption:
    return RequirementOption.objects.get(requirement__code=requirement_code, code=code)


class CyberCaseFactory(SupportCaseFactory):
    """A Cyber Prevent case giving support; pass `team` (the Cyber Prevent team)."""

    case_type = CaseType.CYBER_PREVENT
    gateway_decision__outcome = "cyber"


class CompletedCyberInterventionFactory(PlannedInterventionFactory):
    """A Cyber Prevent intervention that ended a year ago (so every measure but 24 months
    may be recorded)."""

    case = factory.SubFactory(CyberCaseFactory)
    intervention_type = factory.LazyFunction(cyber_type)
    status = InterventionStatus.COMPLETED
    outcome = "Completed the sessions (synthetic)."
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=500))
    end_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=370))


class OutcomeMeasureFactory(factory.django.DjangoModelFactory):
    """A measure at the intervention's end: engaged, completed, no trace."""

    class Meta:
        model = OutcomeMeasure

    # An old series: references the services issue this year never collide with these.
    reference = factory.Sequence(lambda n: f"OM-2000-{n + 1:05d}")
    intervention = factory.SubFactory(CompletedCyberInterventionFactory)
    case = factory.SelfAttribute("intervention.case")
    point = MeasurePoint.END
    measured_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    engagement = Engagement.FULL
    completion = Completion.COMPLETED
    education_employment = EducationEmployment.EDUCATION
    legal_use = LegalUse.TAKEN_UP
    legal_use_detail = "Capture-the-flag club"


def done_check(case, *, offset_months: int = 0, result: str = "no_trace", officer=None, when=None):
    """The case's re-offending check counted from the end of the intervention, done by a person
    (`officer`) on `when` with PNC checked."""
    when = when or timezone.localdate() - datetime.timedelta(days=1)
    check = DueCheckFactory(
        case=case,
        anchored_on=when,
        offset_months=offset_months,
        due_on=when,
        status=CheckStatus.DONE,
        checked_on=when,
        checked_by=officer,
        result=result,
        notes="" if result == "no_trace" else "A new report on Niche (synthetic).",
    )
    check.systems.set(CheckSystem.objects.filter(is_active=True)[:1])
    return check


class ConsentedInterviewFactory(factory.django.DjangoModelFactory):
    """An interview with consent given by the person; answers added with `answers=[...]`
    (a list of (requirement code, [option codes]))."""

    class Meta:
        model = IntelligenceInterview
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"CI-2000-{n + 1:05d}")
    case = factory.SubFactory(CyberCaseFactory)
    contact = factory.SubFactory(
        RecordedContactFactory,
        case=factory.SelfAttribute("..case"),
        kind=ContactKind.DEBRIEF_INTERVIEW,
    )
    disposal = Disposal.CAUTION
    disposal_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=60))
    interviewed_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30))
    consent = InterviewConsent.GIVEN
    consent_given_by = ConsentGivenBy.PERSON
    summary = "Synthetic interview summary."

    @factory.post_generation
    def answers(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        for requirement_code, option_codes in extracted:
            answer = InterviewAnswer.objects.create(
                interview=self, requirement=requirement(requirement_code)
            )
            answer.options.set([option(requirement_code, code) for code in option_codes])
