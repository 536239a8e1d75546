"""ADR 0036: a shared birth date within a household is weak evidence (twins), the prior
follows the number of records matched, and a record is a likely match for one person at
most (a record with no date of birth beside a parent and a child of one name).

No database: small invented records only.
"""

import pandas as pd
import pytest

from apps.matching import linkage
from apps.matching.tests.population import parent_and_child, twins


@pytest.fixture(scope="module")
def model():
    return linkage.load_model()


def _evidence(score, comparison):
    return next(item for item in score.evidence if item.comparison == comparison)


def test_twins_birth_date_counts_as_a_household_agreement_weaker_than_anywhere_else(model):
    first, second = twins()
    elsewhere = {**second, "postcode": "LS6 2AB", "address_line_1": "4 Moor Road"}

    at_home = _evidence(linkage.score_pair(first, second, model), "date_of_birth")
    apart = _evidence(linkage.score_pair(first, elsewhere, model), "date_of_birth")

    assert at_home.description == "date of birth the same, same surname and postcode (twins?)"
    assert apart.description == "date of birth the same"
    assert 0 < at_home.match_weight < apart.match_weight - 5


def test_household_twin_share_counts_shared_birth_dates_between_different_given_names():
    def person(record_id, given, born):
        return {
            "record_id": record_id,
            "given_name": given,
            "middle_names": "",
            "surname": "Penhaligon",
            "date_of_birth": born,
            "gender": "",
            "postcode": "TR1 2AB",
            "address_line_1": "3 Quay Street",
            "town": "Truro",
        }

    household = pd.DataFrame(
        [
            person("a", "Morwenna", "2001-05-04"),
            person("b", "Tamsin", "2001-05-04"),  # Morwenna's twin
            person("c", "Jory", "1970-01-09"),
            person("d", "Elowen", "1972-08-30"),
            person("e", "Morwenna", "2001-05-04"),  # a second record of Morwenna
        ]
    )

    share = linkage.household_twin_share(linkage.prepare_people(household))

    # Pairs with different given names: 4 people, 6 pairs, plus Morwenna's second record
    # with Tamsin, Jory and Elowen: 9; sharing a birth date: Tamsin with each Morwenna.
    assert share == pytest.approx(2 / 9)


def test_the_prior_falls_as_the_number_of_records_matched_grows():
    stored = {"probability_two_random_records_match": 1e-6, linkage.POPULATION_KEY: 200_000}

    assert linkage.for_population(stored, 200_000)["probability_two_random_records_match"] == (
        pytest.approx(1e-6)
    )
    assert linkage.for_population(stored, 1_000_000)[
        "probability_two_random_records_match"
    ] == pytest.approx(2e-7)
    # A small file says little about the rate: the prior stops at PRIOR_MIN_POPULATION.
    small = linkage.for_population(stored, 50)["probability_two_random_records_match"]
    assert small == pytest.approx(1e-6 * 200_000 / linkage.PRIOR_MIN_POPULATION)
    assert linkage.POPULATION_KEY not in linkage.for_population(stored, 50)


def test_a_model_without_its_training_population_keeps_its_prior():
    stored = {"probability_two_random_records_match": 1e-6}

    assert linkage.for_population(stored, 5_000_000)["probability_two_random_records_match"] == (
        1e-6
    )


def test_the_stored_model_knows_how_many_records_it_was_trained_on(model):
    assert model[linkage.POPULATION_KEY] == 200_000


def _pairs(records, model):
    pairs = linkage.dedupe(pd.DataFrame(records), model=model, threshold=0.0)
    return {frozenset((row.id_l, row.id_r)): row.match_probability for row in pairs.itertuples()}


def test_a_record_with_no_date_of_birth_is_not_both_parent_and_child(model):
    parent, child = parent_and_child()
    undated = {**child, "record_id": "undated", "date_of_birth": ""}

    pairs = _pairs([parent, child, undated], model)

    alone = linkage.for_population(model, 3)
    for other in (parent, child):
        on_its_own = linkage.score_pair(undated, other, alone)
        assert on_its_own.is_likely_match
        assert pairs[frozenset(("undated", other["record_id"]))] < 0.5
    assert pairs[frozenset(("undated", "parent"))] == pytest.approx(
        pairs[frozenset(("undated", "child"))]
    )


def test_records_of_one_person_with_different_errors_are_not_rivals(model):
    parent, _child = parent_and_child()
    no_address = {**parent, "record_id": "no-address", "postcode": "", "address_line_1": ""}
    no_address["town"] = ""
    undated = {**parent, "record_id": "undated", "date_of_birth": "", "given_name": "Danial"}
    records = [parent, no_address, undated]

    pairs = _pairs(records, model)

    alone = linkage.for_population(model, 3)
    prepared = linkage.prepare_people(pd.DataFrame(records)).set_index("record_id", drop=False)
    for other in (no_address, undated):
        expected = linkage.score_prepared_pair(
            prepared.loc["parent"].to_dict(), prepared.loc[other["record_id"]].to_dict(), alone
        ).match_probability
        assert expected >= 0.5
        assert pairs[frozenset(("parent", other["record_id"]))] == pytest.approx(expected)


def test_shared_odds_leave_a_pair_without_rivals_alone_and_halve_equal_rivals():
    assert linkage.shared_odds(12.5, []) == 12.5
    weight = linkage.shared_odds(30.0, [30.0])

    assert linkage.probability_of(weight) < 0.5
    assert linkage.probability_of(weight) == pytest.approx(0.5)
