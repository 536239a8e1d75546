"""People search: references by their number part, names through the index's own name keys."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.core.choices import ProtectiveMarking
from apps.people.selectors import person_list, person_search
from apps.people.services import person_create
from apps.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
URL = reverse("people:person_list")


@pytest.fixture
def create(gateway_officer, team):
    """A person made through the service, so the index holds their name keys."""

    def make(given_name, family_name, **details):
        details.setdefault("date_of_birth", "2008-04-12")
        return person_create(
            created_by=gateway_officer,
            team=team,
            given_name=given_name,
            family_name=family_name,
            protective_marking=ProtectiveMarking.OFFICIAL,
            **details,
        )

    return make


def found(user, text) -> list:
    return list(person_search(person_list(user=user), text))


@pytest.mark.parametrize(
    "typed",
    [
        "Dave Fletcher",  # nickname
        "Dawid Fletcher",  # transliteration
        "david fletcher",
        "Fletcher David",  # the other way round
        "Fletcher",  # family name alone
        "David",  # given name alone
        "Davey",  # a nickname alone
        "David Fletchar",  # a respelt family name (sounds alike)
    ],
)
def test_a_name_is_found_however_it_is_written(gateway_officer, create, typed):
    david = create("David", "Fletcher")
    create("Sarah", "Okafor")
    assert found(gateway_officer, typed)[0] == david


def test_a_transliterated_given_name_finds_the_person(gateway_officer, create):
    mohammed = create("Mohammed", "Chowdhury")
    assert found(gateway_officer, "Muhammad Chowdhury")[0] == mohammed
    assert found(gateway_officer, "Mohamad Choudhury")[0] == mohammed
    assert mohammed in found(gateway_officer, "Choudhury")


def test_other_names_are_searched_too(gateway_officer, create):
    person = create("Daniel", "Okafor", other_names=[("Danny", "Smithson")])
    assert found(gateway_officer, "Danny Smithson") == [person]


def test_the_closest_name_comes_first(gateway_officer, create):
    fletcher = create("David", "Fletcher")
    create("Dave", "Flaherty")
    create("David", "Fletchley")
    assert found(gateway_officer, "Dave Fletcher")[0] == fletcher


def test_a_reference_is_found_by_its_number_part(gateway_officer, team):
    person = PersonFactory(team=team, reference="PN-2026-00352")
    PersonFactory(team=team, reference="PN-2026-00353")
    for typed in ("PN-2026-00352", "pn-2026-00352", "2026-00352", "00352", "352"):
        assert found(gateway_officer, typed) == [person], typed


def test_a_name_with_nothing_like_it_finds_nobody(gateway_officer, create):
    create("David", "Fletcher")
    assert found(gateway_officer, "Zebedee Quux") == []


def test_search_never_finds_another_team_s_people(gateway_officer, outsider, create):
    create("David", "Fletcher")
    assert found(outsider, "Dave Fletcher") == []


def test_a_search_takes_a_fixed_number_of_queries_however_many_people_there_are(
    gateway_officer, create
):
    for number in range(30):
        create("David", f"Fletcher{'e' * (number % 3)}", date_of_birth=f"19{70 + number}-01-02")
    with CaptureQueriesContext(connection) as small:
        found(gateway_officer, "Dave Fletcher")
    for number in range(30):
        create("William", "Fletcher", date_of_birth=f"19{70 + number}-03-04")
    with CaptureQueriesContext(connection) as large:
        found(gateway_officer, "Dave Fletcher")
    assert len(large) == len(small) <= 6


def test_the_search_page_finds_a_nickname_and_records_the_search(client, gateway_officer, create):
    person = create("William", "Ashdown")
    client.force_login(gateway_officer)
    page = client.get(URL, {"q": "Bill Ashdown"}).content.decode()
    assert person.reference in page
