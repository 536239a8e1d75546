"""The real-time candidate limit keeps a person who moved and whose date of birth is
missing: they share only name keys, but more of them than neighbours share."""

import datetime

import pytest

from apps.matching import deconfliction
from apps.people.services import person_create

pytestmark = pytest.mark.django_db


def test_the_candidate_limit_keeps_a_moved_person_without_a_date_of_birth(
    gateway_officer, team, monkeypatch
):
    new_home = {"line_1": "3 Albion Road", "town": "Leeds", "postcode": "LS6 2AB"}
    for number in range(6):
        person_create(
            created_by=gateway_officer,
            team=team,
            given_name=f"Neighbour{number}",
            family_name=f"Resident{number}",
            date_of_birth=datetime.date(1970 + number, 1, 1),
            address=new_home,
        )
    known = person_create(
        created_by=gateway_officer,
        team=team,
        given_name="Siobhan",
        middle_names="Aoife",
        family_name="Gallagher",
        date_of_birth=datetime.date(1993, 5, 2),
        gender="female",
        address={"line_1": "18 Raglan Street", "town": "Glasgow", "postcode": "G12 8QQ"},
    )
    monkeypatch.setattr(deconfliction, "MAX_CANDIDATES_SCORED", 3)
    referral = {
        "record_id": "query",
        "given_name": "Siobhan",
        "middle_names": "Aoife",
        "surname": "Gallacher",
        "gender": "Female",
        "postcode": "LS6 2AB",
        "address_line_1": "3 Albion Road",
        "town": "Leeds",
    }

    found = deconfliction.person_candidates(user=gateway_officer, record=referral)

    assert found[0].id == str(known.pk)
