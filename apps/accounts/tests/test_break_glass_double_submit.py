"""A break-glass request sent twice grants once and tells the line manager once."""

import pytest
from django.urls import reverse

from apps.accounts.models import BreakGlassGrant, Notification
from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.core.tests.forms import form_token

pytestmark = pytest.mark.django_db
URL = reverse("accounts:break_glass_create")


@pytest.fixture
def requester(make_user, other_team, supervisor):
    """A Gateway officer in another team, with a line manager to tell."""
    return make_user(
        "gateway_officer", username="requester", team=other_team, line_manager=supervisor
    )


def request_for(person, token):
    return {
        "record_type": "people.person",
        "reference": person.reference,
        "purpose": "Urgent safeguarding enquiry from A&E tonight",
        "submission_token": token,
    }


def test_a_break_glass_request_sent_twice_grants_once(client, requester, person):
    client.force_login(requester)
    posted = request_for(person, form_token(client.get(URL)))
    first = client.post(URL, posted)
    second = client.post(URL, posted)
    assert first.url == second.url == person.get_absolute_url()
    assert BreakGlassGrant.objects.count() == 1
    assert Notification.objects.filter(subject="Break-glass access used").count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.BREAK_GLASS_GRANTED).count() == 1
    page = client.get(second.url).content.decode()
    assert "This break-glass request was already submitted, so it was not recorded again." in page


def test_a_break_glass_request_without_its_token_grants_nothing(client, requester, person):
    client.force_login(requester)
    response = client.post(URL, request_for(person, ""))
    assert response.status_code == 200
    assert "This page had expired, so nothing was saved" in response.content.decode()
    assert not BreakGlassGrant.objects.exists()
