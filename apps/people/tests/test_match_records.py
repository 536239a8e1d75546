"""The one shape of a record given to the matching model."""

import datetime

from apps.people.match_records import match_record

FULL = match_record(
    record_id="referral:1",
    identifier="pnc:26/123456A",
    given_name="Tamsin",
    middle_names="Orla",
    surname="Quillfeather",
    date_of_birth=datetime.date(2008, 2, 29),
    gender="Female",
    postcode="ZZ1 1ZZ",
    address_line_1="1 Example Row",
    town="Exampleton",
)


def test_a_full_record_keeps_every_value_and_gives_the_date_as_iso():
    record = FULL
    assert record == {
        "record_id": "referral:1",
        "identifier": "pnc:26/123456A",
        "given_name": "Tamsin",
        "middle_names": "Orla",
        "surname": "Quillfeather",
        "date_of_birth": "2008-02-29",
        "gender": "Female",
        "postcode": "ZZ1 1ZZ",
        "address_line_1": "1 Example Row",
        "town": "Exampleton",
    }


def test_missing_values_are_empty_strings_and_no_identifier_key_is_added():
    record = match_record(
        record_id="external:7",
        given_name="Tamsin",
        surname="Quillfeather",
        middle_names=None,
        date_of_birth=None,
        gender=None,
        postcode=None,
    )
    assert set(record) == set(FULL) - {"identifier"}
    assert record["middle_names"] == record["date_of_birth"] == record["postcode"] == ""
    assert record["gender"] == record["address_line_1"] == record["town"] == ""


def test_a_date_already_given_as_text_is_kept():
    record = match_record(record_id="x", given_name="A", surname="B", date_of_birth="2001-05-06")
    assert record["date_of_birth"] == "2001-05-06"


def test_an_empty_identifier_is_kept_so_the_model_sees_none_recorded():
    record = match_record(record_id="x", given_name="A", surname="B", identifier="")
    assert set(record) == set(FULL)
    assert record["identifier"] == ""
