"""Operation, package and subject factories, named after their stage. Synthetic only."""

import datetime

import factory

from apps.accounts.models import Role
from apps.accounts.tests.factories import TeamFactory, UserFactory
from apps.cyber_packages.models import (
    Force,
    IntelligencePackage,
    LeadAgency,
    Operation,
    PackageSubject,
    SubjectIdentifier,
)


class OperationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Operation
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"OP-2026-{n + 1:05d}")
    team = factory.SubFactory(TeamFactory, kind="cyber")
    name = "Operation Quillfeather"
    lead_agency = factory.LazyFunction(lambda: LeadAgency.objects.get(code="nccu"))
    starts_on = factory.LazyFunction(lambda: datetime.date(2026, 9, 1))
    spoc = factory.SubFactory(
        UserFactory,
        team=factory.SelfAttribute("..team"),
        role=factory.LazyFunction(lambda: Role.objects.get(code="cyber_officer")),
    )


class ReceivedPackageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntelligencePackage
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"PK-2026-{n + 1:05d}")
    operation = factory.SubFactory(OperationFactory)
    team = factory.SelfAttribute("operation.team")
    source_agency = factory.LazyFunction(lambda: LeadAgency.objects.get(code="nccu"))
    source_reference = factory.Sequence(lambda n: f"NCCU-QF-{n + 1:03d}")
    received_on = factory.LazyFunction(lambda: datetime.date(2026, 10, 1))
    deadline = factory.LazyFunction(lambda: datetime.date(2026, 12, 31))
    description = "Users of a DDoS-for-hire (booter) service."


class PendingSubjectFactory(factory.django.DjangoModelFactory):
    """A subject known only by an identifier, not yet checked against the person index."""

    class Meta:
        model = PackageSubject
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"SJ-2026-{n + 1:05d}")
    package = factory.SubFactory(ReceivedPackageFactory)
    team = factory.SelfAttribute("package.team")
    row_number = factory.Sequence(lambda n: n + 2)
    source_reference = factory.Sequence(lambda n: f"QF-{n + 1:04d}")
    force = factory.LazyFunction(lambda: Force.objects.get(code="kent"))

    @factory.post_generation
    def email(self, create, extracted, **kwargs):
        if create and extracted:
            SubjectIdentifier.objects.create(
                subject=self, kind="email", supplied=extracted, value=extracted.lower()
            )


class NamedSubjectFactory(PendingSubjectFactory):
    given_name = "Tobias"
    family_name = "Quenby"
    date_of_birth = datetime.date(2008, 4, 12)
    postcode = "ME14 1XX"
