"""Levels added for data the model was not built on (ADR 0039): a short given name keyed
one letter wrong, given names whose first letters differ but sound alike, and a short
form made of the end of a given name."""

import pytest

from apps.matching import linkage

GIRL = {
    "record_id": "first",
    "given_name": "Ava",
    "middle_names": "",
    "surname": "Trelawney",
    "date_of_birth": "2009-02-11",
    "gender": "F",
    "postcode": "TR1 2AB",
    "address_line_1": "3 Quay Street",
    "town": "Truro",
}


def _evidence(score, comparison):
    return next(item for item in score.evidence if item.comparison == comparison)


@pytest.fixture(scope="module")
def model():
    """The stored model as a file of 20,000 records would score it (its prior scaled)."""
    return linkage.for_population(linkage.load_model(), linkage.PRIOR_MIN_POPULATION)


def test_a_short_given_name_keyed_one_letter_wrong_is_a_typing_error(model):
    keyed = {**GIRL, "record_id": "keyed", "given_name": "Aca"}

    score = linkage.score_pair(GIRL, keyed, model)

    given = _evidence(score, "given_name")
    assert given.description == "given name one letter different (a typing error?)"
    assert given.label == "partly agrees"
    assert given.bayes_factor > 1
    assert score.is_likely_match


def test_a_dropped_letter_in_a_short_given_name_is_one_letter_different(model):
    dropped = {**GIRL, "record_id": "dropped", "given_name": "Aa"}

    score = linkage.score_pair(GIRL, dropped, model)

    assert _evidence(score, "given_name").description.startswith("given name one letter")


def test_twins_one_letter_apart_in_the_first_letter_stay_apart(model):
    sister = {**GIRL, "record_id": "sister", "given_name": "Eva"}

    score = linkage.score_pair(GIRL, sister, model)

    assert _evidence(score, "given_name").description == "given names differ"
    assert score.match_probability < 0.05


def test_a_brother_one_letter_apart_is_not_a_typing_error(model):
    brother = {**GIRL, "record_id": "brother", "given_name": "Max", "gender": "M"}

    score = linkage.score_pair({**GIRL, "given_name": "Mai"}, brother, model)

    assert _evidence(score, "given_name").description == "given names differ"


@pytest.mark.parametrize(("written", "respelt"), [("Ciaran", "Kieran"), ("Mykola", "Nikolai")])
def test_given_names_whose_first_letters_sound_alike_sound_alike(model, written, respelt):
    boy = {**GIRL, "gender": "M", "given_name": written}
    moved = {**boy, "record_id": "moved", "given_name": respelt, "postcode": "PL4 8AA"}

    score = linkage.score_pair(boy, {**moved, "address_line_1": "9 Hoe Road"}, model)

    given = _evidence(score, "given_name")
    assert given.description == "given name sounds alike (another spelling or transliteration?)"
    assert given.label == "partly agrees"


def test_vowels_keep_their_letter_so_amelia_and_emily_do_not_sound_alike(model):
    sister = {**GIRL, "record_id": "sister", "given_name": "Emily"}

    score = linkage.score_pair({**GIRL, "given_name": "Amelia"}, sister, model)

    assert _evidence(score, "given_name").description == "given names differ"
    assert score.match_probability < 0.05


def test_a_short_form_made_of_the_end_of_a_given_name_is_not_a_different_name(model):
    boy = {**GIRL, "given_name": "Oluwatobi", "gender": "M"}
    short = {**boy, "record_id": "short", "given_name": "Tobi"}

    score = linkage.score_pair(boy, short, model)

    given = _evidence(score, "given_name")
    assert given.description == "one given name is the end of the other (a short form?)"
    assert given.label == "partly agrees"
    assert score.is_likely_match


def test_three_letters_at_the_end_are_not_a_short_form(model):
    brian = {**GIRL, "given_name": "Brian", "gender": "M"}
    brother = {**brian, "record_id": "brother", "given_name": "Ian"}

    score = linkage.score_pair(brian, brother, model)

    assert _evidence(score, "given_name").description == "given names differ"
    assert score.match_probability < 0.05
