"""Checks shared by the tests that a live-investigation trace restricts a person.

The trace's access list is the SIO, the recording officer and the supervisor the SIO
named; prevent.officer, case.officer and the team's other supervisor are not on it.
"""

import pytest
from django.urls import reverse

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent


@pytest.fixture
def named_supervisor(make_user):
    """The supervisor the SIO names for a trace (the `supervisor` fixture is not named)."""
    return make_user("supervisor", username="named.supervisor")


@pytest.fixture
def case_officer(make_user, supervisor):
    return make_user("case_officer", username="case.officer", line_manager=supervisor)


@pytest.fixture
def not_on_the_list(colleague, case_officer, supervisor):
    """prevent.officer, case.officer and a supervisor the SIO did not name."""
    return [colleague, case_officer, supervisor]


def assert_person_hidden(client, person, *, users) -> None:
    """Each user gets 404 on the person's pages and does not find them by surname."""
    for user in users:
        client.force_login(user)
        for name in ("people:person_detail", "people:person_referrals"):
            response = client.get(reverse(name, args=[person.pk]))
            assert response.status_code == 404, f"{user.username} opened {name}"
        page = client.get(reverse("people:person_list"), {"q": person.family_name})
        assert person.reference not in page.content.decode(), f"{user.username} found them"


def assert_person_visible(client, person, *, users) -> None:
    for user in users:
        client.force_login(user)
        response = client.get(reverse("people:person_detail", args=[person.pk]))
        assert response.status_code == 200, f"{user.username} cannot open the person"


def assert_restricted_and_audited(*records, readers) -> None:
    """Each record is restricted to (at least) `readers`, with an event on the record."""
    for record in records:
        record.refresh_from_db()
        assert record.is_restricted, f"{record} is not restricted"
        assert set(readers) <= set(record.access_list.all()), f"{record} misses a reader"
        assert AuditEvent.objects.filter(
            object_id=str(record.pk),
            action=AuditAction.UPDATE,
            changes__is_restricted__new=True,
        ).exists(), f"{record} has no restriction event"
