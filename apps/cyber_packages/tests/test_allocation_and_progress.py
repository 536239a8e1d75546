"""Allocation by force area with the package's deadline as a task; progress read from the
subject's case and its interventions; the return to the NCCU as XLSX."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from apps.audit.models import AuditEvent
from apps.cases.tests.factories import ExitedCaseFactory
from apps.cyber_packages.choices import CloseReason, Progress
from apps.cyber_packages.models import Force
from apps.cyber_packages.returns import package_return_xlsx
from apps.cyber_packages.selectors import package_progress, subject_list
from apps.cyber_packages.services import package_allocate_force, subject_close
from apps.cyber_packages.tests.factories import (
    NamedSubjectFactory,
    PendingSubjectFactory,
    ReceivedPackageFactory,
)
from apps.interventions.choices import InterventionStatus
from apps.interventions.tests.factories import CyberCaseFactory, PlannedInterventionFactory
from apps.work.models import Allocation, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def package(cyber_officer):
    return ReceivedPackageFactory(operation__team=cyber_officer.team)


def _progress(subject, user):
    return subject_list(user=user).get(pk=subject.pk).progress


def test_allocating_a_force_gives_its_subjects_and_a_task_due_on_the_deadline(
    package, cyber_supervisor, cyber_officer
):
    kent = Force.objects.get(code="kent")
    in_kent = PendingSubjectFactory.create_batch(2, package=package, force=kent)
    in_surrey = PendingSubjectFactory(package=package, force=Force.objects.get(code="surrey"))

    count = package_allocate_force(
        package=package, force=kent, officer=cyber_officer, by=cyber_supervisor
    )

    assert count == 2
    held = set(Allocation.objects.filter(officer=cyber_officer).values_list("object_id", flat=True))
    assert held == {str(subject.pk) for subject in in_kent} or held == {
        subject.pk for subject in in_kent
    }
    assert not Allocation.objects.filter(object_id=str(in_surrey.pk)).exists()
    task = Task.objects.get()
    assert task.assignee == cyber_officer
    assert task.due_date == package.deadline
    assert task.record_reference == package.reference
    with pytest.raises(ValidationError):
        package_allocate_force(
            package=package, force=kent, officer=cyber_officer, by=cyber_supervisor
        )


def test_an_officer_cannot_allocate_to_a_colleague(package, cyber_officer, make_user, cyber_team):
    colleague = make_user("cyber_officer", username="cyber.other", team=cyber_team)
    kent = Force.objects.get(code="kent")
    PendingSubjectFactory(package=package, force=kent)
    with pytest.raises(Exception):  # noqa: B017, PT011 (PermissionDenied, audited)
        package_allocate_force(package=package, force=kent, officer=colleague, by=cyber_officer)
    assert not Allocation.objects.exists()


def test_progress_follows_the_case_and_its_interventions(package, cyber_officer):
    untouched = PendingSubjectFactory(package=package)
    case = CyberCaseFactory(team=cyber_officer.team)
    contacted = NamedSubjectFactory(package=package, referral=case.referral)
    delivered_case = CyberCaseFactory(team=cyber_officer.team)
    PlannedInterventionFactory(
        case=delivered_case,
        status=InterventionStatus.COMPLETED,
        start_date=datetime.date(2026, 11, 3),
    )
    delivered = NamedSubjectFactory(package=package, referral=delivered_case.referral)
    ended = ExitedCaseFactory(team=cyber_officer.team, case_type="cyber_prevent")
    closed_with_case = NamedSubjectFactory(package=package, referral=ended.referral)

    assert _progress(untouched, cyber_officer) == Progress.NOT_STARTED
    assert _progress(contacted, cyber_officer) == Progress.CONTACTED
    assert _progress(delivered, cyber_officer) == Progress.INTERVENTION_DELIVERED
    assert _progress(closed_with_case, cyber_officer) == Progress.CLOSED

    summary = package_progress(user=cyber_officer, package=package)
    assert summary["totals"] == [1, 1, 1, 1]
    assert summary["by_force"] == [{"name": "Kent Police", "counts": [1, 1, 1, 1], "total": 4}]


def test_a_subject_without_a_case_is_closed_with_a_reason(package, cyber_officer):
    subject = PendingSubjectFactory(package=package)
    subject_close(subject=subject, officer=cyber_officer, reason=CloseReason.OUTSIDE_REGION)
    assert _progress(subject, cyber_officer) == Progress.CLOSED
    with pytest.raises(ValidationError):
        subject_close(subject=subject, officer=cyber_officer, reason=CloseReason.OUTSIDE_REGION)


def test_a_subject_with_a_case_closes_only_with_its_case(package, cyber_officer):
    case = CyberCaseFactory(team=cyber_officer.team)
    subject = NamedSubjectFactory(package=package, referral=case.referral)
    with pytest.raises(ValidationError) as refused:
        subject_close(subject=subject, officer=cyber_officer, reason=CloseReason.NO_FURTHER_ACTION)
    assert case.reference in str(refused.value)


def test_the_return_opens_in_openpyxl_with_one_row_per_subject(package, cyber_officer):
    first = PendingSubjectFactory(package=package, email="Booter.Fan@Example.COM")
    first.identifiers.update(supplied="Booter.Fan@Example.COM")
    case = CyberCaseFactory(team=cyber_officer.team)
    PlannedInterventionFactory(
        case=case, status=InterventionStatus.COMPLETED, start_date=datetime.date(2026, 11, 3)
    )
    second = NamedSubjectFactory(package=package, referral=case.referral)

    content = package_return_xlsx(user=cyber_officer, package=package)

    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (package.protective_marking,) + (None,) * 9
    assert rows[2][:6] == (
        "Sender's reference",
        "Our reference",
        "Identifiers (as supplied)",
        "Force",
        "Status",
        "Intervention type",
    )
    by_reference = {row[1]: row for row in rows[3:]}
    assert set(by_reference) == {first.reference, second.reference}
    assert by_reference[first.reference][2] == "Booter.Fan@Example.COM"
    assert by_reference[first.reference][4] == "Not started"
    assert by_reference[second.reference][4] == "Intervention delivered"
    assert by_reference[second.reference][5] == "Mentoring"
    assert by_reference[second.reference][8].date() == datetime.date(2026, 11, 3)
    assert "Quenby" not in str(rows)
    export = AuditEvent.objects.get(action="export")
    assert set(export.detail["references"]) == {first.reference, second.reference}
