"""The dedupe_people and estimate_matching_model commands: CSV in, CSV or model out."""

import io
import json

import pandas as pd
import pytest
from django.core.management import CommandError, call_command

from apps.matching import linkage
from apps.matching.tests.population import make_people, true_pairs


@pytest.fixture
def people_csv(tmp_path):
    people = make_people(400, seed=5)
    path = tmp_path / "people.csv"
    people.drop(columns=["person_id"]).to_csv(path, index=False)
    return path, people


def test_dedupe_people_writes_every_candidate_pair(people_csv, tmp_path):
    path, people = people_csv
    output = tmp_path / "pairs.csv"

    call_command("dedupe_people", str(path), "--output", str(output))

    pairs = pd.read_csv(output, dtype={"id_l": str, "id_r": str})
    assert list(pairs.columns) == ["id_l", "id_r", "match_probability"]
    assert pairs["match_probability"].min() >= 0.05
    found = {tuple(sorted(pair)) for pair in zip(pairs.id_l, pairs.id_r, strict=True)}
    assert len(found & true_pairs(people)) / len(true_pairs(people)) > 0.9


def test_dedupe_people_strict_names_row_and_field_of_a_bad_date_and_writes_nothing(
    people_csv, tmp_path
):
    path, people = people_csv
    people.loc[9, "date_of_birth"] = "17/05/1990"
    people.drop(columns=["person_id"]).to_csv(path, index=False)
    output = tmp_path / "pairs.csv"

    with pytest.raises(CommandError, match=r"row 10 \(record_id r0000009\): date_of_birth"):
        call_command("dedupe_people", str(path), "--output", str(output), "--strict")

    assert not output.exists()


def test_dedupe_people_matches_impossible_dates_as_missing_and_reports_each(people_csv, tmp_path):
    path, people = people_csv
    # A parent's record with an impossible date still meets its duplicate.
    duplicated = people[people.duplicated("person_id", keep=False)].iloc[0]
    row = int(duplicated.name)
    people.loc[row, "date_of_birth"] = "1974-02-29"
    people.loc[3, "date_of_birth"] = "1990-04-31"
    people.drop(columns=["person_id"]).to_csv(path, index=False)
    output = tmp_path / "pairs.csv"
    err = io.StringIO()

    call_command("dedupe_people", str(path), "--output", str(output), stderr=err)

    pairs = pd.read_csv(output, dtype={"id_l": str, "id_r": str})
    ids = set(pairs.id_l) | set(pairs.id_r)
    assert duplicated.record_id in ids
    rejects = pd.read_csv(tmp_path / "pairs.rejects.csv", dtype=str)
    assert (
        rejects.to_dict("records")
        == [
            {
                "row": "4",
                "record_id": "r0000003",
                "field": "date_of_birth",
                "value": "1990-04-31",
                "problem": "is not a real date",
                "treated_as": "missing",
            },
            {
                "row": str(row + 1),
                "record_id": duplicated.record_id,
                "field": "date_of_birth",
                "value": "1974-02-29",
                "problem": "is not a real date",
                "treated_as": "missing",
            },
        ][:: 1 if row > 3 else -1]
    )
    summary = err.getvalue()
    assert "2 value(s) could not be used" in summary
    assert "row 4 (record_id r0000003): date_of_birth '1990-04-31' is not a real date" in summary


def test_dedupe_people_names_missing_columns(people_csv, tmp_path):
    path, people = people_csv
    people.drop(columns=["person_id", "town"]).to_csv(path, index=False)

    with pytest.raises(CommandError, match="missing columns: town"):
        call_command("dedupe_people", str(path), "--output", str(tmp_path / "pairs.csv"))


def test_estimate_matching_model_writes_a_usable_model(tmp_path):
    path = tmp_path / "people.csv"
    make_people(2500, seed=9).drop(columns=["person_id"]).to_csv(path, index=False)
    output = tmp_path / "model.json"

    call_command(
        "estimate_matching_model",
        "--from-csv",
        str(path),
        "--output",
        str(output),
        "--max-pairs",
        "2e5",
    )

    model = json.loads(output.read_text())
    linkage._compiled(model)
    assert model["blocking_rules_to_generate_predictions"]
