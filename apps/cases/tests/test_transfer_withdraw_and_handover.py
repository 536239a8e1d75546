"""A transfer offer withdrawn before it is answered (its states a declared state machine), and
the old owner's open tasks and directions handed over when a case changes hands (ADR 0035)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import Notification
from apps.audit.models import AuditEvent
from apps.cases import services
from apps.cases.choices import DirectionStatus, TransferStatus
from apps.cases.models import CaseTransfer
from apps.cases.tests.factories import OutstandingDirectionFactory, SupportCaseFactory
from apps.core.workflow import available_transitions
from apps.work import services as work_services
from apps.work.choices import TaskStatus
from apps.work.selectors import allocation_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiving_supervisor(make_user, other_team):
    return make_user("supervisor", username="receiving.supervisor", team=other_team)


@pytest.fixture
def receiving_officer(make_user, other_team):
    return make_user("prevent_officer", username="receiving.officer", team=other_team)


@pytest.fixture
def second_supervisor(make_user):
    return make_user("supervisor", username="second.supervisor")


@pytest.fixture
def held_case(team, supervisor, colleague):
    case = SupportCaseFactory(team=team)
    work_services.allocation_allocate(record=case, officer=colleague, by=supervisor)
    return case


def _offer(case, supervisor, other_team):
    return services.case_transfer(
        case=case,
        officer=supervisor,
        to_owner=None,
        to_team=other_team,
        to_region="North East",
        handover_note="The family moved to Sunderland (synthetic)",
    )


def _task(case, *, by, assignee, title="Call the school (synthetic)"):
    return work_services.task_create(
        officer=by,
        assignee=assignee,
        title=title,
        due_date=timezone.localdate() + datetime.timedelta(days=5),
        record=case,
    )


# --- The offer's states --------------------------------------------------------------------
def test_the_offer_declares_its_steps_from_awaiting_only(
    held_case, supervisor, other_team, receiving_supervisor
):
    offer = _offer(held_case, supervisor, other_team)
    assert set(available_transitions(offer, user=supervisor).allowed) == {"withdraw"}
    assert set(available_transitions(offer, user=receiving_supervisor).allowed) == {
        "accept",
        "decline",
    }
    with pytest.raises(AttributeError):
        offer.status = TransferStatus.ACCEPTED


def test_the_offering_supervisor_withdraws_the_offer_with_a_reason(
    held_case,
    supervisor,
    colleague,
    other_team,
    receiving_supervisor,
    django_capture_on_commit_callbacks,
):
    offer = _offer(held_case, supervisor, other_team)
    with pytest.raises(ValidationError, match="Say why"):
        services.case_transfer_withdraw(transfer=offer, officer=supervisor, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.case_transfer_withdraw(
            transfer=offer, officer=supervisor, reason="The family stayed (synthetic)"
        )
    offer = CaseTransfer.objects.get(pk=offer.pk)
    assert (offer.status, offer.decided_by) == (TransferStatus.WITHDRAWN, supervisor)
    assert offer.decision_note == "The family stayed (synthetic)"
    held_case.refresh_from_db()
    assert held_case.team_id == colleague.team_id
    assert allocation_of(held_case).officer == colleague
    withdrawn = f"Offer to {other_team.name} withdrawn"
    assert held_case.events.filter(what__startswith=withdrawn).exists()
    event = AuditEvent.objects.get(object_id=str(held_case.pk), detail__transfer_withdrawn=True)
    assert (event.actor_username, event.justification) == (
        supervisor.username,
        "The family stayed (synthetic)",
    )
    notice = Notification.objects.get(
        recipient=receiving_supervisor, subject="A case offered to your team was withdrawn"
    )
    assert held_case.reference not in notice.body
    # The receiving team no longer sees the offer, and may offer again later.
    assert not CaseTransfer.objects.filter(status=TransferStatus.AWAITING).exists()
    _offer(held_case, supervisor, other_team)


def test_a_supervisor_of_the_offering_team_withdraws_and_the_offerer_is_told(
    held_case, supervisor, second_supervisor, other_team, django_capture_on_commit_callbacks
):
    offer = _offer(held_case, supervisor, other_team)
    with django_capture_on_commit_callbacks(execute=True):
        services.case_transfer_withdraw(
            transfer=offer, officer=second_supervisor, reason="Not yet (synthetic)"
        )
    assert Notification.objects.filter(
        recipient=supervisor, subject="A case you offered was withdrawn"
    ).exists()


def test_an_officer_or_the_receiving_team_cannot_withdraw(
    held_case, supervisor, colleague, other_team, receiving_supervisor, outsider
):
    offer = _offer(held_case, supervisor, other_team)
    with pytest.raises(PermissionDenied):
        services.case_transfer_withdraw(transfer=offer, officer=colleague, reason="Mine")
    # The receiving team cannot see the case before accepting it: a 404, as everywhere.
    with pytest.raises(Http404):
        services.case_transfer_withdraw(
            transfer=offer, officer=receiving_supervisor, reason="Theirs"
        )
    assert CaseTransfer.objects.get(pk=offer.pk).status == TransferStatus.AWAITING


def test_an_answered_offer_cannot_be_withdrawn_nor_a_withdrawn_one_answered(
    held_case, supervisor, other_team, receiving_supervisor
):
    offer = _offer(held_case, supervisor, other_team)
    services.case_transfer_withdraw(transfer=offer, officer=supervisor, reason="Stayed")
    with pytest.raises(ValidationError, match="withdrawn by the team that offered it"):
        services.case_transfer_accept(transfer=offer, officer=receiving_supervisor)
    again = _offer(held_case, supervisor, other_team)
    services.case_transfer_decline(transfer=again, officer=receiving_supervisor, reason="Full")
    with pytest.raises(ValidationError, match="already decided"):
        services.case_transfer_withdraw(transfer=again, officer=supervisor, reason="Too late")


def test_the_withdraw_page_links_from_the_case_and_refuses_others(
    signed_in, held_case, supervisor, colleague, other_team
):
    offer = _offer(held_case, supervisor, other_team)
    url = reverse("cases:transfer_withdraw", args=[held_case.pk, offer.pk])
    case_page = signed_in(supervisor).get(held_case.get_absolute_url()).content.decode()
    assert url in case_page
    assert url not in signed_in(colleague).get(held_case.get_absolute_url()).content.decode()
    assert signed_in(colleague).get(url).status_code == 403
    client = signed_in(supervisor)
    page = client.get(url)
    assert page.status_code == 200
    assert f"Withdraw the offer to {other_team.name}" in page.content.decode()
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200
    assert "Say why you are withdrawing the offer" in refused.content.decode()
    done = client.post(url, {"reason": "The family stayed (synthetic)"})
    assert done.status_code == 302
    assert CaseTransfer.objects.get(pk=offer.pk).status == TransferStatus.WITHDRAWN
    assert client.get(url).status_code == 404


def test_the_withdraw_page_is_a_404_for_a_case_out_of_reach(
    signed_in, held_case, supervisor, other_team, outsider
):
    offer = _offer(held_case, supervisor, other_team)
    url = reverse("cases:transfer_withdraw", args=[held_case.pk, offer.pk])
    assert signed_in(outsider).get(url).status_code == 404


def test_the_api_withdraws_the_offer(client, held_case, supervisor, colleague, other_team):
    _offer(held_case, supervisor, other_team)
    url = f"/api/v1/cases/{held_case.pk}/transfer/withdraw/"
    client.force_login(colleague)
    assert client.post(url, {"reason": "x"}, content_type="application/json").status_code == 403
    client.force_login(supervisor)
    assert client.post(url, {}, content_type="application/json").status_code == 400
    withdrawn = client.post(
        url, {"reason": "The family stayed (synthetic)"}, content_type="application/json"
    )
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"
    assert client.post(url, {"reason": "again"}, content_type="application/json").status_code == (
        404
    )


# --- Hand-over of tasks and directions -------------------------------------------------------
def test_accepting_hands_the_old_owners_open_tasks_and_directions_to_the_new_owner(
    held_case,
    supervisor,
    colleague,
    case_officer,
    other_team,
    receiving_supervisor,
    receiving_officer,
    django_capture_on_commit_callbacks,
):
    mine = _task(held_case, by=supervisor, assignee=colleague)
    done = _task(held_case, by=supervisor, assignee=colleague, title="Done already")
    work_services.task_complete(task=done, officer=colleague)
    theirs = _task(held_case, by=supervisor, assignee=case_officer, title="Someone else's")
    direction = OutstandingDirectionFactory(case=held_case, tasked_officer=colleague)
    delivered = OutstandingDirectionFactory(
        case=held_case, tasked_officer=colleague, status=DirectionStatus.DONE
    )
    offer = _offer(held_case, supervisor, other_team)
    with django_capture_on_commit_callbacks(execute=True):
        services.case_transfer_accept(
            transfer=offer, officer=receiving_supervisor, to_owner=receiving_officer
        )
    for task in (mine, done, theirs):
        task.refresh_from_db()
    assert (mine.assignee, mine.team, mine.status) == (
        receiving_officer,
        other_team,
        TaskStatus.OPEN,
    )
    assert done.assignee == colleague
    assert theirs.assignee == case_officer
    direction.refresh_from_db()
    delivered.refresh_from_db()
    assert direction.tasked_officer == receiving_officer
    assert delivered.tasked_officer == colleague
    task_event = AuditEvent.objects.get(
        object_id=str(mine.pk), detail__handed_over=held_case.reference
    )
    assert task_event.actor_username == receiving_supervisor.username
    case_event = AuditEvent.objects.get(
        object_id=str(held_case.pk), detail__handed_over_to=receiving_officer.username
    )
    assert case_event.detail["tasks"] == [mine.reference]
    assert held_case.events.filter(
        what__contains="1 open task and 1 outstanding direction"
    ).exists()
    subjects = set(
        Notification.objects.filter(recipient=receiving_officer).values_list("subject", flat=True)
    )
    assert {"Tasks handed over to you", "SIO directions were handed over to you"} <= subjects
    assert Notification.objects.filter(
        recipient=colleague, subject="Tasks of yours were handed over"
    ).exists()


def test_accepting_without_an_officer_hands_them_to_the_accepting_supervisor(
    held_case, supervisor, colleague, other_team, receiving_supervisor, receiving_officer
):
    task = _task(held_case, by=supervisor, assignee=colleague)
    offer = _offer(held_case, supervisor, other_team)
    services.case_transfer_accept(transfer=offer, officer=receiving_supervisor)
    task.refresh_from_db()
    assert (task.assignee, task.team) == (receiving_supervisor, other_team)
    # Now in the supervisor's team: they reassign it when they allocate the case.
    held_case.refresh_from_db()
    work_services.allocation_allocate(
        record=held_case, officer=receiving_officer, by=receiving_supervisor
    )
    work_services.task_reassign(task=task, officer=receiving_supervisor, assignee=receiving_officer)
    task.refresh_from_db()
    assert task.assignee == receiving_officer


def test_a_transfer_within_the_team_hands_over_at_once(
    held_case, supervisor, colleague, case_officer
):
    task = _task(held_case, by=supervisor, assignee=colleague)
    services.case_transfer(
        case=held_case,
        officer=supervisor,
        to_owner=case_officer,
        to_team=None,
        to_region=held_case.region,
        handover_note="Takes over the visits (synthetic)",
    )
    task.refresh_from_db()
    assert task.assignee == case_officer
    assert held_case.events.filter(what__startswith="Handed over from").exists()
