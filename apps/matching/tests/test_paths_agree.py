"""The batch path (Splink on DuckDB) and the real-time path (database lookup, in-process
scoring) give the same probability for the same pair."""

import datetime

import pandas as pd
import pytest

from apps.matching import deconfliction, linkage
from apps.people.services import person_create

pytestmark = pytest.mark.django_db


def test_real_time_and_batch_probabilities_are_equal(gateway_officer, team):
    known = person_create(
        created_by=gateway_officer,
        team=team,
        given_name="Aleksander",
        family_name="Nowak",
        date_of_birth=datetime.date(2006, 9, 4),
        gender="male",
        address={"line_1": "5 Station Road", "town": "Slough", "postcode": "SL1 1AA"},
    )
    query = {
        "record_id": "query",
        "given_name": "Alexander",
        "middle_names": "",
        "surname": "Nowak",
        "date_of_birth": "2006-04-09",
        "gender": "Male",
        "postcode": "SL1 1AB",
        "address_line_1": "5 Station Rd",
        "town": "Slough",
    }
    real_time = deconfliction.person_candidates(user=gateway_officer, record=query)[0]
    batch = linkage.dedupe(pd.DataFrame([known.match_record, query]), threshold=0.0)
    assert len(batch) == 1
    assert real_time.match_probability == pytest.approx(batch["match_probability"][0], abs=1e-9)
