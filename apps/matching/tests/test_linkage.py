"""The matching model: pure-Python scoring agrees with Splink, blocking keys find what batch
blocking finds, and household look-alikes stay below the likely-match threshold.

No database: these run without Django's test database and use small invented data.
"""

import random
import string

import duckdb
import pandas as pd
import pytest
from splink import DuckDBAPI
from splink.internals.realtime import compare_records

from apps.matching import linkage
from apps.matching.tests.population import make_people, parent_and_child, true_pairs, twins


@pytest.fixture(scope="module")
def model():
    return linkage.load_model()


@pytest.fixture(scope="module")
def people():
    return make_people(1500, seed=7)


def _random_strings(rng, count):
    pairs = [("", ""), ("A", ""), ("A", "A"), ("A", "B"), ("AB", "BA"), ("MARTHA", "MARHTA")]
    for _ in range(count):
        a = "".join(rng.choice("ABCDE ") for _ in range(rng.randint(1, 14)))
        b = list(a)
        for _ in range(rng.randint(0, 3)):
            position = rng.randrange(len(b) + 1)
            b.insert(position, rng.choice(string.ascii_uppercase[:6]))
        pairs.append((a, "".join(b) if rng.random() < 0.6 else a[::-1]))
    return pairs


def test_jaro_winkler_and_levenshtein_equal_duckdb_bit_for_bit():
    rng = random.Random(3)  # noqa: S311 - test strings, not secrets
    pairs = pd.DataFrame(_random_strings(rng, 5000), columns=["a", "b"])  # noqa: F841 - DuckDB reads it
    rows = duckdb.sql(
        "select a, b, jaro_winkler_similarity(a, b), levenshtein(a, b) from pairs"
    ).fetchall()
    for a, b, similarity, distance in rows:
        assert linkage.jaro_winkler(a, b) == similarity, (a, b)
        assert linkage.levenshtein(a, b) == distance, (a, b)


def test_score_pair_agrees_with_splink_for_every_pair(model, people):
    # Duplicates sit next to their originals, so a slice holds many true pairs and,
    # compared all against all, every kind of disagreement too.
    sample = people.iloc[:120]
    extra = (*twins(), *parent_and_child(), *_variants_of_one_person(), *_movers())
    frequencies = _every_band(pd.concat([sample, pd.DataFrame(extra)]))
    prepared = linkage.prepare_people(sample, frequencies=frequencies).to_dict("records")
    extra_prepared = [linkage.prepare_record(record, frequencies) for record in extra]
    left, right = prepared[:60] + extra_prepared, prepared + extra_prepared
    prepared = right

    splink_scores = compare_records(
        left, right, linkage.splink_settings(model), DuckDBAPI()
    ).as_pandas_dataframe()

    assert len(splink_scores) == len(left) * len(right)
    by_id = {record["record_id"]: record for record in prepared}
    compiled = linkage._compiled(model)
    levels_seen = set()
    for row in splink_scores.itertuples(index=False):
        ours = linkage.score_prepared_pair(
            by_id[row.record_id_l], by_id[row.record_id_r], model, compiled=compiled
        )
        assert ours.match_probability == pytest.approx(row.match_probability, abs=1e-6)
        assert ours.match_weight == pytest.approx(row.match_weight, abs=1e-9)
        for evidence in ours.evidence:
            splink_weight = getattr(row, f"mw_{evidence.comparison}")
            assert evidence.match_weight == pytest.approx(splink_weight, abs=1e-12)
            levels_seen.add((evidence.comparison, evidence.description))
    # The batch reaches every level, so every level's SQL is checked against its Python.
    all_levels = {(c.name, level.description) for c in linkage.COMPARISONS for level in c.levels}
    assert levels_seen == all_levels


def _every_band(records: pd.DataFrame) -> linkage.NameFrequencies:
    """Name counts putting the names in turn in every frequency band, commonest to rarest."""
    prepared = linkage.prepare_people(records.drop_duplicates("record_id"))
    counts = (2000, 500, 100, 20, 5)  # of 100,000: 2%, 0.5%, 0.1%, 0.02%, 0.005%
    names = {
        column: sorted(prepared[column].dropna().unique()) for column in ("given_name", "surname")
    }
    found = {
        column: {name: counts[index % 5] for index, name in enumerate(values)}
        for column, values in names.items()
    }
    # The movers' names, one in each band, so every band is reached away from home too.
    for index, (given, surname) in enumerate(MOVERS):
        found["given_name"][given.upper()] = found["surname"][surname.upper()] = counts[index]
    return linkage.NameFrequencies(total=100_000, **found)


MOVERS = [("Aldous", "Brightwell"), ("Bryn", "Carrow"), ("Cerys", "Dunmore")]
MOVERS += [("Dafydd", "Elphick"), ("Eirlys", "Fairclough")]


def _movers():
    """Pairs of records of one person before and after a move, one pair per name band."""
    return [
        {
            "record_id": f"mover-{index}-{home}",
            "given_name": given,
            "surname": surname,
            "date_of_birth": "",
            "postcode": f"CF{home + 1} 1AA",
            "address_line_1": f"{home + 1} Heol Las",
            "town": "Cardiff",
        }
        for index, (given, surname) in enumerate(MOVERS)
        for home in range(2)
    ]


def _variants_of_one_person():
    """One invented person and records reaching the rarer comparison levels."""
    base = {
        "given_name": "Katherine",
        "middle_names": "Rose",
        "surname": "Fenwick",
        "date_of_birth": "1984-05-09",
        "gender": "F",
        "postcode": "OX4 3JT",
        "address_line_1": "21 Hazel Lane",
        "town": "Oxford",
        "identifier": "pnc:84/123456K",
    }
    changes = [
        {"identifier": "PNC:84/654321X"},
        {"identifier": ""},
        {"given_name": "Fenwick", "surname": "Katherine"},
        {"given_name": "Fenwik", "surname": "Katharine", "date_of_birth": "1984-09-05"},
        {"given_name": "Rose", "middle_names": "", "date_of_birth": "1984-05-19"},
        {"given_name": "K", "surname": "Fenwick-Hale", "date_of_birth": "1985-05-09"},
        {
            "given_name": "Kathryn",
            "surname": "Fenwich",
            "postcode": "OX4 3LA",
            "address_line_1": "9 Oak Road",
        },
        {"given_name": "Kath", "surname": "Fennick", "postcode": "OX4 9ZZ", "address_line_1": ""},
        {"postcode": "", "date_of_birth": "1984-12-01", "gender": ""},
        {"postcode": "OX9 1AA", "address_line_1": "", "date_of_birth": "1994-05-09"},
        {"postcode": "", "address_line_1": "", "town": "", "gender": "M"},
        {"postcode": "4000", "address_line_1": "2 Elm Row", "surname": "", "given_name": ""},
        {"given_name": "Kathleen", "date_of_birth": ""},
        {"middle_names": "R", "date_of_birth": "1994-05-09"},
        {"middle_names": "Rosa", "date_of_birth": "1974-05-09"},
        {"given_name": "Kate", "middle_names": "Rose", "date_of_birth": "1954-05-09"},
        # Married and moved; and a decade digit keyed wrongly after a move.
        {"surname": "Okonedo", "postcode": "OX2 6NN", "address_line_1": "3 Walton Street"},
        {"date_of_birth": "1964-05-09", "postcode": "OX9 2BB", "address_line_1": "4 Mill Lane"},
        # Spelt as it sounds; and the PNC ID keyed one character wrong.
        {"given_name": "Kitrin", "identifier": "pnc:84/123457K"},
        # At home, a year slip too far out for a parent and child.
        {"date_of_birth": "1904-05-09"},
        # A short given name one letter out; a first letter of the same sound.
        {"given_name": "Kat"},
        {"given_name": "Kay", "date_of_birth": "1984-05-19"},
        {"given_name": "Caitrin", "postcode": "OX9 2BB", "address_line_1": "4 Mill Lane"},
        # A short form made of the end of the name.
        {"given_name": "Rine", "date_of_birth": ""},
    ]
    return [
        {**base, **change, "record_id": f"variant-{number}"}
        for number, change in enumerate([{}, *changes])
    ]


def test_blocking_keys_find_every_pair_batch_blocking_finds(model, people):
    batch = linkage.dedupe(people, threshold=0.0, model=model)
    batch_pairs = {tuple(sorted(pair)) for pair in zip(batch.id_l, batch.id_r, strict=True)}
    key_pairs = linkage.candidate_pairs(people.to_dict("records"))
    truth = true_pairs(people)

    # No name block here passes the batch cap, so both find exactly the same pairs.
    assert key_pairs == batch_pairs
    assert len(truth & key_pairs) >= len(truth & batch_pairs)


def test_blocking_keys_meet_across_swapped_names_and_swapped_day_and_month():
    record = {"given_name": "Amira", "surname": "Castell", "date_of_birth": "2001-04-09"}
    swapped = {"given_name": "Castell", "surname": "Amira", "date_of_birth": "2001-09-04"}

    keys = linkage.blocking_keys(record)

    assert "dob:2001-04-09" in keys
    assert "sx:C234|2001" in keys
    assert keys & linkage.blocking_keys(swapped) >= {"gn:AMI|CAS", "dob:2001-04-09"}


def test_twins_score_below_likely_match(model):
    score = linkage.score_pair(*twins(), model)

    assert score.match_probability < linkage.LIKELY_MATCH_THRESHOLD
    assert not score.is_likely_match


def test_parent_and_child_of_same_name_score_below_likely_match(model):
    score = linkage.score_pair(*parent_and_child(), model)

    assert score.match_probability < linkage.LIKELY_MATCH_THRESHOLD


def test_same_person_with_nickname_typo_and_new_postcode_is_a_likely_match(model):
    referral = {
        "given_name": "Bill",
        "surname": "Ashworthe",
        "date_of_birth": "1990-07-03",
        "gender": "Male",
        "postcode": "rg1 4xx",
        "address_line_1": "3 Beech Road",
        "town": "Reading",
    }
    known = {
        "given_name": "William",
        "middle_names": "James",
        "surname": "Ashworth",
        "date_of_birth": "1990-03-07",
        "gender": "M",
        "postcode": "RG1 4XY",
        "address_line_1": "3 Beech Rd",
        "town": "Reading",
    }

    score = linkage.score_pair(referral, known, model)

    assert score.is_likely_match
    labels = {item.comparison: (item.label, item.description) for item in score.evidence}
    assert labels["given_name"] == (
        "partly agrees",
        "same first name, nickname or spelling variant",
    )
    assert labels["date_of_birth"] == ("partly agrees", "day and month swapped")
    assert labels["gender"][0] == "agrees"


def test_missing_fields_are_neutral_evidence(model):
    score = linkage.score_pair({"given_name": "Ola"}, {"given_name": "Ola", "town": "Hove"}, model)

    by_field = {item.comparison: item for item in score.evidence}
    assert by_field["surname"].label == "missing"
    assert by_field["surname"].bayes_factor == 1.0
    assert by_field["given_name"].label == "agrees"
    assert by_field["given_name"].bayes_factor > 1


def test_dedupe_returns_scored_pairs_above_the_threshold(model, people):
    pairs = linkage.dedupe(people, model=model)

    assert list(pairs.columns) == ["id_l", "id_r", "match_probability"]
    assert pairs["match_probability"].min() >= linkage.CANDIDATE_THRESHOLD
    truth = true_pairs(people)
    likely = pairs[pairs["match_probability"] >= linkage.LIKELY_MATCH_THRESHOLD]
    found = {tuple(sorted(pair)) for pair in zip(likely.id_l, likely.id_r, strict=True)}
    assert len(found & truth) / len(found) >= 0.97
    assert len(found & truth) / len(truth) >= 0.85


def test_impossible_date_of_birth_names_the_row_and_field():
    people = make_people(5, seed=1)
    people.loc[3, "date_of_birth"] = "1990-02-30"

    with pytest.raises(linkage.MatchingInputError, match=r"row 4 .*date_of_birth"):
        linkage.prepare_people(people)


def test_stored_model_matches_the_code(model):
    linkage._compiled(model)  # raises ModelMismatchError on any drift

    assert 0 < model["probability_two_random_records_match"] < 0.01


def test_a_model_with_changed_levels_is_refused(model):
    changed = {**model, "comparisons": [dict(c) for c in model["comparisons"]]}
    changed["comparisons"][0] = {
        **changed["comparisons"][0],
        "comparison_levels": changed["comparisons"][0]["comparison_levels"][:-1],
    }

    with pytest.raises(linkage.ModelMismatchError):
        linkage.score_pair({"given_name": "A"}, {"given_name": "A"}, changed)


def test_estimate_model_trains_every_level_and_fixes_the_disagreements():
    trained = linkage.estimate_model(make_people(3000, seed=11), max_pairs=2e5)

    for comparison in trained["comparisons"]:
        for level in comparison["comparison_levels"]:
            if not level.get("is_null_level"):
                assert level["m_probability"] > 0
                assert level["u_probability"] > 0
    given = trained["comparisons"][0]["comparison_levels"]
    assert given[-1]["m_probability"] == linkage.FIXED_DISAGREEMENT_M["given_name"]
    assert linkage.score_pair(*twins(), trained).match_probability < 0.9


def test_a_shared_identifier_outweighs_a_wrongly_recorded_given_name(model):
    """FEBRL-style: same person, given name replaced; twins never share a PNC ID."""
    person = {
        "record_id": "a",
        "given_name": "Thomas",
        "surname": "Whitfield",
        "date_of_birth": "2001-02-03",
        "postcode": "RG4 5AA",
        "address_line_1": "3 Mill Road",
        "town": "Reading",
        "identifier": "pnc:01/222222B",
    }
    wrong_name = {**person, "record_id": "b", "given_name": "Gareth"}
    twin = {**wrong_name, "record_id": "c", "identifier": "pnc:01/333333C"}
    assert linkage.score_pair(person, wrong_name, model).is_likely_match
    assert not linkage.score_pair(person, twin, model).is_likely_match
    assert "id:PNC:01/222222B" in linkage.blocking_keys(person)


def _household(**changes):
    base = {
        "record_id": "a",
        "given_name": "Daniel",
        "middle_names": "",
        "surname": "Okonjo-Bright",
        "date_of_birth": "1968-06-21",
        "gender": "M",
        "postcode": "OX4 2LT",
        "address_line_1": "7 Rowan Way",
        "town": "Oxford",
    }
    return base, {**base, "record_id": "b", **changes}


@pytest.mark.parametrize("child_born", ["1998-06-21", "1988-06-21", "2008-06-21"])
def test_parent_and_child_born_on_the_same_day_of_the_year_stay_apart(model, child_born):
    """Same full name and address, same birthday, a generation apart (1968 and 1988
    differ in one digit only)."""
    score = linkage.score_pair(*_household(date_of_birth=child_born), model)

    assert score.match_probability < 0.5
    dob = next(item for item in score.evidence if item.comparison == "date_of_birth")
    assert dob.description == "same day and month, years apart (a parent and child?)"
    assert dob.label == "disagrees"


@pytest.mark.parametrize(
    ("slipped", "description"),
    [
        ("1969-06-21", "same day and month, last digit of the year differs (a typing error?)"),
        (
            "1978-06-21",
            "same day and month, decade digit of the year differs by one (a typing error?)",
        ),
    ],
)
def test_a_slip_in_one_digit_of_the_year_is_still_a_match(model, slipped, description):
    score = linkage.score_pair(*_household(date_of_birth=slipped), model)

    assert score.match_probability >= 0.5
    dob = next(item for item in score.evidence if item.comparison == "date_of_birth")
    assert dob.description == description


def test_opposite_sex_twins_with_alike_names_stay_apart(model):
    brother, sister = _household(given_name="Danielle", gender="F")

    assert linkage.score_pair(brother, sister, model).match_probability < 0.5
    assert linkage.score_pair(brother, {**sister, "gender": ""}, model).is_likely_match


def test_twins_sharing_middle_names_stay_apart(model):
    first, second = _household(given_name="Samuel", middle_names="James")
    first = {**first, "middle_names": "James"}
    amelia, oksana = _household(given_name="Oksana", middle_names="Amelia", gender="F")
    amelia = {**amelia, "given_name": "Amelia", "middle_names": "Catriona", "gender": "F"}

    assert linkage.score_pair(first, second, model).match_probability < 0.5
    assert linkage.score_pair(amelia, oksana, model).match_probability < 0.5


def test_a_person_known_by_their_middle_name_still_partly_agrees(model):
    known, referral = _household(given_name="James", middle_names="")
    known = {**known, "middle_names": "James"}

    score = linkage.score_pair(known, referral, model)

    given = next(item for item in score.evidence if item.comparison == "given_name")
    assert given.description == "given name is the other's middle name"
    assert score.is_likely_match


def test_blocking_keys_survive_a_move_with_a_missing_or_changed_date_of_birth():
    known = {
        "given_name": "Chukwuemeka",
        "surname": "Mohammed",
        "date_of_birth": "1990-03-14",
        "postcode": "BD7 1AA",
    }
    moved_no_date = {"given_name": "Chukwuemeka", "surname": "Muhammad", "postcode": "LS6 3QP"}
    moved_new_name = {
        "given_name": "Chukwuemeka",
        "surname": "Adeyemi",
        "date_of_birth": "1991-03-14",
        "postcode": "M14 5RT",
    }

    assert linkage.blocking_keys(known) & linkage.blocking_keys(moved_no_date) == {
        "nx:C252|M530",
        "nx:M530|C252",
    }
    assert linkage.blocking_keys(known) & linkage.blocking_keys(moved_new_name) == {"gd:C252|03-14"}


def test_batch_caps_name_blocks_without_changing_scores(model):
    people = pd.DataFrame(
        [
            {
                "record_id": f"r{number}",
                "given_name": "Mohammed",
                "middle_names": "",
                "surname": "Khan",
                "date_of_birth": f"19{50 + number % 40}-01-{1 + number % 28:02d}",
                "gender": "M",
                "postcode": f"B{number % 30 + 1} 1AA",
                "address_line_1": f"{number} High Street",
                "town": "Birmingham",
            }
            for number in range(40)
        ]
    )
    prepared = linkage.prepare_people(people)

    capped = linkage.cap_blocks(prepared, cap=30)

    assert capped["names_sx"].isna().all()
    assert capped["name_key"].isna().all()
    assert capped["dob_block"].equals(prepared["dob_block"])
    pairs = linkage.dedupe(people, threshold=0.0, model=model, block_size_cap=30)
    uncapped = linkage.candidate_pairs(people.to_dict("records"))
    assert len(pairs) < len(uncapped) == 40 * 39 // 2
    record = prepared.set_index("record_id", drop=False).to_dict("index")
    # Batch scales the prior to the file's size (linkage.for_population).
    scaled = linkage.for_population(model, len(people))
    for row in pairs.itertuples():
        expected = linkage.score_prepared_pair(record[row.id_l], record[row.id_r], scaled)
        assert row.match_probability == pytest.approx(expected.match_probability, abs=1e-9)


def test_impossible_dates_can_be_matched_as_missing_and_listed():
    people = make_people(5, seed=1)
    people.loc[1, "date_of_birth"] = "1974-02-29"
    people.loc[3, "date_of_birth"] = "17/05/1990"
    rejects = []

    prepared = linkage.prepare_people(people, rejects=rejects)

    assert prepared.loc[[1, 3], "dob"].isna().all()
    assert [(r.row, r.record_id, r.field, r.value, r.reason) for r in rejects] == [
        (2, "r0000001", "date_of_birth", "1974-02-29", "is not a real date"),
        (4, "r0000003", "date_of_birth", "17/05/1990", "is not a YYYY-MM-DD date"),
    ]


def test_probability_without_evidence_equals_the_full_score(model, people):
    prepared = linkage.prepare_people(people.iloc[:200]).to_dict("records")

    for left in prepared[:20]:
        for right in prepared:
            full = linkage.score_prepared_pair(left, right, model).match_probability
            assert linkage.match_probability_prepared(left, right, model) == full
