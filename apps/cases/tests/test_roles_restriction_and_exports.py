"""Gaps the issue's test list names, filled: the supervisor's steps (close, reopen) with the
right and the wrong team; a restricted case absent from the XLSX export, the export audited
with the references it carried, and absent from My work's counts."""

import io

import pytest
from django.http import Http404
from django.urls import reverse
from openpyxl import load_workbook

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.cases import services
from apps.cases.choices import CaseStatus
from apps.cases.models import CaseEvent
from apps.cases.services import case_restrict
from apps.cases.tests.factories import ClosedCaseFactory, ExitedCaseFactory, SupportCaseFactory
from apps.core.worklists import for_user as work_lists
from apps.work import services as work_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_supervisor(make_user, other_team):
    return make_user("supervisor", username="other.supervisor", team=other_team)


def test_the_team_s_supervisor_closes_a_live_case_with_the_reason_audited(supervisor, team):
    case = SupportCaseFactory(team=team)
    services.case_close(case=case, officer=supervisor, reason="No longer needed (synthetic)")
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.end_reason == "No longer needed (synthetic)"
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(case.pk))
    assert (event.justification, event.changes["status"]["new"]) == (
        "No longer needed (synthetic)",
        CaseStatus.CLOSED,
    )
    assert CaseEvent.objects.filter(case=case, kind="status", what__contains="Closed").exists()


@pytest.mark.parametrize(
    ("step", "factory"),
    [
        ("case_close", SupportCaseFactory),
        ("case_reopen", ClosedCaseFactory),
        ("case_reopen", ExitedCaseFactory),
    ],
)
def test_a_supervisor_of_another_team_cannot_close_or_reopen(other_supervisor, team, step, factory):
    case = factory(team=team)
    before = case.status
    with pytest.raises(Http404):
        getattr(services, step)(case=case, officer=other_supervisor, reason="Not mine")
    case.refresh_from_db()
    assert case.status == before


def test_the_xlsx_export_leaves_out_a_restricted_case_and_is_audited(
    signed_in, colleague, sio, team
):
    mine = SupportCaseFactory(team=team)
    restricted = SupportCaseFactory(team=team)
    case_restrict(case=restricted, officer=sio, readers=[sio], reason="Live investigation")
    response = signed_in(colleague).get(reverse("cases:case_list") + "?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {str(cell.value) for row in sheet.iter_rows() for cell in row}
    assert mine.reference in cells
    assert restricted.reference not in cells
    export = AuditEvent.objects.get(action=AuditAction.EXPORT, actor_username=colleague.username)
    assert export.detail["format"] == "xlsx"
    assert mine.reference in export.detail["references"]
    assert restricted.reference not in export.detail["references"]


def test_a_restricted_case_leaves_my_work_and_its_counts(colleague, supervisor, sio, team):
    kept = SupportCaseFactory(team=team)
    hidden = SupportCaseFactory(team=team)
    for case in (kept, hidden):
        work_services.allocation_allocate(record=case, officer=colleague, by=supervisor)
    before = {work.key: work for work in work_lists(colleague)}["cases-mine"]
    assert before.count == 2
    case_restrict(case=hidden, officer=sio, readers=[sio], reason="Live investigation")
    after = {work.key: work for work in work_lists(colleague)}["cases-mine"]
    assert after.count == 1
    assert [row["cells"][0] for row in after.rows] == [kept.reference]
