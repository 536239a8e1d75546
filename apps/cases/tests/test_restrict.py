"""A case follows its person into restriction, through the cases app's own service."""

import pytest

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.cases.services import case_restrict
from apps.cases.tests.factories import ClosedCaseFactory, OpenCaseFactory
from apps.core import access
from apps.people.services import person_restrict

pytestmark = pytest.mark.django_db


def test_case_restrict_keeps_the_case_to_its_access_list_and_is_audited(
    team, gateway_officer, sio, colleague
):
    case = OpenCaseFactory(team=team)
    assert access.can(colleague, access.VIEW, case)
    case_restrict(case=case, officer=gateway_officer, readers=[sio], reason="Trace")
    assert not access.can(colleague, access.VIEW, case)
    assert access.can(sio, access.VIEW, case)
    event = AuditEvent.objects.get(object_id=str(case.pk), action=AuditAction.UPDATE)
    assert event.changes["access_list"] == {"old": [], "new": [sio.username]}
    assert event.detail == {"access_list_added": [sio.username]}


def test_restricting_a_person_restricts_their_open_cases_only(team, gateway_officer, sio, person):
    open_case = OpenCaseFactory(team=team, person=person)
    closed_case = ClosedCaseFactory(team=team, person=person)
    person_restrict(person=person, officer=gateway_officer, readers=[sio], reason="Trace")
    open_case.refresh_from_db()
    closed_case.refresh_from_db()
    assert open_case.is_restricted
    assert list(open_case.access_list.all()) == [sio]
    assert not closed_case.is_restricted
