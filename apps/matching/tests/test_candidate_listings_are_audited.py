"""Candidate lists show other people's names: each listing is a recorded consultation.

Found by the consultation walk (tests/test_consultation_walk.py): the person's duplicates
page recorded a view of the person only, not the candidates it showed.
"""

import datetime

import pytest
from django.urls import reverse

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.people import services as people_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def twins(team, gateway_officer):
    return [
        people_services.person_create(
            created_by=gateway_officer,
            team=team,
            given_name=given,
            family_name="Marchetti",
            date_of_birth=datetime.date(2009, 1, 5),
            address={"line_1": "3 Elm Row", "town": "Reading", "postcode": "RG1 1AA"},
        )
        for given in ("Luca", "Lucas")
    ]


def test_the_duplicates_page_records_one_search_naming_the_candidates_by_reference(
    client, gateway_officer, twins
):
    first, second = twins
    client.force_login(gateway_officer)
    response = client.get(reverse("people:person_duplicates", args=[first.pk]))
    assert second.reference in response.content.decode()
    searches = AuditEvent.objects.filter(
        action=AuditAction.SEARCH, request_id=response["X-Request-ID"]
    )
    assert searches.count() == 1
    search = searches.get()
    assert search.detail["scope"] == "possible duplicates"
    assert search.detail["terms"] == {"person": first.reference}
    assert search.detail["references"] == [second.reference]
    assert search.detail["result_count"] == 1
    assert "Lucas" not in str(search.detail)
    views = AuditEvent.objects.filter(action=AuditAction.VIEW, request_id=response["X-Request-ID"])
    assert list(views.values_list("object_reference", flat=True)) == [first.reference]


def test_a_match_search_records_the_candidates_shown_by_reference(client, gateway_officer, twins):
    client.force_login(gateway_officer)
    response = client.post(
        "/api/v1/people/match",
        {"given_name": "Luca", "surname": "Marchetti", "date_of_birth": "2009-01-05"},
        content_type="application/json",
    )
    assert response.status_code == 200
    shown = {candidate["reference"] for candidate in response.json()["people"]}
    assert shown == {twin.reference for twin in twins}
    search = AuditEvent.objects.get(action=AuditAction.SEARCH, request_id=response["X-Request-ID"])
    assert search.detail["scope"] == "api person match"
    assert set(search.detail["references"]) == shown
