import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.matching import deconfliction
from apps.matching.models import ExternalNominal

pytestmark = pytest.mark.django_db

COLUMNS = ["source_id", "given_name", "middle_names", "surname", "date_of_birth", "gender"]
COLUMNS += ["postcode", "address_line_1", "town"]


def write(path, rows):
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def nominal(source_id="N1", **overrides):
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        source_id=source_id,
        given_name="Oliver",
        surname="Bennett",
        date_of_birth="2007-02-11",
        postcode="OX1 1AA",
        address_line_1="3 Mill Lane",
        town="Oxford",
    )
    row.update(overrides)
    return row


def test_import_replaces_the_source_and_is_found_by_deconfliction(tmp_path, gateway_officer):
    call_command("import_nominals", str(write(tmp_path / "a.csv", [nominal()])), source="RMS")
    call_command(
        "import_nominals",
        str(write(tmp_path / "b.csv", [nominal(), nominal("N2", given_name="Ella")])),
        source="RMS",
    )
    assert ExternalNominal.objects.count() == 2
    record = {
        "record_id": "q",
        "given_name": "Olly",
        "surname": "Bennett",
        "date_of_birth": datetime.date(2007, 2, 11).isoformat(),
        "postcode": "OX1 1AA",
        "address_line_1": "3 Mill Lane",
        "town": "Oxford",
    }
    found = deconfliction.external_candidates(user=gateway_officer, record=record)
    assert found[0].reference == "RMS:N1"


def test_a_bad_row_changes_nothing(tmp_path):
    call_command("import_nominals", str(write(tmp_path / "a.csv", [nominal()])), source="RMS")
    bad = [nominal("N9"), nominal("N10", date_of_birth="11/02/2007"), nominal("N11", surname="")]
    with pytest.raises(CommandError, match="2 problem"):
        call_command("import_nominals", str(write(tmp_path / "b.csv", bad)), source="RMS")
    assert list(ExternalNominal.objects.values_list("source_id", flat=True)) == ["N1"]


def test_analysts_never_see_external_candidates(tmp_path, analyst):
    call_command("import_nominals", str(write(tmp_path / "a.csv", [nominal()])), source="RMS")
    record = {"record_id": "q", "given_name": "Oliver", "surname": "Bennett"}
    assert deconfliction.external_candidates(user=analyst, record=record) == []


def test_an_impossible_date_imports_nothing_by_default(tmp_path):
    rows = [nominal("N1"), nominal("N2", date_of_birth="1974-02-29")]
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_nominals", str(write(tmp_path / "a.csv", rows)), source="RMS")
    assert not ExternalNominal.objects.exists()


def test_invalid_dates_as_missing_imports_the_row_keeps_the_value_and_lists_it(tmp_path):
    rows = [nominal("N1"), nominal("N2", date_of_birth="1974-02-29", given_name="Ella")]
    out = io.StringIO()

    call_command(
        "import_nominals",
        str(write(tmp_path / "a.csv", rows)),
        source="RMS",
        invalid_dates_as_missing=True,
        stdout=out,
    )

    imported = ExternalNominal.objects.get(source_id="N2")
    assert imported.date_of_birth is None
    assert imported.date_of_birth_as_given == "1974-02-29"
    assert ExternalNominal.objects.get(source_id="N1").date_of_birth_as_given == ""
    assert "Row 3 (source_id N2): date_of_birth '1974-02-29' is not a real date" in out.getvalue()


def test_invalid_dates_as_missing_still_refuses_other_problems(tmp_path):
    rows = [nominal("N1", date_of_birth="1974-02-29"), nominal("N2", surname="")]
    with pytest.raises(CommandError, match="1 problem"):
        call_command(
            "import_nominals",
            str(write(tmp_path / "a.csv", rows)),
            source="RMS",
            invalid_dates_as_missing=True,
        )
    assert not ExternalNominal.objects.exists()
