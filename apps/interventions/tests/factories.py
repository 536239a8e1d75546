"""Support factories, named after their state. Synthetic data only."""

import datetime

import factory

from apps.accounts.tests.factories import UserFactory
from apps.cases.choices import CaseType
from apps.cases.tests.factories import OpenCaseFactory
from apps.interventions.choices import (
    ConsentGivenBy,
    ConsentMethod,
    ConsentStatus,
    InvestigationAnswer,
)
from apps.interventions.models import (
    CMASection,
    ConsentRecord,
    Intervention,
    InterventionType,
    InvestigationCheck,
)


def intervention_type(code: str) -> InterventionType:
    return InterventionType.objects.get(code=code)


class PlannedInterventionFactory(factory.django.DjangoModelFactory):
    """Planned mentoring (a type that needs consent), delivered by the police."""

    class Meta:
        model = Intervention

    reference = factory.Sequence(lambda n: f"IV-2026-{n + 1:05d}")
    case = factory.SubFactory(OpenCaseFactory)
    intervention_type = factory.LazyFunction(lambda: intervention_type("mentoring"))
    objective = "Synthetic objective: build trusted relationships."
    start_date = factory.LazyFunction(datetime.date.today)


class GivenConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentRecord

    case = factory.SubFactory(OpenCaseFactory)
    status = ConsentStatus.GIVEN
    given_by = ConsentGivenBy.PERSON
    how_sought = ConsentMethod.FACE_TO_FACE
    recorded_on = factory.LazyFunction(datetime.date.today)
    sought_by = factory.SubFactory(UserFactory)


def cma_section(code: str) -> CMASection:
    return CMASection.objects.get(code=code)


class CyberCaseFactory(OpenCaseFactory):
    """A Cyber Prevent case (give it a Cyber Prevent team)."""

    case_type = CaseType.CYBER_PREVENT


class PlannedCeaseAndDesistFactory(PlannedInterventionFactory):
    """A cease-and-desist by letter planned on a Cyber Prevent case, with no check yet."""

    class Meta:
        model = Intervention
        skip_postgeneration_save = True

    case = factory.SubFactory(CyberCaseFactory)
    intervention_type = factory.LazyFunction(
        lambda: intervention_type("cyber-cease-and-desist-letter")
    )
    objective = "Synthetic objective: the person stops using a DDoS-for-hire service."

    @factory.post_generation
    def sections(self, create, extracted, **kwargs):
        if create:
            self.cma_sections.set([cma_section(code) for code in (extracted or ["s1", "s3"])])


class NoLiveInvestigationCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvestigationCheck

    intervention = factory.SubFactory(PlannedCeaseAndDesistFactory)
    asked = "DS Invented, NCCU Pursue"
    asked_on = factory.LazyFunction(datetime.date.today)
    answer = InvestigationAnswer.NO_LIVE_INVESTIGATION
