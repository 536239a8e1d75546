"""The registry the apps above cases plug into, and the selector they read a case through."""

import datetime

import pytest
from django.http import Http404

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.cases import registry
from apps.cases.selectors import case_get, case_list
from apps.cases.services import case_restrict
from apps.cases.tests.factories import OpenCaseFactory


def test_a_registered_section_is_listed_once_in_order():
    first = registry.register_case_section(
        label="Zz test section", url_name="cases:case_detail", capability=None, order=999
    )
    registry.register_case_section(
        label="Zz test section", url_name="cases:case_detail", capability=None, order=999
    )
    assert registry.case_sections().count(first) == 1
    assert registry.case_sections()[-1] == first


def test_a_registered_timeline_source_declares_its_kinds():
    def source(case, kinds):
        return [
            registry.TimelineEntry(
                when=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
                who="Officer",
                what="Something",
                kind="zz_test",
            )
        ]

    registry.register_timeline_source(source, kinds={"zz_test": "Test entries"})
    registry.register_timeline_source(source, kinds={"zz_test": "Test entries"})
    assert [entry for entry, _ in registry.timeline_sources()].count(source) == 1
    assert registry.timeline_kinds()["zz_test"] == "Test entries"


@pytest.mark.django_db
def test_case_get_records_the_consultation(team, gateway_officer):
    case = OpenCaseFactory(team=team)
    assert case_get(user=gateway_officer, case_id=case.pk) == case
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(case.pk)).exists()


@pytest.mark.django_db
def test_case_get_is_a_404_for_another_team_and_a_restricted_case(
    team, gateway_officer, outsider, sio, colleague
):
    case = OpenCaseFactory(team=team)
    with pytest.raises(Http404):
        case_get(user=outsider, case_id=case.pk)
    case_restrict(case=case, officer=gateway_officer, readers=[sio], reason="Live investigation")
    with pytest.raises(Http404):
        case_get(user=colleague, case_id=case.pk)
    assert case not in case_list(user=colleague)
    assert case in case_list(user=sio)
