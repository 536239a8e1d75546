"""The shared list page (core.lists.ObjectListView), exercised through the referral list."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.referrals.tests.factories import ReceivedReferralFactory

pytestmark = pytest.mark.django_db

URL = reverse("referrals:referral_list")


def listed(response) -> list:
    return [row.record for row in response.context["table"].paginated_rows]


@pytest.fixture
def hidden(team, sio):
    """A restricted referral in the team, on the SIO's access list only."""
    referral = ReceivedReferralFactory(
        team=team, is_restricted=True, subject_family_name="Zzhiddenfamily"
    )
    referral.access_list.set([sio])
    return referral


def test_every_record_has_a_page_beyond_two_hundred(client, gateway_officer, team):
    ReceivedReferralFactory.create_batch(205, team=team)
    client.force_login(gateway_officer)
    first = client.get(URL)
    last = client.get(URL, {"page": 5})
    assert first.context["table"].paginator.count == 205
    assert len(listed(first)) == 50
    assert len(listed(last)) == 5
    assert "205 referrals" in first.content.decode()
    assert 'aria-label="Page 5"' in first.content.decode()


def test_a_page_past_the_end_shows_the_last_page(client, gateway_officer, team):
    ReceivedReferralFactory.create_batch(3, team=team)
    client.force_login(gateway_officer)
    assert len(listed(client.get(URL, {"page": 9}))) == 3
    assert len(listed(client.get(URL, {"page": "x"}))) == 3


def test_a_declared_column_sorts_both_ways_and_says_so(client, gateway_officer, team):
    early = ReceivedReferralFactory(team=team, date_received=datetime.date(2026, 1, 5))
    late = ReceivedReferralFactory(team=team, date_received=datetime.date(2026, 6, 5))
    client.force_login(gateway_officer)
    ascending = client.get(URL, {"sort": "date_received"})
    descending = client.get(URL, {"sort": "-date_received"})
    assert listed(ascending) == [early, late]
    assert listed(descending) == [late, early]
    assert 'aria-sort="descending"' in descending.content.decode()


def test_an_undeclared_sort_is_ignored(client, gateway_officer, team):
    ReceivedReferralFactory(team=team)
    client.force_login(gateway_officer)
    response = client.get(URL, {"sort": "subject_date_of_birth"})
    assert response.status_code == 200
    assert len(listed(response)) == 1


def test_a_filter_narrows_the_list_and_keeps_the_sort_in_page_links(client, gateway_officer, team):
    wanted = ReceivedReferralFactory(team=team, subject_family_name="Quillfeather")
    ReceivedReferralFactory(team=team, subject_family_name="Ashbury")
    client.force_login(gateway_officer)
    response = client.get(URL, {"q": "quillfeather", "sort": "reference"})
    assert listed(response) == [wanted]
    assert response.context["query"] == "q=quillfeather&sort=reference"


def test_an_invalid_filter_shows_an_error_summary_and_no_rows(client, gateway_officer, team):
    ReceivedReferralFactory(team=team)
    client.force_login(gateway_officer)
    response = client.get(URL, {"received_from": "2026-13-45"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Enter a real date" in page
    assert 'href="#id_received_from"' in page
    assert "<title>Error: " in page
    assert "referral-table" not in page
    assert not AuditEvent.objects.filter(action=AuditAction.SEARCH).exists()


def test_listing_leaves_one_search_event_with_the_references_on_the_page(
    client, gateway_officer, team
):
    shown = ReceivedReferralFactory.create_batch(2, team=team, subject_family_name="Pellow")
    client.force_login(gateway_officer)
    client.get(URL, {"q": "Pellow"}, HTTP_X_REQUEST_ID="list-request-0001")
    event = AuditEvent.objects.get(action=AuditAction.SEARCH)
    assert event.request_id == "list-request-0001"
    assert event.detail["terms"] == {"q": "Pellow"}
    assert event.detail["result_count"] == 2
    assert sorted(event.detail["references"]) == sorted(r.reference for r in shown)
    assert "Pellow" not in str(event.detail["references"])
    assert AuditEvent.objects.filter(request_id="list-request-0001").count() == 1


def test_csv_export_holds_every_filtered_row_and_is_one_audited_export(
    client, gateway_officer, team
):
    wanted = ReceivedReferralFactory.create_batch(3, team=team, subject_family_name="Trevanion")
    ReceivedReferralFactory(team=team, subject_family_name="Ashbury")
    client.force_login(gateway_officer)
    response = client.get(
        URL, {"q": "Trevanion", "export": "csv"}, HTTP_X_REQUEST_ID="export-request-0001"
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert sorted(row["Reference"] for row in rows) == sorted(r.reference for r in wanted)
    assert {row["Gateway target"] for row in rows} != {""}
    events = AuditEvent.objects.filter(request_id="export-request-0001")
    assert events.count() == 1
    export = events.get()
    assert export.action == AuditAction.EXPORT
    assert export.detail["terms"] == {"q": "Trevanion"}
    assert export.detail["result_count"] == 3
    assert export.detail["format"] == "csv"


def test_xlsx_export_opens_in_openpyxl_with_the_expected_rows(client, gateway_officer, team):
    ReceivedReferralFactory.create_batch(2, team=team)
    client.force_login(gateway_officer)
    response = client.get(URL, {"export": "xlsx"}, HTTP_X_REQUEST_ID="export-request-0002")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Reference", "Person")
    assert len(rows) == 3
    export = AuditEvent.objects.get(request_id="export-request-0002")
    assert export.action == AuditAction.EXPORT
    assert export.detail["result_count"] == 2


def test_an_export_neutralises_cells_a_spreadsheet_would_run(client, gateway_officer, team):
    ReceivedReferralFactory(team=team, subject_given_name="=HYPERLINK(1)")
    client.force_login(gateway_officer)
    response = client.get(URL, {"export": "csv"})
    row = next(csv.DictReader(io.StringIO(response.content.decode())))
    assert row["Person"].startswith("'=")


def test_an_unknown_export_format_is_refused(client, gateway_officer, team):
    ReceivedReferralFactory(team=team)
    client.force_login(gateway_officer)
    assert client.get(URL, {"export": "pdf"}).status_code == 400
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_restricted_record_is_absent_from_list_count_and_export(
    client, gateway_officer, team, hidden
):
    ReceivedReferralFactory(team=team)
    client.force_login(gateway_officer)
    listing = client.get(URL)
    exported = client.get(URL, {"export": "csv"}).content.decode()
    searched = client.get(URL, {"q": "Zzhiddenfamily"})
    assert hidden not in listed(listing)
    assert listing.context["table"].paginator.count == 1
    assert hidden.reference not in exported
    assert "Zzhiddenfamily" not in exported
    assert "No referrals match your search" in searched.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).get().detail["result_count"] == 1


def test_a_restricted_record_is_listed_for_its_access_list(client, sio, hidden):
    client.force_login(sio)
    assert hidden in listed(client.get(URL))


def test_anonymous_users_are_sent_to_sign_in(client):
    for query in ({}, {"export": "csv"}):
        response = client.get(URL, query)
        assert response.status_code == 302
        assert reverse("accounts:login") in response.url
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_user_without_the_capability_is_refused(client, panel_member):
    client.force_login(panel_member)
    assert client.get(URL).status_code == 403


def test_only_the_first_sort_key_is_announced_and_a_header_sorts_ascending_first(
    client, gateway_officer, team
):
    ReceivedReferralFactory(team=team)
    client.force_login(gateway_officer)
    page = client.get(URL).content.decode()
    assert page.count('aria-sort="ascending"') == 1
    # The queue is sorted by urgency first (urgent referrals on top), then by target.
    assert 'aria-sort="ascending"><a class="govuk-link app-sort-link" href="?sort=-urgent"' in page
    assert 'href="?sort=reference"' in page


def test_the_queue_keeps_overdue_first_whatever_the_reference(client, gateway_officer, team):
    soon = ReceivedReferralFactory(team=team, due_date=datetime.date(2099, 1, 6))
    late = ReceivedReferralFactory(team=team, due_date=datetime.date(2020, 1, 6))
    client.force_login(gateway_officer)
    assert listed(client.get(URL)) == [late, soon]
