"""The record the matching model compares, one shape whatever it describes.

A person in the index, a referral's subject, an external nominal and a generated row
are each described with `match_record`, so every source gives the model the same keys.
"""

import datetime


def match_record(
    *,
    record_id: str,
    given_name: str,
    surname: str,
    middle_names: str | None = "",
    date_of_birth: datetime.date | str | None = None,
    gender: str | None = "",
    postcode: str | None = "",
    address_line_1: str | None = "",
    town: str | None = "",
    identifier: str | None = None,
) -> dict:
    """Blanks are empty strings and a date is ISO; `identifier` is left out when not given."""
    record = {
        "record_id": record_id,
        "given_name": given_name,
        "middle_names": middle_names or "",
        "surname": surname,
        "date_of_birth": _iso(date_of_birth),
        "gender": gender or "",
        "postcode": postcode or "",
        "address_line_1": address_line_1 or "",
        "town": town or "",
    }
    if identifier is not None:
        record["identifier"] = identifier
    return record


def _iso(value: datetime.date | str | None) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value or ""
