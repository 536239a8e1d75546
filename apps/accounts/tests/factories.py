"""Factories for users and teams. Synthetic names only."""

import factory

from apps.accounts.models import Role, Team, User
from apps.core.choices import ProtectiveMarking

TEST_PASSWORD = "correct horse battery staple"  # noqa: S105


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Test Prevent Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"officer{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.invalid")
    team = factory.SubFactory(TeamFactory)
    clearance = ProtectiveMarking.OFFICIAL_SENSITIVE
    role = factory.LazyFunction(lambda: Role.objects.get(code="gateway_officer"))
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def persist_password(self, create, extracted, **kwargs):
        if create:
            self.save()


def role(code: str) -> Role:
    return Role.objects.get(code=code)
