"""Assessment factories, named after their state. Synthetic text only."""

import factory

from apps.assessments.models import Assessment, AssessmentFramework, FactorJudgement
from apps.cases.tests.factories import OpenCaseFactory


def current_framework() -> AssessmentFramework:
    return AssessmentFramework.objects.get(is_current=True)


class DraftAssessmentFactory(factory.django.DjangoModelFactory):
    """A draft with one empty judgement per factor of the current framework."""

    class Meta:
        model = Assessment
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"AS-2026-{n + 1:05d}")
    case = factory.SubFactory(OpenCaseFactory)
    number = 1
    framework = factory.LazyFunction(current_framework)

    @factory.post_generation
    def judgements(self, create, extracted, **kwargs):
        if not create:
            return
        factors = [
            factor
            for dimension in self.framework.dimensions.all()
            for factor in dimension.factors.all()
        ]
        FactorJudgement.objects.bulk_create(
            FactorJudgement(assessment=self, factor=factor) for factor in factors
        )


class CompleteDraftAssessmentFactory(DraftAssessmentFactory):
    """A draft with every judgement, the conclusion and the plan written: ready to submit."""

    summary = "Synthetic summary: engagement appears limited and is reducing."
    management_plan = "Synthetic plan: mentoring fortnightly, review in three months."
    changes_since_last = "Synthetic: school attendance improved."

    @factory.post_generation
    def judgements(self, create, extracted, **kwargs):
        DraftAssessmentFactory.judgements.function(self, create, extracted, **kwargs)
        if create:
            self.judgements.update(
                judgement="Synthetic judgement in the officer's words.",
                evidence="Synthetic evidence: school report of 3 March.",
            )
