import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.people.models import Person, PersonMatchKey
from apps.referrals.models import Referral

pytestmark = pytest.mark.django_db


def test_generate_synthetic_loads_people_keys_and_referrals(gateway_officer, team):
    call_command(
        "generate_synthetic",
        people=200,
        referrals=50,
        team=team.name,
        user=gateway_officer.username,
        verbosity=0,
    )
    assert Person.objects.count() == 200
    person = Person.objects.first()
    assert person.match_record["surname"] == person.family_name
    assert PersonMatchKey.objects.filter(person=person).exists()
    assert person.addresses.filter(is_current=True).count() == 1
    assert Referral.objects.count() == 50


def test_generate_synthetic_needs_an_existing_team(gateway_officer):
    with pytest.raises(CommandError):
        call_command("generate_synthetic", people=5, team="No such team", verbosity=0)
