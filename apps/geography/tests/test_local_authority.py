import pytest

from apps.geography.models import LSOA
from apps.geography.selectors import local_authority_for_postcode
from apps.people.services import person_create

pytestmark = pytest.mark.django_db


def test_thames_valley_lsoas_are_loaded_with_their_authorities():
    assert LSOA.objects.count() == 1415
    assert LSOA.objects.filter(local_authority__name="Reading").exists()


def test_a_postcode_in_one_authority_gives_it():
    assert local_authority_for_postcode("RG12 1AA").name == "Bracknell Forest"


def test_unknown_or_straddling_districts_give_nothing():
    assert local_authority_for_postcode("SW1A 1AA") is None
    assert local_authority_for_postcode("not a postcode") is None


def test_a_new_persons_address_gets_its_authority(gateway_officer, team):
    person = person_create(
        created_by=gateway_officer,
        team=team,
        given_name="Test",
        family_name="Person",
        address={"line_1": "1 Example Road", "postcode": "RG12 1AA"},
    )
    assert person.addresses.get().local_authority.code == "E06000036"
