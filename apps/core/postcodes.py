"""UK postcodes as the service stores them: upper case, one space before the inward code."""

import re

from django import forms

POSTCODE_PATTERN = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")


def normalise_postcode(value: str) -> str:
    compact = re.sub(r"\s+", "", value or "").upper()
    match = POSTCODE_PATTERN.match(compact)
    if not match:
        raise forms.ValidationError("Enter a real UK postcode, like RG1 1AA")
    return f"{match.group(1)} {match.group(2)}"
