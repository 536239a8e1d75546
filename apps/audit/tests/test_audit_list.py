"""The audit search on the shared list pattern: one search event per request, exports
recorded as exports, and restricted records shown by reference only in both."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.audit.tables import AuditEventTable
from apps.audit.tests.traces import traced_referral
from apps.core import audit

pytestmark = pytest.mark.django_db

PAGE = "audit:event_list"
NOTE = "Synthetic operation reference ROWAN-3"


@pytest.fixture
def traced(team, gateway_officer, make_user):
    """A referral restricted by a live-investigation trace, with a reason and an SIO named."""
    return traced_referral(
        team=team,
        officer=gateway_officer,
        sio=make_user("sio", username="sio.alder"),
        supervisor=make_user("supervisor", username="named.supervisor"),
        note=NOTE,
    )


def events_by(user, action):
    return AuditEvent.objects.filter(action=action, actor=user)


def test_the_audit_search_uses_the_audit_event_table(client, supervisor, gateway_officer, person):
    audit.record_view(user=gateway_officer, subject=person, justification="Safeguarding check")
    client.force_login(supervisor)
    response = client.get(reverse(PAGE), {"record": person.reference})
    assert isinstance(response.context["table"], AuditEventTable)
    assert response.context["page"].paginator.count == 1
    content = response.content.decode()
    assert person.reference in content
    assert "Reason: Safeguarding check" in content
    assert "1 event" in content


@pytest.mark.parametrize(
    "params",
    [{}, {"username": "gateway.officer"}, {"action": "zzz"}, {"sort": "-occurred_at"}],
    ids=["unfiltered", "filtered", "refused", "sorted"],
)
def test_each_audit_search_is_recorded_exactly_once_with_the_request_id(
    client, supervisor, gateway_officer, person, params
):
    audit.record_view(user=gateway_officer, subject=person)
    client.force_login(supervisor)
    response = client.get(reverse(PAGE), params)
    searches = events_by(supervisor, AuditAction.SEARCH)
    assert searches.count() == 1
    assert searches.get().request_id == response["X-Request-ID"]
    assert searches.get().detail["scope"] == "audit"


def test_a_refused_search_shows_the_error_summary_and_records_the_reasons(client, supervisor):
    client.force_login(supervisor)
    response = client.get(reverse(PAGE), {"date_from": "2026-11-20", "date_to": "2026-11-01"})
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "Correct the filters to search." in content
    search = events_by(supervisor, AuditAction.SEARCH).get()
    assert search.detail["refused"] == {
        "date_to": ["Date to must be the same as or after date from"]
    }


def test_a_csv_export_is_recorded_as_one_export_and_no_search(
    client, supervisor, gateway_officer, person
):
    audit.record_view(user=gateway_officer, subject=person, justification="Safeguarding check")
    client.force_login(supervisor)
    response = client.get(reverse(PAGE), {"record": person.reference, "export": "csv"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["Record"] for row in rows] == [person.reference]
    assert rows[0]["Reason given"] == "Safeguarding check"
    assert rows[0]["What"] == "Viewed"
    export = events_by(supervisor, AuditAction.EXPORT).get()
    assert export.detail["format"] == "csv"
    assert export.detail["scope"] == "audit"
    assert export.detail["terms"] == {"record": person.reference}
    assert export.detail["result_count"] == 1
    viewed = AuditEvent.objects.get(action=AuditAction.VIEW, object_id=str(person.pk))
    assert export.detail["references"] == [f"Audit event {viewed.sequence}"]
    assert export.request_id == response["X-Request-ID"]
    assert not events_by(supervisor, AuditAction.SEARCH).exists()


def test_the_data_protection_officers_csv_shows_restricted_records_by_reference_only(
    client, data_protection_officer, traced
):
    client.force_login(data_protection_officer)
    response = client.get(reverse(PAGE), {"record": traced.reference, "export": "csv"})
    content = response.content.decode()
    rows = list(csv.DictReader(io.StringIO(content)))
    assert len(rows) >= 2
    assert {row["Record"] for row in rows} == {traced.reference}
    assert {row["Restricted record (by reference only)"] for row in rows} == {"yes"}
    assert {row["Reason given"] for row in rows} == {""}
    assert {row["Detail"] for row in rows} == {""}
    assert {row["Changes"] for row in rows} == {""}
    assert NOTE not in content
    assert "sio.alder" not in content
    assert events_by(data_protection_officer, AuditAction.EXPORT).count() == 1


def test_the_data_protection_officers_xlsx_shows_restricted_records_by_reference_only(
    client, data_protection_officer, traced
):
    client.force_login(data_protection_officer)
    response = client.get(reverse(PAGE), {"record": traced.reference, "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row]
    assert traced.reference in cells
    assert not any(NOTE in cell or "sio.alder" in cell for cell in cells)
    export = events_by(data_protection_officer, AuditAction.EXPORT).get()
    assert export.detail["format"] == "xlsx"


def test_a_supervisor_off_the_access_list_exports_nothing_about_the_record(
    client, supervisor, traced
):
    client.force_login(supervisor)
    response = client.get(reverse(PAGE), {"record": traced.reference, "export": "csv"})
    content = response.content.decode()
    assert traced.reference not in content
    assert NOTE not in content


def test_roles_without_audit_search_cannot_export(client, gateway_officer, person):
    client.force_login(gateway_officer)
    response = client.get(reverse(PAGE), {"export": "csv"})
    assert response.status_code == 403
    assert not events_by(gateway_officer, AuditAction.EXPORT).exists()


def test_the_data_protection_officers_listing_counts_restricted_record_events(
    client, data_protection_officer, traced
):
    client.force_login(data_protection_officer)
    client.get(reverse(PAGE), {"record": traced.reference})
    search = events_by(data_protection_officer, AuditAction.SEARCH).get()
    assert search.detail["restricted_record_events"] >= 2
    assert search.detail["terms"] == {"record": traced.reference}
    assert all(name.startswith("Audit event ") for name in search.detail["references"])
