"""Comparison levels for data the model was not built on (ADR 0037): a new surname on
marriage, a decade digit of the birth year keyed wrongly, a given name respelt as it
sounds, an identifier keyed one character wrong."""

import pandas as pd
import pytest

from apps.matching import linkage

WOMAN = {
    "record_id": "before",
    "given_name": "Rosalind",
    "middle_names": "",
    "surname": "Pemberton",
    "date_of_birth": "1983-06-17",
    "gender": "F",
    "postcode": "LS6 2QT",
    "address_line_1": "14 Cardigan Road",
    "town": "Leeds",
}
MOVED = {"postcode": "YO10 4DH", "address_line_1": "3 Heslington Lane", "town": "York"}


def _evidence(score, comparison):
    return next(item for item in score.evidence if item.comparison == comparison)


@pytest.fixture(scope="module")
def model():
    """The stored model as a file of 20,000 records would score it (its prior scaled)."""
    return linkage.for_population(linkage.load_model(), linkage.PRIOR_MIN_POPULATION)


def test_a_woman_with_a_new_surname_after_a_move_is_a_likely_match(model):
    married = {**WOMAN, **MOVED, "record_id": "after", "surname": "Achterberg"}

    score = linkage.score_pair(WOMAN, married, model)

    surname = _evidence(score, "surname")
    assert surname.description == "surnames differ, both women (a new surname on marriage?)"
    assert surname.label == "disagrees"
    assert surname.bayes_factor < 1
    assert score.match_probability >= 0.5


def test_a_changed_surname_counts_more_against_a_man_than_a_woman(model):
    woman_after = {**WOMAN, **MOVED, "record_id": "after", "surname": "Achterberg"}
    man, man_after = ({**record, "gender": "M"} for record in (WOMAN, woman_after))

    for_her = linkage.score_pair(WOMAN, woman_after, model)
    for_him = linkage.score_pair(man, man_after, model)

    assert _evidence(for_him, "surname").description == "surnames differ"
    assert for_him.match_weight < for_her.match_weight
    assert for_him.match_probability < 0.5


def test_a_changed_surname_with_one_gender_unrecorded_is_not_weighed_as_a_marriage(model):
    unknown = {**WOMAN, **MOVED, "record_id": "after", "surname": "Achterberg", "gender": ""}

    score = linkage.score_pair(WOMAN, unknown, model)

    assert _evidence(score, "surname").description == "surnames differ"


def test_a_decade_digit_keyed_wrongly_after_a_move_is_a_typing_error(model):
    keyed = {**WOMAN, **MOVED, "record_id": "after", "date_of_birth": "1963-06-17"}

    score = linkage.score_pair(WOMAN, keyed, model)

    date = _evidence(score, "date_of_birth")
    assert date.description.startswith("same day and month, one digit of the year differs")
    assert date.label == "partly agrees"
    assert score.match_probability >= 0.5


def test_a_parent_and_child_a_generation_apart_in_one_household_stay_apart(model):
    parent = {**WOMAN, "date_of_birth": "1963-06-17"}
    child = {**WOMAN, "record_id": "child", "date_of_birth": "1983-06-17"}

    score = linkage.score_pair(parent, child, model)

    date = _evidence(score, "date_of_birth")
    assert date.description == "same day and month, years apart (a parent and child?)"
    assert score.match_probability < 0.05


def test_a_slip_too_far_apart_for_a_parent_and_child_is_a_typing_error_even_at_home(model):
    keyed = {**WOMAN, "record_id": "after", "date_of_birth": "1903-06-17"}

    score = linkage.score_pair(WOMAN, keyed, model)

    date = _evidence(score, "date_of_birth")
    assert date.description.startswith("same day and month, one digit of the year differs")
    assert score.is_likely_match


def test_years_differing_in_two_digits_are_not_a_slip_anywhere(model):
    far = {**WOMAN, **MOVED, "record_id": "after", "date_of_birth": "1958-06-17"}

    score = linkage.score_pair(WOMAN, far, model)

    assert _evidence(score, "date_of_birth").description.startswith("same day and month, years")


def test_year_slip_shares_count_pairs_sharing_a_birthday_one_digit_apart():
    births = ["1960-03-02", "1980-03-02", "1970-03-02", "1971-03-02", "1980-04-02"]
    people = pd.DataFrame(
        [
            {column: "" for column in linkage.PERSON_COLUMNS}
            | {"record_id": f"r{number}", "date_of_birth": born}
            for number, born in enumerate(births)
        ]
    )

    ten, generation = linkage.year_slip_shares(linkage.prepare_people(people))

    # Of 10 pairs: 1960/1970 and 1970/1980 ten years apart, 1960/1980 twenty; 1971/1960
    # differs in two digits, 1980-04-02 has another birthday.
    assert ten == pytest.approx(2 / 10)
    assert generation == pytest.approx(1 / 10)


def test_the_marriage_level_is_set_from_the_share_of_women():
    people = pd.DataFrame(
        [
            {column: "" for column in linkage.PERSON_COLUMNS}
            | {"record_id": f"r{number}", "gender": gender}
            for number, gender in enumerate(["F", "F", "M", "M"])
        ]
    )
    model = {
        "comparisons": [
            {
                "output_column_name": "surname",
                "comparison_levels": [{"sql_condition": linkage._BOTH_WOMEN_SQL}],
            }
        ]
    }

    linkage.set_married_level(model, linkage.prepare_people(people))

    level = model["comparisons"][0]["comparison_levels"][0]
    assert level["u_probability"] == pytest.approx(0.25)
    assert level["m_probability"] == pytest.approx(0.5 * linkage.MARRIED_SURNAME_CHANGE)


def test_a_given_name_spelt_as_it_sounds_is_partial_agreement(model):
    respelt = {**WOMAN, "record_id": "after"}

    before = {**WOMAN, "given_name": "Saoirse"}
    score = linkage.score_pair(before, {**respelt, "given_name": "Seersha"}, model)

    given = _evidence(score, "given_name")
    assert given.description == "given name sounds alike (another spelling or transliteration?)"
    assert given.label == "partly agrees"
    assert score.is_likely_match


def test_names_that_sound_alike_do_not_agree_across_genders(model):
    brother = {**WOMAN, "record_id": "brother", "given_name": "Jon", "gender": "M"}

    score = linkage.score_pair({**WOMAN, "given_name": "Jane"}, brother, model)

    assert _evidence(score, "given_name").description == "given names differ"
    assert score.match_probability < 0.05


def test_identifiers_one_keystroke_apart_are_a_typing_error_not_two_people(model):
    first = {**WOMAN, "identifier": "pnc:83/100106R"}
    keyed = {**first, "record_id": "after", "identifier": "pnc:83/109106R"}
    other = {**first, "record_id": "other", "identifier": "pnc:91/554321K"}

    slipped = linkage.score_pair(first, keyed, model)
    different = linkage.score_pair(first, other, model)

    identifier = _evidence(slipped, "identifier")
    assert identifier.description == "identifiers differ by one character (a typing error?)"
    assert identifier.bayes_factor > 1
    assert _evidence(different, "identifier").description == "different identifiers"
    assert slipped.match_weight > different.match_weight


def test_records_sharing_an_identifier_are_never_two_people_however_else_they_differ(model):
    first = {**WOMAN, "identifier": "pnc:83/100106R"}
    replaced = {
        **first,
        "record_id": "replaced",
        "given_name": "Gwendolyn",
        "date_of_birth": "1951-11-02",
    }
    left, right = linkage.prepare_record(first), linkage.prepare_record(replaced)
    without = {**right, "identifier": None}

    assert linkage.distinguishing_fields(left, right, model) == frozenset()
    assert linkage.distinguishing_fields(left, without, model) == {"given_name", "date_of_birth"}
