"""The enquiries log: the shared list, filtered by direction and by whether it was answered."""

import io

import openpyxl
import pytest
from django.urls import reverse

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.gateway.tests.factories import AnsweredEnquiryFactory, OpenEnquiryFactory

pytestmark = pytest.mark.django_db

URL = reverse("gateway:enquiry_list")


def listed(response) -> list:
    return [row.record for row in response.context["table"].paginated_rows]


def test_open_enquiries_can_be_picked_out(client, gateway_officer, team):
    waiting = OpenEnquiryFactory(team=team)
    AnsweredEnquiryFactory(team=team)
    client.force_login(gateway_officer)
    response = client.get(URL, {"answered": "open"})
    assert listed(response) == [waiting]
    assert "Open</strong>" in response.content.decode()


def test_another_teams_enquiries_are_absent_from_list_and_export(
    client, gateway_officer, team, outsider
):
    ours = OpenEnquiryFactory(team=team)
    theirs = OpenEnquiryFactory(team=outsider.team)
    client.force_login(gateway_officer)
    assert listed(client.get(URL)) == [ours]
    response = client.get(URL, {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    references = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert references == [ours.reference]
    assert theirs.reference not in references
    assert AuditEvent.objects.get(action=AuditAction.EXPORT).detail["scope"] == "enquiries"


def test_an_unknown_answered_choice_is_an_error(client, gateway_officer):
    client.force_login(gateway_officer)
    response = client.get(URL, {"answered": "maybe"})
    assert "govuk-error-summary" in response.content.decode()


def test_sign_in_is_needed(client):
    assert client.get(URL).status_code == 302
