"""Edits never silently overwrite: the merge, the signed snapshot and the If-Match header."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError

from apps.core.concurrency import (
    EditConflict,
    display_value,
    etag_for,
    if_match_versions,
    merge_edit,
    read_snapshot,
    sign_snapshot,
    three_way_merge,
)
from apps.people import services
from apps.people.choices import Gender
from apps.people.models import Person
from apps.people.tests.factories import PersonFactory

BASE = {"given_name": "Ada", "family_name": "Lark", "needs": ["autism"], "phone": ""}


def test_a_field_only_i_changed_is_written_and_one_only_they_changed_is_left_as_theirs():
    theirs = {**BASE, "given_name": "Ann"}
    mine = {**BASE, "family_name": "Wren"}
    merge = three_way_merge(base=BASE, theirs=theirs, mine=mine)
    assert merge.changes == {"family_name": "Wren"}
    assert merge.theirs_kept == ("given_name",)
    assert merge.conflicts == ()


def test_both_changing_a_field_to_different_values_is_a_conflict_showing_both():
    merge = three_way_merge(
        base=BASE, theirs={**BASE, "family_name": "Finch"}, mine={**BASE, "family_name": "Wren"}
    )
    [conflict] = merge.conflicts
    assert (conflict.field, conflict.base, conflict.theirs, conflict.mine) == (
        "family_name",
        "Lark",
        "Finch",
        "Wren",
    )


def test_both_making_the_same_change_is_no_conflict_and_nothing_to_write():
    same = {**BASE, "family_name": "Wren"}
    merge = three_way_merge(base=BASE, theirs=same, mine=dict(same))
    assert merge.changes == {}
    assert merge.conflicts == ()


def test_values_compare_as_the_snapshot_carries_them():
    base = {"date_of_birth": "2009-03-14", "needs": ["autism", "adhd"], "middle_names": None}
    mine = {
        "date_of_birth": datetime.date(2009, 3, 14),
        "needs": ["adhd", "autism"],
        "middle_names": "",
    }
    assert three_way_merge(base=base, theirs=dict(base), mine=mine).changes == {}


def test_a_field_missing_from_the_base_counts_as_my_change():
    assert three_way_merge(base={}, theirs={"phone": "1"}, mine={"phone": "2"}).changes == {
        "phone": "2"
    }


@pytest.mark.django_db
def test_a_snapshot_reads_back_only_for_the_record_it_was_signed_for(team):
    person, other = PersonFactory(team=team), PersonFactory(team=team)
    token = sign_snapshot(person, ["given_name", "date_of_birth"])
    version, values = read_snapshot(person, token)
    assert version == person.version
    assert values == {
        "given_name": person.given_name,
        "date_of_birth": person.date_of_birth.isoformat(),
    }
    with pytest.raises(ValidationError):
        read_snapshot(other, token)
    with pytest.raises(ValidationError):
        read_snapshot(person, token[:-2] + "xx")


@pytest.mark.django_db
def test_merge_edit_keeps_a_colleagues_change_and_brings_the_record_up_to_date(
    team, gateway_officer, colleague
):
    person = PersonFactory(team=team, given_name="Ada", family_name="Lark")
    base = read_snapshot(person, sign_snapshot(person, services.EDITABLE_FIELDS))[1]
    stale = Person.objects.get(pk=person.pk)
    services.person_update(person=person, officer=colleague, expected_version=1, given_name="Ann")
    merge = merge_edit(stale, expected_version=1, changes={"family_name": "Wren"}, base=base)
    assert merge.changes == {"family_name": "Wren"}
    assert (stale.version, stale.given_name) == (2, "Ann")


@pytest.mark.django_db
def test_without_a_base_any_save_in_between_is_a_conflict_with_the_current_record(team, colleague):
    person = PersonFactory(team=team)
    stale = Person.objects.get(pk=person.pk)
    services.person_update(person=person, officer=colleague, expected_version=1, phone="0")
    with pytest.raises(EditConflict) as refused:
        merge_edit(stale, expected_version=1, changes={"phone": "1"})
    assert refused.value.conflicts == ()
    assert refused.value.current.version == 2
    assert "Someone else changed this record" in refused.value.messages[0]


@pytest.mark.django_db
def test_a_conflict_names_each_field_both_changed(team, colleague, gateway_officer):
    person = PersonFactory(team=team, family_name="Lark")
    base = read_snapshot(person, sign_snapshot(person, services.EDITABLE_FIELDS))[1]
    stale = Person.objects.get(pk=person.pk)
    services.person_update(
        person=person, officer=colleague, expected_version=1, family_name="Finch", phone="1"
    )
    with pytest.raises(EditConflict) as refused:
        services.person_update(
            person=stale,
            officer=gateway_officer,
            expected_version=1,
            base=base,
            family_name="Wren",
            nationality="Irish",
        )
    assert set(refused.value.message_dict) == {"family_name"}
    assert refused.value.theirs_kept == ()
    person.refresh_from_db()
    assert (person.family_name, person.nationality) == ("Finch", "")


@pytest.mark.parametrize(
    ("header", "versions"),
    [
        ('"3"', [3]),
        ('W/"3"', [3]),
        (' "3" , "4"', [3, 4]),
        ("*", None),
        ("3", None),
        ('"three"', None),
        ("", None),
        ('"3",', None),
    ],
)
def test_if_match_names_versions_as_entity_tags(header, versions):
    assert if_match_versions(header) == versions


def test_the_etag_is_the_quoted_version():
    assert etag_for(Person(version=7)) == '"7"'


def test_values_are_shown_in_words():
    gender = forms.ChoiceField(choices=Gender.choices)
    assert display_value(gender, "female") == "Female"
    assert display_value(None, datetime.date(2009, 3, 14)) == "14 March 2009"
    assert display_value(None, True) == "Yes"
    assert display_value(None, "") == "blank"
    assert display_value(forms.MultipleChoiceField(choices=[("a", "Apple")]), ["a"]) == "Apple"
