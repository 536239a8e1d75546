"""Audit a data protection officer can use (issue 9, item 8).

The data protection officer sees the history of any record, without its content, and
finds it by part of a person's or referral's reference or part of a user's name; the
page's dates are GOV.UK date inputs and a reversed range is an error.
"""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.audit.tests.traces import traced_referral
from apps.core import audit
from apps.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

PAGE = "audit:event_list"
NOTE = "Synthetic operation reference ROWAN-3"


@pytest.fixture
def elsewhere(other_team, outsider):
    """A person in another team, viewed there with a reason."""
    person = PersonFactory(team=other_team, given_name="Imogen", family_name="Thackeray")
    audit.record_view(user=outsider, subject=person, justification="Checking an address")
    return person


def history_url(record) -> str:
    content_type = ContentType.objects.get_for_model(record)
    return reverse("audit:record_history", args=[content_type.pk, record.pk])


def listed(response) -> list[AuditEvent]:
    """The events on the page (the search page's rows are table rows)."""
    return [getattr(row, "record", row) for row in response.context["page"].object_list]


def test_data_protection_officer_sees_any_records_history_without_its_content(
    client, data_protection_officer, elsewhere
):
    client.force_login(data_protection_officer)
    response = client.get(history_url(elsewhere))
    assert response.status_code == 200
    page = response.content.decode()
    assert elsewhere.reference in page
    assert "Thackeray" not in page
    assert "Imogen" not in page
    assert 'data-testid="by-reference-only"' in page
    assert "outsider" in page
    assert "Checking an address" in page
    # Back to the record's events in the search, not to a record page they may not open.
    assert f"?record={elsewhere.reference}" in page


def test_data_protection_officer_sees_a_restricted_records_history_without_reasons(
    client, data_protection_officer, team, gateway_officer, sio, make_user
):
    traced = traced_referral(
        team=team,
        officer=gateway_officer,
        sio=sio,
        supervisor=make_user("supervisor", username="named.supervisor"),
        note=NOTE,
    )
    client.force_login(data_protection_officer)
    response = client.get(history_url(traced))
    assert response.status_code == 200
    page = response.content.decode()
    assert traced.reference in page
    assert NOTE not in page
    assert "Not shown (restricted record)" in page
    assert all(event.justification == "" for event in listed(response))


def test_reading_a_records_history_is_recorded_against_the_record(
    client, data_protection_officer, elsewhere
):
    client.force_login(data_protection_officer)
    client.get(history_url(elsewhere))
    event = AuditEvent.objects.get(actor=data_protection_officer, action=AuditAction.VIEW)
    assert event.object_reference == elsewhere.reference
    assert event.detail == {"what": "record history"}


def test_a_record_that_does_not_exist_has_no_history(client, data_protection_officer):
    client.force_login(data_protection_officer)
    content_type = ContentType.objects.get_for_model(PersonFactory._meta.model)
    missing = reverse(
        "audit:record_history", args=[content_type.pk, "00000000-0000-0000-0000-000000000000"]
    )
    assert client.get(missing).status_code == 404
    not_an_id = reverse("audit:record_history", args=[content_type.pk, "not-an-id"])
    assert client.get(not_an_id).status_code == 404
    user_type = ContentType.objects.get_for_model(data_protection_officer)
    a_user = reverse("audit:record_history", args=[user_type.pk, data_protection_officer.pk])
    assert client.get(a_user).status_code == 404


def test_a_supervisor_still_gets_404_for_another_teams_record(client, supervisor, elsewhere):
    client.force_login(supervisor)
    assert client.get(history_url(elsewhere)).status_code == 404


def test_a_role_without_record_history_gets_403(client, gateway_officer, person):
    client.force_login(gateway_officer)
    assert client.get(history_url(person)).status_code == 403


def test_part_of_a_reference_finds_the_records_events(client, data_protection_officer, elsewhere):
    client.force_login(data_protection_officer)
    number = elsewhere.reference.rsplit("-", 1)[1]
    for typed in (number, elsewhere.reference[:-1], elsewhere.reference.lower()):
        response = client.get(reverse(PAGE), {"record": typed})
        assert elsewhere.reference in {event.object_reference for event in listed(response)}


def test_part_of_a_users_name_finds_their_events(
    client, data_protection_officer, make_user, person
):
    officer = make_user(
        "gateway_officer", username="r.okonkwo", first_name="Rita", last_name="Okonkwo"
    )
    audit.record_view(user=officer, subject=person)
    client.force_login(data_protection_officer)
    for typed in ("okonk", "RITA", "r.oko"):
        response = client.get(reverse(PAGE), {"username": typed})
        assert {event.actor_username for event in listed(response)} == {"r.okonkwo"}


def test_the_search_links_each_record_to_its_history(client, data_protection_officer, elsewhere):
    client.force_login(data_protection_officer)
    page = client.get(reverse(PAGE), {"record": elsewhere.reference}).content.decode()
    assert f'href="{history_url(elsewhere)}"' in page


def test_dates_are_entered_as_day_month_and_year_and_recorded_as_typed(
    client, data_protection_officer, elsewhere
):
    client.force_login(data_protection_officer)
    response = client.get(
        reverse(PAGE),
        {
            "date_from_0": "1",
            "date_from_1": "1",
            "date_from_2": "2000",
            "date_to_0": "31",
            "date_to_1": "12",
            "date_to_2": "2000",
        },
    )
    page = response.content.decode()
    assert 'class="govuk-date-input"' in page
    assert "<legend" in page
    assert response.context["page"].paginator.count == 0
    search = AuditEvent.objects.get(actor=data_protection_officer, action=AuditAction.SEARCH)
    assert search.detail["terms"] == {"date_from": "1/1/2000", "date_to": "31/12/2000"}


def test_a_reversed_date_range_is_an_error_not_an_empty_result(
    client, data_protection_officer, elsewhere
):
    client.force_login(data_protection_officer)
    response = client.get(
        reverse(PAGE),
        {
            "date_from_0": "20",
            "date_from_1": "11",
            "date_from_2": "2026",
            "date_to_0": "1",
            "date_to_1": "11",
            "date_to_2": "2026",
        },
    )
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Date to must be the same as or after date from" in page
    assert response.context["shown"] is False
    assert "0 events" not in page


def test_the_boxes_to_correct_are_marked(client, data_protection_officer):
    client.force_login(data_protection_officer)
    missing_month = {"date_from_0": "20", "date_from_1": "", "date_from_2": "2026"}
    page = client.get(reverse(PAGE), missing_month).content.decode()
    marked = re.findall(r"<input[^>]*govuk-input--error[^>]*>", page)
    assert len(marked) == 1
    assert 'name="date_from_1"' in marked[0]
    page = client.get(reverse(PAGE), {"date_from": "2026-13-45"}).content.decode()
    marked = re.findall(r"<input[^>]*govuk-input--error[^>]*>", page)
    assert [re.search(r'name="(\w+)"', box).group(1) for box in marked] == [
        "date_from_0",
        "date_from_1",
        "date_from_2",
    ]
