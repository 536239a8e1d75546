"""Every audit search is recorded, and a filter that cannot be applied is refused, not ignored.

Issue 7, item 10: unfiltered searches left no event, and `date_from=2026-13-45`
or `action=zzz` were dropped silently, so the results showed more than was asked.
"""

import pytest
from django.urls import reverse

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.core import audit

pytestmark = pytest.mark.django_db

API = "/api/v1/audit/events/"
PAGE = "audit:event_list"

INVALID = [
    ({"date_from": "2026-13-45"}, "date_from", "The ‘From’ date must be a real date"),
    ({"date_to": "yesterday"}, "date_to", "The ‘To’ date must be a real date"),
    ({"action": "zzz"}, "action", "Choose an action from the list (zzz is not one)"),
    (
        {"date_from": "2026-11-20", "date_to": "2026-11-01"},
        "date_to",
        "The ‘To’ date must be the same as or after the ‘From’ date",
    ),
]


# The page takes GOV.UK date inputs (day, month, year), and one ISO value from a link.
PAGE_INVALID = [
    ({"date_from": "2026-13-45"}, "date_from_0", "Date from must be a real date"),
    ({"date_to": "yesterday"}, "date_to_0", "Date to must be a real date"),
    (
        {"date_from_0": "31", "date_from_1": "2", "date_from_2": "2026"},
        "date_from_0",
        "Date from must be a real date",
    ),
    (
        {"date_from_0": "20", "date_from_1": "", "date_from_2": "2026"},
        "date_from_1",
        "Date from must include a month",
    ),
    ({"action": "zzz"}, "action", "Choose an action from the list (zzz is not one)"),
    (
        {
            "date_from_0": "20",
            "date_from_1": "11",
            "date_from_2": "2026",
            "date_to_0": "1",
            "date_to_1": "11",
            "date_to_2": "2026",
        },
        "date_to_0",
        "Date to must be the same as or after date from",
    ),
]


@pytest.fixture
def history(gateway_officer, person):
    audit.record_view(user=gateway_officer, subject=person)


def searches_by(user):
    return AuditEvent.objects.filter(action=AuditAction.SEARCH, actor=user)


@pytest.mark.parametrize(("params", "field", "message"), PAGE_INVALID)
def test_page_refuses_an_invalid_filter_with_an_error_summary(
    client, supervisor, history, params, field, message
):
    client.force_login(supervisor)
    response = client.get(reverse(PAGE), params)
    content = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in content
    assert f'<a href="#id_{field}">{message}' in content
    assert response.context["shown"] is False
    assert "Correct the filters to search." in content


@pytest.mark.parametrize(("params", "field", "message"), INVALID)
def test_api_refuses_an_invalid_filter_with_400_and_field_errors(
    client, supervisor, history, params, field, message
):
    client.force_login(supervisor)
    response = client.get(API, params)
    assert response.status_code == 400
    assert response.json()[field][0].startswith(message)


@pytest.mark.parametrize("where", ["page", "api"])
def test_a_refused_search_is_audited_with_the_terms_typed(client, supervisor, history, where):
    client.force_login(supervisor)
    client.get(API if where == "api" else reverse(PAGE), {"date_from": "2026-13-45"})
    search = searches_by(supervisor).get()
    assert search.detail["terms"] == {"date_from": "2026-13-45"}
    assert search.detail["result_count"] == 0
    assert "date_from" in search.detail["refused"]


@pytest.mark.parametrize("where", ["page", "api"])
def test_an_unfiltered_search_is_audited(client, supervisor, history, where):
    client.force_login(supervisor)
    client.get(API if where == "api" else reverse(PAGE))
    search = searches_by(supervisor).get()
    assert search.detail["scope"] == "audit"
    assert search.detail["terms"] == {}
    assert search.detail["result_count"] >= 1


def test_a_valid_date_range_still_filters(client, supervisor, history):
    client.force_login(supervisor)
    response = client.get(API, {"date_from": "2000-01-01", "date_to": "2000-12-31"})
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_a_one_day_range_is_allowed(client, supervisor, history):
    client.force_login(supervisor)
    response = client.get(API, {"date_from": "2026-11-20", "date_to": "2026-11-20"})
    assert response.status_code == 200


def test_looking_up_one_event_is_audited(client, supervisor, history):
    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    client.force_login(supervisor)
    assert client.get(f"{API}{event.sequence}/").status_code == 200
    search = searches_by(supervisor).get()
    assert search.detail["terms"] == {"sequence": str(event.sequence)}


def test_an_event_number_beyond_the_range_is_not_found(client, supervisor):
    client.force_login(supervisor)
    assert client.get(f"{API}9223372036854775808/").status_code == 404
