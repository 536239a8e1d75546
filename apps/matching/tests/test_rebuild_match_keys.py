"""rebuild_match_keys gives people indexed before a change of blocking rules the new keys."""

import datetime

import pytest
from django.core.management import call_command

from apps.matching import deconfliction, linkage
from apps.matching.models import ExternalNominal, ExternalNominalMatchKey
from apps.people.models import Person, PersonMatchKey
from apps.people.services import person_create, person_merge

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
    assert keys == linkage.index_keys(known.match_record)
    nominal_keys = ExternalNominalMatchKey.objects.filter(nominal=nominal)
    assert set(nominal_keys.values_list("key", flat=True)) == {
        "gn:DMI|KOV",
        "gn:KOV|DMI",
        "nx:D536|K145",
        "nx:K145|D536",
    }


def test_the_rebuild_works_in_batches_of_a_few_statements_and_skips_merged_people(
    gateway_officer, team, django_assert_max_num_queries
):
    people = [
        person_create(
            created_by=gateway_officer,
            team=team,
            given_name=given,
            family_name="Achterberg",
            date_of_birth=datetime.date(1980 + number, 2, 3),
            address={"line_1": f"{number} Kiln Row", "town": "Hull", "postcode": "HU1 1AA"},
            other_names=[("Mina", "Achterberg-Hale")] if number == 0 else (),
        )
        for number, given in enumerate(["Amina", "Bram", "Cato", "Dirk", "Eva"])
    ]
    survivor, merged = people[3], people[4]
    person_merge(
        officer=gateway_officer, survivor=survivor, merged=merged, reason="One person, twice"
    )
    wanted = {
        str(person.pk): set(
            PersonMatchKey.objects.filter(person=person).values_list("key", flat=True)
        )
        for person in people
    }
    prepared = {
        str(person.pk): Person.objects.get(pk=person.pk).match_prepared for person in people
    }
    # As after a change of rules: stale keys, keys missing, an out-of-date prepared record.
    PersonMatchKey.objects.filter(key__startswith="nx:").delete()
    PersonMatchKey.objects.create(person=people[1], key="old:KEY")
    Person.objects.filter(pk__in=[p.pk for p in people]).update(match_prepared={})

    with django_assert_max_num_queries(40):
        call_command("rebuild_match_keys", batch_size=2)

    for person in people:
        keys = set(PersonMatchKey.objects.filter(person=person).values_list("key", flat=True))
        if person == merged:
            assert keys == set()
            continue
        assert keys == wanted[str(person.pk)]
        assert Person.objects.get(pk=person.pk).match_prepared == prepared[str(person.pk)]
    alias_keys = linkage.blocking_keys({**people[0].match_record, "given_name": "Mina"})
    assert alias_keys <= wanted[str(people[0].pk)]


def test_names_count_as_of_unknown_frequency_until_the_rebuild_gives_people_name_keys(
    gateway_officer, team
):
    person_create(
        created_by=gateway_officer,
        team=team,
        given_name="Oyelaran",
        family_name="Thistlewood",
        address={"line_1": "2 Quay Street", "town": "Hull", "postcode": "HU1 2AA"},
    )
    # As the index stood before name-frequency keys: every name would count as rare.
    PersonMatchKey.objects.filter(key__regex=r"^(fn|sn):").delete()
    deconfliction.forget_index_facts()
    query = {"given_name": "Oyelaran", "surname": "Thistlewood"}

    before = deconfliction.index_prepared(query)
    call_command("rebuild_match_keys")
    deconfliction.forget_index_facts()
    after = deconfliction.index_prepared(query)

    unknown = linkage.TF_UNKNOWN_BAND
    assert (before["given_tf"], before["surname_tf"]) == (unknown, unknown)
    # Held by this person and the query: 2 of at least 2,000 records, "less common".
    assert (after["given_tf"], after["surname_tf"]) == ("2", "2")


def test_a_sound_alike_given_name_is_recognised_once_the_rebuild_prepares_people_again(
    gateway_officer, team
):
    known = person_create(
        created_by=gateway_officer,
        team=team,
        given_name="Saoirse",
        family_name="Donnelly",
        date_of_birth=datetime.date(1994, 2, 11),
        gender="female",
        address={"line_1": "7 Falls Road", "town": "Belfast", "postcode": "BT12 4AB"},
    )
    # As the index stood before ADR 0037: prepared records without the given name's sound.
    prepared = dict(known.match_prepared)
    del prepared["given_sound"]
    Person.objects.filter(pk=known.pk).update(match_prepared=prepared)
    query = {**known.match_record, "record_id": "query", "given_name": "Seersha"}

    # Until then the given names simply differ, as between twins: not a candidate at all.
    assert deconfliction.person_candidates(user=gateway_officer, record=query) == []
    call_command("rebuild_match_keys")
    found = deconfliction.person_candidates(user=gateway_officer, record=query)

    assert [candidate.id for candidate in found] == [str(known.pk)]
    assert {"field": "given_name", "label": "partly agrees"}.items() <= next(
        item for item in found[0].evidence if item["field"] == "given_name"
    ).items()
    assert found[0].is_likely_match
