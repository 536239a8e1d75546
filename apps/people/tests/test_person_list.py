"""The person search page: the shared list with a search that must be typed first."""

import csv
import io

import pytest
from django.urls import reverse

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.people.tests.factories import PersonFactory, RestrictedPersonFactory

pytestmark = pytest.mark.django_db

URL = reverse("people:person_list")


def test_nobody_is_listed_or_recorded_until_something_is_searched_for(
    client, gateway_officer, team
):
    PersonFactory(team=team, family_name="Kestrelwood")
    client.force_login(gateway_officer)
    response = client.get(URL)
    assert "Kestrelwood" not in response.content.decode()
    assert "moj-filter-layout" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.SEARCH).exists()


def test_search_results_sort_by_name(client, gateway_officer, team):
    later = PersonFactory(team=team, given_name="Zara", family_name="Kestrelwood")
    earlier = PersonFactory(team=team, given_name="Abel", family_name="Kestrelwood")
    client.force_login(gateway_officer)
    response = client.get(URL, {"q": "kestrelwood", "sort": "-name"})
    assert [row.record for row in response.context["table"].paginated_rows] == [later, earlier]


def test_a_search_longer_than_allowed_gives_an_error(client, gateway_officer):
    client.force_login(gateway_officer)
    response = client.get(URL, {"q": "x" * 101})
    assert "govuk-error-summary" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.SEARCH).exists()


def test_export_leaves_out_restricted_people_and_is_recorded(client, gateway_officer, sio, team):
    shown = PersonFactory(team=team, family_name="Kestrelwood")
    RestrictedPersonFactory(team=team, family_name="Kestrelwood", access_list=[sio])
    client.force_login(gateway_officer)
    response = client.get(URL, {"q": "Kestrelwood", "export": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["Reference"] for row in rows] == [shown.reference]
    export = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert export.detail["references"] == [shown.reference]
    assert export.detail["scope"] == "people"


def test_export_without_a_search_exports_nobody(client, gateway_officer, team):
    PersonFactory(team=team)
    client.force_login(gateway_officer)
    response = client.get(URL, {"export": "csv"})
    assert response["Content-Type"].startswith("text/html")
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
