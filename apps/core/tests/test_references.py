"""Human references: one series per prefix and year, never shared."""

import pytest
from django.utils import timezone

from apps.core.references import next_reference, next_references

pytestmark = pytest.mark.django_db


def test_a_block_of_references_follows_on_from_single_ones():
    year = timezone.localdate().year
    assert next_reference("ZZ") == f"ZZ-{year}-00001"
    assert next_references("ZZ", 3) == [f"ZZ-{year}-0000{n}" for n in (2, 3, 4)]
    assert next_reference("ZZ") == f"ZZ-{year}-00005"


def test_the_first_block_of_a_series_starts_at_one():
    year = timezone.localdate().year
    assert next_references("ZY", 2) == [f"ZY-{year}-00001", f"ZY-{year}-00002"]
    assert next_references("ZY", 0) == []
