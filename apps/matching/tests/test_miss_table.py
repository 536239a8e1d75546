"""The benchmark's table of what the stored model misses (ADR 0039) counts every miss once."""

import pytest

from apps.matching import linkage
from apps.matching.tests.population import true_pairs
from benchmarks import independent_population
from benchmarks.matching import (
    _pair_scenario,
    ceiling_lines,
    miss_table,
    transitive_closure,
    with_missing_date_as_evidence,
)


def test_every_missed_true_pair_is_counted_once_under_its_scenario():
    people = independent_population.make_people(3000, seed=7)
    pairs = linkage.dedupe(people[list(linkage.PERSON_COLUMNS)], rejects=[])
    likely = pairs[pairs["match_probability"] >= 0.5]
    found = {tuple(sorted(pair)) for pair in zip(likely["id_l"], likely["id_r"], strict=True)}
    truth = true_pairs(people)

    rows, false_pairs = miss_table(people, 0.5)

    assert sum(row.missed for row in rows.values()) == len(truth - found) > 0
    assert sum(false_pairs.values()) == len(found - truth)
    for row in rows.values():
        assert row.never_scored + row.cut <= row.missed
        assert row.no_date <= row.missed
    no_date = rows["moved, and the new record has no date of birth"]
    assert no_date.no_date == no_date.missed


def test_a_pair_of_two_corrupted_duplicates_is_its_own_scenario_even_when_both_are_alike():
    scenarios = {"original": "", "first": "entered twice", "second": "entered twice"}

    assert _pair_scenario(scenarios, "original", "first") == "entered twice"
    assert _pair_scenario(scenarios, "first", "second") == (
        "two duplicates of one person (both corrupted, any scenarios)"
    )


def test_transitive_closure_joins_chains_and_nothing_else():
    found = {("a", "b"), ("b", "c"), ("d", "e")}

    assert transitive_closure(found) == {("a", "b"), ("a", "c"), ("b", "c"), ("d", "e")}


def test_the_ceilings_what_if_counts_a_missing_date_and_leaves_the_stored_model_alone():
    model = linkage.load_model()
    dated = {"given_name": "Aoife", "surname": "Brennan", "date_of_birth": "1990-04-02"}
    undated = {"given_name": "Aoife", "surname": "Brennan", "date_of_birth": ""}

    what_if = with_missing_date_as_evidence(model, 4.0)

    before = linkage.score_pair(dated, undated, model).match_weight
    assert linkage.score_pair(dated, undated, what_if).match_weight == pytest.approx(before + 4)
    assert linkage.score_pair(dated, undated, model).match_weight == before


def test_the_ceiling_bound_finds_at_least_what_the_stored_model_finds():
    people = independent_population.make_people(3000, seed=7)

    lines = ceiling_lines(people)

    assert [line.split("  P ")[0].strip() for line in lines] == [
        "stored model",
        "bound: every miss with both dates found, none false",
        "a missing date counted as 2 bits",
        "a missing date counted as 4 bits",
        "a missing date counted as 8 bits",
        "stored model, found pairs closed transitively",
    ]
    recall = [float(line.split(" R ")[1].split()[0]) for line in lines]
    assert recall[1] >= recall[0]
    assert recall[5] >= recall[0]
