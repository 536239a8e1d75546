"""Imports over the API: upload, status and errors, as on the import pages."""

import base64
import csv

import pytest
from openpyxl import Workbook

from apps.referrals.choices import ImportStatus
from apps.referrals.models import Referral, ReferralImport
from apps.referrals.tests.factories import referral_row

pytestmark = pytest.mark.django_db

COLUMNS = list(referral_row())


def csv_file(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def upload(client, path, **extra):
    body = {"file_name": path.name, "content": path.read_text(encoding="utf-8"), **extra}
    return client.post("/api/v1/imports/", body, content_type="application/json")


@pytest.fixture
def officer(client, gateway_officer):
    client.force_login(gateway_officer)
    return client


def test_an_upload_is_imported_and_its_status_lists_the_referrals_created(
    officer, tmp_path, django_capture_on_commit_callbacks
):
    rows = [referral_row(source_reference=f"SYN-API-{n}") for n in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(officer, csv_file(tmp_path / "two.csv", rows))
    assert response.status_code == 202
    batch_id = response.json()["id"]
    status = officer.get(f"/api/v1/imports/{batch_id}/")
    assert status.status_code == 200
    body = status.json()
    assert (body["status"], body["created_count"], body["finished"]) == (
        ImportStatus.SUCCEEDED,
        2,
        True,
    )
    created = set(Referral.objects.values_list("reference", flat=True))
    assert set(body["created_referrals"]) == created
    listed = officer.get("/api/v1/imports/").json()["results"]
    assert [row["id"] for row in listed] == [batch_id]


def test_a_file_with_a_bad_row_lists_every_error_by_row_and_column(
    officer, tmp_path, django_capture_on_commit_callbacks
):
    rows = [referral_row(source_reference="SYN-API-9", date_received="not a date")]
    with django_capture_on_commit_callbacks(execute=True):
        batch_id = upload(officer, csv_file(tmp_path / "bad.csv", rows)).json()["id"]
    body = officer.get(f"/api/v1/imports/{batch_id}/").json()
    assert (body["status"], body["error_count"]) == (ImportStatus.REJECTED, 1)
    errors = officer.get(f"/api/v1/imports/{batch_id}/errors/").json()
    assert errors["count"] == 1
    [error] = errors["results"]
    assert (error["row"], error["field"]) == (2, "date_received")
    assert not Referral.objects.exists()


def test_a_file_that_is_not_csv_or_xlsx_is_refused_naming_the_field(officer, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    response = upload(officer, path)
    assert (response.status_code, list(response.json())) == (400, ["file_name"])
    assert not ReferralImport.objects.exists()
    missing = officer.post(
        "/api/v1/imports/", {"file_name": "a.csv"}, content_type="application/json"
    )
    assert (missing.status_code, list(missing.json())) == (400, ["content"])
    garbled = officer.post(
        "/api/v1/imports/",
        {"file_name": "a.xlsx", "content_base64": "not base64!"},
        content_type="application/json",
    )
    assert (garbled.status_code, list(garbled.json())) == (400, ["content_base64"])


def test_an_xlsx_file_is_sent_in_base64(officer, tmp_path, django_capture_on_commit_callbacks):
    workbook = Workbook()
    row = referral_row(source_reference="SYN-API-X")
    workbook.active.append(COLUMNS)
    workbook.active.append([row[column] for column in COLUMNS])
    path = tmp_path / "rows.xlsx"
    workbook.save(path)
    encoded = base64.b64encode(path.read_bytes()).decode()
    body = {"file_name": "rows.xlsx", "content_base64": encoded}
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post("/api/v1/imports/", body, content_type="application/json")
    assert response.status_code == 202
    status = officer.get(f"/api/v1/imports/{response.json()['id']}/").json()
    assert (status["status"], status["created_count"]) == (ImportStatus.SUCCEEDED, 1)


def test_someone_elses_import_is_a_404(client, officer, tmp_path, supervisor):
    batch_id = upload(officer, csv_file(tmp_path / "one.csv", [referral_row()])).json()["id"]
    client.force_login(supervisor)
    assert client.get(f"/api/v1/imports/{batch_id}/").status_code == 404
    assert client.get(f"/api/v1/imports/{batch_id}/errors/").status_code == 404
    assert client.get("/api/v1/imports/").json()["results"] == []


def test_a_role_that_may_not_add_referrals_gets_403(client, data_protection_officer, tmp_path):
    client.force_login(data_protection_officer)
    assert client.get("/api/v1/imports/").status_code == 403
    assert upload(client, csv_file(tmp_path / "one.csv", [referral_row()])).status_code == 403
