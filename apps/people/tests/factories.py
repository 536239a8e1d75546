"""Factories for person records. Synthetic names only."""

import datetime

import factory

from apps.accounts.tests.factories import TeamFactory
from apps.core.choices import ProtectiveMarking
from apps.people.models import Person


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"PN-2026-{n + 1:05d}")
    given_name = factory.Faker("first_name")
    family_name = factory.Faker("last_name")
    date_of_birth = factory.Faker(
        "date_between", start_date=datetime.date(1960, 1, 1), end_date=datetime.date(2012, 1, 1)
    )
    team = factory.SubFactory(TeamFactory)
    protective_marking = ProtectiveMarking.OFFICIAL_SENSITIVE


class RestrictedPersonFactory(PersonFactory):
    is_restricted = True

    @factory.post_generation
    def access_list(self, create, extracted, **kwargs):
        if create and extracted:
            self.access_list.set(extracted)


class OfficialPersonFactory(PersonFactory):
    protective_marking = ProtectiveMarking.OFFICIAL
