"""Support factories, named after their state. Synthetic data only."""

import datetime

import factory

from apps.accounts.tests.factories import UserFactory
from apps.cases.tests.factories import OpenCaseFactory
from apps.interventions.choices import ConsentGivenBy, ConsentMethod, ConsentStatus
from apps.interventions.models import ConsentRecord, Intervention, InterventionType


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
