"""The ICS feed: a secret address (only its hash stored), revocable and regenerable; it
carries references only and refuses a wrong or revoked secret."""

import hashlib
import re

import pytest
from django.urls import reverse
from icalendar import Calendar

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.cases.services import case_restrict
from apps.cases.tests.factories import OpenCaseFactory
from apps.documents.models import CalendarFeed
from apps.documents.tests.kinds import FEED_USERNAME

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    return make_user("case_officer", username=FEED_USERNAME)


def _turn_on(client) -> str:
    response = client.post(reverse("documents:calendar"))
    assert response.status_code == 200
    match = re.search(r'data-testid="feed-url"[^>]*value="([^"]+)"', response.content.decode())
    return match.group(1)


def test_the_feed_parses_and_carries_references_only(signed_in, client, officer, team, person):
    case = OpenCaseFactory(team=team, person=person)
    url = _turn_on(signed_in(officer))
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert [str(event["summary"]) for event in events] == [f"Review due: {case.reference}"]
    text = response.content.decode()
    assert person.family_name not in text
    assert person.given_name not in text
    export = AuditEvent.objects.filter(action=AuditAction.EXPORT).latest("sequence")
    assert export.detail["scope"] == "calendar feed"
    assert export.actor_username == FEED_USERNAME


def test_only_a_hash_of_the_secret_is_stored(signed_in, officer):
    url = _turn_on(signed_in(officer))
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    feed = CalendarFeed.objects.get(user=officer)
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(AuditEvent.objects.values_list("detail", "changes"))


def test_a_wrong_secret_is_refused_and_recorded(client):
    response = client.get(reverse("documents:calendar_feed", args=["not-the-secret"]))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED).exists()


def test_a_revoked_feed_is_refused(signed_in, client, officer):
    signed = signed_in(officer)
    url = _turn_on(signed)
    response = signed.post(reverse("documents:calendar_revoke"))
    assert response.status_code == 302
    client.logout()
    assert client.get(url).status_code == 404


def test_a_new_address_stops_the_old_one(signed_in, client, officer):
    signed = signed_in(officer)
    old = _turn_on(signed)
    new = _turn_on(signed)
    assert old != new
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_a_deactivated_user_has_no_feed(signed_in, client, officer):
    url = _turn_on(signed_in(officer))
    officer.is_active = False
    officer.save()
    client.logout()
    assert client.get(url).status_code == 404


def test_a_restricted_case_leaves_the_feed(signed_in, client, officer, team, sio, supervisor):
    case = OpenCaseFactory(team=team)
    url = _turn_on(signed_in(officer))
    case_restrict(case=case, officer=supervisor, readers=[sio], reason="Synthetic trace")
    client.logout()
    calendar = Calendar.from_ical(client.get(url).content)
    assert list(calendar.walk("VEVENT")) == []


def test_the_calendar_page_needs_sign_in(client):
    response = client.get(reverse("documents:calendar"))
    assert response.status_code == 302
