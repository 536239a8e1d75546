"""The benchmark's table of what the stored model misses (ADR 0039) counts every miss once."""

from apps.matching import linkage
from apps.matching.tests.population import true_pairs
from benchmarks import independent_population
from benchmarks.matching import _pair_scenario, miss_table


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
