"""rebuild_match_keys gives people indexed before a change of blocking rules the new keys."""

import datetime

import pytest
from django.core.management import call_command

from apps.matching import deconfliction, linkage
from apps.matching.models import ExternalNominal, ExternalNominalMatchKey
from apps.people.models import PersonMatchKey
from apps.people.services import person_create

pytestmark = pytest.mark.django_db


def test_people_indexed_under_old_rules_are_found_after_the_rebuild(gateway_officer, team):
    known = person_create(
        created_by=gateway_officer,
        team=team,
        given_name="Dmitri",
        family_name="Kovalenko",
        date_of_birth=datetime.date(1988, 7, 19),
        gender="male",
        address={"line_1": "4 Albion Road", "town": "Leeds", "postcode": "LS6 2AB"},
    )
    # As the index stood before the sound-alike keys: keep only the old kinds of key.
    PersonMatchKey.objects.filter(person=known).exclude(key__regex=r"^(dob|sx|pc|gn|id):").delete()
    nominal = ExternalNominal.objects.create(
        source="RMS", source_id="N1", given_name="Dmitri", surname="Kovalenko"
    )
    # Moved, a slip in the year, and transliterated differently: only the sound-alike
    # keys (names; given name and birthday) meet.
    query = {
        "record_id": "query",
        "given_name": "Dmitry",
        "surname": "Kowalenko",
        "date_of_birth": "1989-07-19",
        "gender": "Male",
        "postcode": "M4 1XY",
        "address_line_1": "19 Cobden Street",
        "town": "Manchester",
    }
    assert deconfliction.person_candidates(user=gateway_officer, record=query) == []

    call_command("rebuild_match_keys")

    found = deconfliction.person_candidates(user=gateway_officer, record=query)
    assert [candidate.id for candidate in found] == [str(known.pk)]
    keys = set(PersonMatchKey.objects.filter(person=known).values_list("key", flat=True))
    assert keys == linkage.blocking_keys(known.match_record)
    nominal_keys = ExternalNominalMatchKey.objects.filter(nominal=nominal)
    assert set(nominal_keys.values_list("key", flat=True)) == {
        "gn:DMI|KOV",
        "gn:KOV|DMI",
        "nx:D536|K145",
        "nx:K145|D536",
    }
