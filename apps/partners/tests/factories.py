"""Factories for the partners directory. Invented names only."""

import datetime

import factory

from apps.accounts.tests.factories import TeamFactory, UserFactory
from apps.geography.models import LocalAuthority
from apps.partners.choices import (
    BriefingStatus,
    CheckKind,
    CheckOutcome,
    EngagementKind,
    NetworkKind,
)
from apps.partners.models import (
    Briefing,
    Contact,
    ContactRole,
    Engagement,
    InformationSharingAgreement,
    Network,
    Organisation,
    PartnerSector,
    Provider,
    ProviderCheck,
    ProviderSpecialism,
    SessionType,
)


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


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    reference = factory.Sequence(lambda n: f"ORG-2026-{n + 1:05d}")
    name = factory.Sequence(lambda n: f"Invented Primary School {n + 1}")
    sector = factory.LazyFunction(lambda: PartnerSector.objects.get(code="school"))
    team = factory.SubFactory(TeamFactory)
    local_authority = factory.LazyFunction(lambda: authority("Reading"))
    postcode = "RG1 1AF"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    reference = factory.Sequence(lambda n: f"CON-2026-{n + 1:05d}")
    given_name = "Zelda"
    family_name = factory.Sequence(lambda n: f"Qwertyson{n + 1}")
    organisation = factory.SubFactory(OrganisationFactory)
    role = factory.LazyFunction(lambda: ContactRole.objects.get(code="prevent-lead"))
    phone = "01184960000"
    email = factory.LazyAttribute(lambda contact: f"{contact.family_name.lower()}@example.invalid")
    team = factory.SubFactory(TeamFactory)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InformationSharingAgreement

    organisation = factory.SubFactory(OrganisationFactory)
    title = "Information sharing for safeguarding"
    owner = factory.SubFactory(UserFactory)
    signed_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=300))
    review_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=10))
    expires_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))


class BriefingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Briefing
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"BRF-2026-{n + 1:05d}")
    title = factory.Sequence(lambda n: f"Prevent awareness session {n + 1}")
    session_type = factory.LazyFunction(lambda: SessionType.objects.get(code="prevent-awareness"))
    status = BriefingStatus.DELIVERED
    held_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    attendance = 20
    team = factory.SubFactory(TeamFactory)

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisations.set(extracted)

    @factory.post_generation
    def attendees(self, create, extracted, **kwargs):
        if create and extracted:
            self.attendees.set(extracted)


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Engagement
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"ENG-2026-{n + 1:05d}")
    kind = EngagementKind.MEETING
    held_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=10))
    purpose = "Termly Prevent lead meeting"
    team = factory.SubFactory(TeamFactory)

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisations.set(extracted)

    @factory.post_generation
    def contacts(self, create, extracted, **kwargs):
        if create and extracted:
            self.contacts.set(extracted)


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"NET-2026-{n + 1:05d}")
    kind = NetworkKind.KEY_INDIVIDUALS
    name = factory.Sequence(lambda n: f"Invented key individual network {n + 1}")
    team = factory.SubFactory(TeamFactory)

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.set(extracted)
