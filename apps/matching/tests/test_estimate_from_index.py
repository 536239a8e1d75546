import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def test_model_is_re_estimated_from_the_person_index(tmp_path, gateway_officer, team):
    call_command(
        "generate_synthetic",
        people=1500,
        team=team.name,
        user=gateway_officer.username,
        verbosity=0,
    )
    output = tmp_path / "model.json"
    call_command("estimate_matching_model", from_index=True, output=str(output), verbosity=0)
    model = json.loads(output.read_text())
    assert {c["output_column_name"] for c in model["comparisons"]} >= {"given_name", "surname"}


def test_too_small_an_index_is_refused(tmp_path, gateway_officer):
    with pytest.raises(CommandError, match="too few"):
        call_command("estimate_matching_model", from_index=True, output=str(tmp_path / "m.json"))
