"""Factories for the partners directory. Invented names only."""

import datetime

import factory

from apps.accounts.tests.factories import TeamFactory, UserFactory
from apps.geography.models import LocalAuthority
from apps.partners.choices import CheckKind, CheckOutcome
from apps.partners.models import Provider, ProviderCheck, ProviderSpecialism


def authority(name: str) -> LocalAuthority:
    return LocalAuthority.objects.get(name=name)


def specialism(code: str) -> ProviderSpecialism:
    return ProviderSpecialism.objects.get(code=code)


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"PV-2026-{n + 1:05d}")
    name = factory.Sequence(lambda n: f"Invented Mentoring Service {n + 1}")
    team = factory.SubFactory(TeamFactory)
    capacity = 5

    @factory.post_generation
    def specialisms(self, create, extracted, **kwargs):
        if create and extracted:
            self.specialisms.set([specialism(code) for code in extracted])

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set([authority(name) for name in extracted])

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        if create and extracted:
            self.languages.set(self.languages.model.objects.filter(code__in=extracted))

    @factory.post_generation
    def age_groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.age_groups.set(self.age_groups.model.objects.filter(code__in=extracted))


class ProviderCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderCheck

    provider = factory.SubFactory(ProviderFactory)
    kind = CheckKind.HOME_OFFICE
    checked_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    outcome = CheckOutcome.APPROVED
    reviewer = factory.SubFactory(UserFactory)
    expires_on = factory.LazyAttribute(
        lambda check: check.checked_on + datetime.timedelta(days=365)
    )


def approved_provider(**fields) -> Provider:
    """A provider with an in-date Home Office approval."""
    provider = ProviderFactory(**fields)
    ProviderCheckFactory(provider=provider)
    return provider
