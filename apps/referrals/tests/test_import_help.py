"""The import page's guide and template files, and the result page's list of referrals."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.audit.models import AuditEvent
from apps.core.tests.forms import post_with_token
from apps.referrals.import_template import EXAMPLE_SOURCE_REFERENCE, import_columns
from apps.referrals.models import Referral, ReferralImport
from apps.referrals.tests.test_import import good_rows, write_csv
from apps.referrals.validation import ReferralDataForm

pytestmark = pytest.mark.django_db


def upload(client, path, django_capture_on_commit_callbacks):
    with path.open("rb") as handle, django_capture_on_commit_callbacks(execute=True):
        return post_with_token(client, reverse("referrals:import_create"), {"file": handle})


def test_the_import_page_has_a_guide_with_every_column_and_links_both_templates(
    client, gateway_officer
):
    client.force_login(gateway_officer)
    page = client.get(reverse("referrals:import_create")).content.decode()
    assert "How to import referrals" in page
    for name in ReferralDataForm.base_fields:
        assert f"<code>{name}</code>" in page
    assert reverse("referrals:import_template", args=["csv"]) in page
    assert reverse("referrals:import_template", args=["xlsx"]) in page


def test_the_csv_template_has_the_import_columns_in_order_and_one_example_row(
    client, gateway_officer
):
    client.force_login(gateway_officer)
    response = client.get(reverse("referrals:import_template", args=["csv"]))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert table[0] == [name for name, _, _ in import_columns()]
    assert table[0] == list(ReferralDataForm.base_fields)
    assert len(table) == 2
    assert table[1][0] == EXAMPLE_SOURCE_REFERENCE


def test_the_xlsx_template_has_the_same_columns(client, gateway_officer):
    client.force_login(gateway_officer)
    response = client.get(reverse("referrals:import_template", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(ReferralDataForm.base_fields)
    assert len(rows) == 2


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_downloaded_template_imports_cleanly_through_the_upload_page(
    client, tmp_path, gateway_officer, django_capture_on_commit_callbacks, file_format
):
    client.force_login(gateway_officer)
    content = client.get(reverse("referrals:import_template", args=[file_format])).content
    path = tmp_path / f"template.{file_format}"
    path.write_bytes(content)
    response = upload(client, path, django_capture_on_commit_callbacks)
    batch = ReferralImport.objects.get()
    assert batch.succeeded, batch.errors
    referral = Referral.objects.get()
    assert referral.source_reference == EXAMPLE_SOURCE_REFERENCE
    assert batch.created_referral_ids == [str(referral.pk)]
    page = client.get(response.url).content.decode()
    assert referral.reference in page


def test_a_template_download_needs_the_add_referral_capability_and_is_not_audited(
    client, analyst, gateway_officer
):
    client.force_login(analyst)
    assert client.get(reverse("referrals:import_template", args=["csv"])).status_code == 403
    client.force_login(gateway_officer)
    before = AuditEvent.objects.count()
    assert client.get(reverse("referrals:import_template", args=["csv"])).status_code == 200
    assert AuditEvent.objects.count() == before


def test_an_unknown_template_format_is_404(client, gateway_officer):
    client.force_login(gateway_officer)
    assert client.get(reverse("referrals:import_template", args=["pdf"])).status_code == 404


def test_the_result_page_links_every_referral_the_batch_created_and_the_way_back(
    client, tmp_path, gateway_officer, django_capture_on_commit_callbacks
):
    client.force_login(gateway_officer)
    response = upload(
        client, write_csv(tmp_path / "batch.csv", good_rows()), django_capture_on_commit_callbacks
    )
    page = client.get(response.url).content.decode()
    created = Referral.objects.order_by("reference")
    assert created.count() == 3
    assert set(ReferralImport.objects.get().created_referral_ids) == {str(r.pk) for r in created}
    for referral in created:
        assert reverse("referrals:referral_detail", args=[referral.pk]) in page
        assert referral.reference in page
    assert f'href="{reverse("referrals:referral_list")}"' in page
    assert "Back to the Gateway queue" in page


def test_a_rejected_batch_lists_no_referrals(
    client, tmp_path, gateway_officer, django_capture_on_commit_callbacks
):
    rows = good_rows()
    rows[0]["date_received"] = "not a date"
    client.force_login(gateway_officer)
    response = upload(
        client, write_csv(tmp_path / "batch.csv", rows), django_capture_on_commit_callbacks
    )
    assert ReferralImport.objects.get().created_referral_ids == []
    assert "Referrals created" not in client.get(response.url).content.decode()
