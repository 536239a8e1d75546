"""Bulk import: all-or-nothing, every error by row and field, idempotent on source reference."""

import csv

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from apps.core.tests.forms import post_with_token
from apps.referrals.models import Referral, ReferralImport
from apps.referrals.tests.factories import referral_row

pytestmark = pytest.mark.django_db

COLUMNS = list(referral_row())


def write_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_xlsx(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([row[column] for column in COLUMNS])
    workbook.save(path)
    return path


def good_rows(count=3):
    return [referral_row(source_reference=f"SYN-2026-{n:06d}") for n in range(count)]


def run_command(path, team, user):
    call_command("import_referrals", str(path), team=team.name, user=user.username, verbosity=0)


@pytest.mark.smoke
def test_csv_imports_every_row(tmp_path, team, gateway_officer):
    run_command(write_csv(tmp_path / "batch.csv", good_rows()), team, gateway_officer)
    assert Referral.objects.count() == 3


def test_xlsx_imports_every_row(tmp_path, team, gateway_officer):
    run_command(write_xlsx(tmp_path / "batch.xlsx", good_rows()), team, gateway_officer)
    assert Referral.objects.count() == 3


def test_importing_the_same_file_twice_creates_nothing_new(tmp_path, team, gateway_officer):
    path = write_csv(tmp_path / "batch.csv", good_rows())
    run_command(path, team, gateway_officer)
    run_command(path, team, gateway_officer)
    assert Referral.objects.count() == 3
    assert ReferralImport.objects.order_by("created_at").last().skipped_count == 3


def test_one_bad_row_stores_nothing_and_names_row_and_field(tmp_path, team, gateway_officer):
    rows = good_rows()
    rows[1]["postcode"] = "NOT A POSTCODE"
    rows[2]["sector"] = "Astrology"
    with pytest.raises(CommandError, match="Nothing imported: 2 problem"):
        run_command(write_csv(tmp_path / "batch.csv", rows), team, gateway_officer)
    assert not Referral.objects.exists()
    errors = ReferralImport.objects.get().errors
    assert {
        "row": 3,
        "field": "postcode",
        "message": "Enter a real UK postcode, like RG1 1AA",
    } in errors
    assert any(error["row"] == 4 and error["field"] == "sector" for error in errors)


def test_a_repeated_source_reference_within_the_file_is_an_error(tmp_path, team, gateway_officer):
    rows = good_rows(2)
    rows[1]["source_reference"] = rows[0]["source_reference"]
    with pytest.raises(CommandError):
        run_command(write_csv(tmp_path / "batch.csv", rows), team, gateway_officer)
    assert "Same source reference as row 2" in ReferralImport.objects.get().errors[0]["message"]


def test_a_file_without_headers_is_rejected(tmp_path, team, gateway_officer):
    path = tmp_path / "batch.csv"
    path.write_text("just,some,values\n1,2,3\n")
    with pytest.raises(CommandError):
        run_command(path, team, gateway_officer)
    assert "column names" in ReferralImport.objects.get().errors[0]["message"]


def test_upload_page_runs_the_import_and_shows_progress(
    client, tmp_path, gateway_officer, django_capture_on_commit_callbacks
):
    path = write_csv(tmp_path / "batch.csv", good_rows())
    client.force_login(gateway_officer)
    with path.open("rb") as handle, django_capture_on_commit_callbacks(execute=True):
        response = post_with_token(client, reverse("referrals:import_create"), {"file": handle})
    batch = ReferralImport.objects.get()
    assert response.url == reverse("referrals:import_detail", args=[batch.pk])
    page = client.get(response.url).content.decode()
    assert "Import complete" in page
    assert Referral.objects.count() == 3


def test_upload_page_lists_rejected_rows(
    client, tmp_path, gateway_officer, django_capture_on_commit_callbacks
):
    rows = good_rows()
    rows[0]["date_received"] = "not a date"
    path = write_csv(tmp_path / "batch.csv", rows)
    client.force_login(gateway_officer)
    with path.open("rb") as handle, django_capture_on_commit_callbacks(execute=True):
        response = post_with_token(client, reverse("referrals:import_create"), {"file": handle})
    page = client.get(response.url).content.decode()
    assert "Nothing was imported" in page
    assert "date_received" in page
    assert not Referral.objects.exists()


def test_upload_refuses_other_file_types(client, tmp_path, gateway_officer):
    path = tmp_path / "batch.exe"
    path.write_bytes(b"MZ")
    client.force_login(gateway_officer)
    with path.open("rb") as handle:
        response = post_with_token(client, reverse("referrals:import_create"), {"file": handle})
    assert "must be a CSV or XLSX file" in response.content.decode()


def test_someone_elses_import_is_404(client, tmp_path, gateway_officer, supervisor):
    run_command(
        write_csv(tmp_path / "batch.csv", good_rows(1)), gateway_officer.team, gateway_officer
    )
    client.force_login(supervisor)
    batch = ReferralImport.objects.get()
    assert client.get(reverse("referrals:import_detail", args=[batch.pk])).status_code == 404


def test_a_blank_or_missing_gender_is_imported_as_not_recorded(tmp_path, team, gateway_officer):
    rows = good_rows(2)
    rows[0]["gender"] = ""
    path = tmp_path / "batch.csv"
    columns = [column for column in COLUMNS if column != "gender"]
    write_csv(path, rows)
    run_command(path, team, gateway_officer)
    without = tmp_path / "without.csv"
    with without.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerow(referral_row(source_reference="SYN-2026-999999"))
    run_command(without, team, gateway_officer)
    genders = dict(Referral.objects.values_list("source_reference", "subject_gender"))
    assert genders == {
        "SYN-2026-000000": "not_recorded",
        "SYN-2026-000001": "male",
        "SYN-2026-999999": "not_recorded",
    }


def test_a_cell_over_the_csv_module_limit_is_a_row_error_not_a_crash(
    tmp_path, team, gateway_officer
):
    rows = good_rows(2)
    rows[1]["concern"] = "x" * 250_000
    with pytest.raises(CommandError, match="Nothing imported: 1 problem"):
        run_command(write_csv(tmp_path / "batch.csv", rows), team, gateway_officer)
    batch = ReferralImport.objects.get()
    assert batch.status == "rejected"
    [error] = batch.errors
    assert (error["row"], error["field"]) == (3, "concern")
    assert "at most" in error["message"]
    assert not Referral.objects.exists()


def test_a_long_cell_within_the_field_limit_imports(tmp_path, team, gateway_officer):
    rows = good_rows(1)
    rows[0]["concern"] = "word " * 27_000  # over csv's default 131,072 characters
    run_command(write_csv(tmp_path / "batch.csv", rows), team, gateway_officer)
    assert len(Referral.objects.get().concern) > 131_072


def test_a_nul_character_in_a_cell_is_a_row_error(tmp_path, team, gateway_officer):
    rows = good_rows(1)
    rows[0]["concern"] = "bad\x00cell"
    with pytest.raises(CommandError):
        run_command(write_csv(tmp_path / "batch.csv", rows), team, gateway_officer)
    [error] = ReferralImport.objects.get().errors
    assert (error["row"], error["field"]) == (2, "concern")


def test_a_model_check_on_a_row_is_reported_by_its_column(
    tmp_path, team, gateway_officer, monkeypatch
):

    def refuse_gender(self):
        raise ValidationError({"subject_gender": "Synthetic model-level refusal"})

    monkeypatch.setattr(Referral, "clean", refuse_gender)
    with pytest.raises(CommandError):
        run_command(write_csv(tmp_path / "batch.csv", good_rows(1)), team, gateway_officer)
    [error] = ReferralImport.objects.get().errors
    assert (error["row"], error["field"]) == (2, "gender")
