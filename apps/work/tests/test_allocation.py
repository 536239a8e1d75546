"""One allocation mechanism: take, allocate, reallocate and release a record, audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import Notification
from apps.audit.models import AuditEvent
from apps.referrals.models import Referral
from apps.referrals.tests.factories import AssessmentReferralFactory, ReceivedReferralFactory
from apps.work import selectors, services
from apps.work.choices import AllocationStep
from apps.work.models import Allocation, AllocationEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(team):
    return ReceivedReferralFactory(team=team)


@pytest.fixture
def second_officer(make_user, supervisor):
    return make_user("gateway_officer", username="second.officer", line_manager=supervisor)


def test_an_officer_takes_an_unallocated_referral_of_their_team(referral, gateway_officer):
    services.allocation_allocate(record=referral, officer=gateway_officer, by=gateway_officer)

    allocation = selectors.allocation_of(referral)
    assert allocation.officer == gateway_officer
    assert allocation.allocated_by == gateway_officer
    [event] = selectors.allocation_history(referral)
    assert event.step == AllocationStep.ALLOCATED
    audit_event = AuditEvent.objects.get(object_id=str(referral.pk), action="update")
    assert audit_event.changes == {"allocated_to": [None, "gateway.officer"]}
    assert audit_event.detail == {"allocation": "allocated"}
    # Taking work for yourself tells nobody.
    assert not Notification.objects.exists()


def test_a_supervisor_allocates_to_an_officer_who_is_told(referral, supervisor, gateway_officer):
    services.allocation_allocate(
        record=referral, officer=gateway_officer, by=supervisor, reason="Knows the school"
    )

    notification = Notification.objects.get(recipient=gateway_officer)
    assert referral.reference in notification.body
    assert notification.link == referral.get_absolute_url()
    assert AuditEvent.objects.get(action="update").justification == "Knows the school"


def test_a_supervisor_reallocates_with_a_reason_and_both_officers_are_told(
    referral, supervisor, gateway_officer, second_officer
):
    services.allocation_allocate(record=referral, officer=gateway_officer, by=gateway_officer)

    with pytest.raises(ValidationError) as error:
        services.allocation_allocate(record=referral, officer=second_officer, by=supervisor)
    assert "reason" in error.value.message_dict

    services.allocation_allocate(
        record=referral, officer=second_officer, by=supervisor, reason="Leave next week"
    )
    assert selectors.allocation_of(referral).officer == second_officer
    steps = [event.step for event in selectors.allocation_history(referral)]
    assert steps == [AllocationStep.REALLOCATED, AllocationStep.ALLOCATED]
    assert Notification.objects.filter(recipient=second_officer).count() == 1
    assert Notification.objects.filter(recipient=gateway_officer).count() == 1
    assert Allocation.objects.count() == 1


def test_an_officer_cannot_take_a_referral_a_colleague_holds(
    referral, gateway_officer, second_officer
):
    services.allocation_allocate(record=referral, officer=second_officer, by=second_officer)

    with pytest.raises(ValidationError, match="ask a supervisor"):
        services.allocation_allocate(record=referral, officer=gateway_officer, by=gateway_officer)
    assert selectors.allocation_of(referral).officer == second_officer


def test_an_officer_cannot_allocate_to_someone_else(referral, gateway_officer, second_officer):
    with pytest.raises(PermissionDenied):
        services.allocation_allocate(record=referral, officer=second_officer, by=gateway_officer)
    assert not Allocation.objects.exists()
    assert AuditEvent.objects.filter(action="access_denied").exists()


def test_allocating_twice_to_the_same_officer_is_refused(referral, gateway_officer):
    services.allocation_allocate(record=referral, officer=gateway_officer, by=gateway_officer)
    with pytest.raises(ValidationError, match="already allocated"):
        services.allocation_allocate(record=referral, officer=gateway_officer, by=gateway_officer)
    assert AllocationEvent.objects.count() == 1


def test_an_officer_of_another_team_cannot_be_allocated_or_take(referral, supervisor, outsider):
    with pytest.raises(ValidationError) as error:
        services.allocation_allocate(record=referral, officer=outsider, by=supervisor)
    assert "officer" in error.value.message_dict
    with pytest.raises(Http404):
        services.allocation_allocate(record=referral, officer=outsider, by=outsider)
    assert not Allocation.objects.exists()


def test_a_role_that_cannot_change_the_record_cannot_be_allocated_it(
    referral, supervisor, colleague
):
    # A Prevent officer may read referrals but not work on them.
    with pytest.raises(ValidationError):
        services.allocation_allocate(record=referral, officer=colleague, by=supervisor)


def test_the_holder_releases_and_the_history_keeps_every_step(referral, gateway_officer):
    services.allocation_allocate(record=referral, officer=gateway_officer, by=gateway_officer)
    services.allocation_release(record=referral, by=gateway_officer, reason="Going on leave")

    assert selectors.allocation_of(referral) is None
    steps = [event.step for event in selectors.allocation_history(referral)]
    assert steps == [AllocationStep.RELEASED, AllocationStep.ALLOCATED]
    released = AuditEvent.objects.filter(action="update").order_by("-pk").first()
    assert released.changes == {"allocated_to": ["gateway.officer", None]}


def test_only_the_holder_or_a_supervisor_releases(
    referral, gateway_officer, second_officer, supervisor
):
    services.allocation_allocate(record=referral, officer=gateway_officer, by=gateway_officer)
    with pytest.raises(PermissionDenied):
        services.allocation_release(record=referral, by=second_officer)
    services.allocation_release(record=referral, by=supervisor)
    assert Notification.objects.filter(recipient=gateway_officer).count() == 1


def test_releasing_an_unallocated_record_is_refused(referral, gateway_officer):
    with pytest.raises(ValidationError, match="not allocated"):
        services.allocation_release(record=referral, by=gateway_officer)


def test_my_work_and_the_teams_unallocated_work_are_selected(
    team, other_team, gateway_officer, second_officer
):
    mine = ReceivedReferralFactory(team=team)
    theirs = ReceivedReferralFactory(team=team)
    nobodys = ReceivedReferralFactory(team=team)
    ReceivedReferralFactory(team=other_team)
    services.allocation_allocate(record=mine, officer=gateway_officer, by=gateway_officer)
    services.allocation_allocate(record=theirs, officer=second_officer, by=second_officer)

    everything = Referral.objects.all()
    assert list(selectors.allocated_to(everything, officer=gateway_officer)) == [mine]
    assert list(selectors.unallocated_in_team(everything, user=gateway_officer)) == [nobodys]


def test_a_queue_is_annotated_with_its_allocation_in_one_query(team, gateway_officer):
    referrals = [AssessmentReferralFactory(team=team) for _ in range(5)]
    for referral in referrals[:3]:
        services.allocation_allocate(record=referral, officer=gateway_officer, by=gateway_officer)

    with CaptureQueriesContext(connection) as queries:
        rows = list(
            selectors.with_allocation(Referral.objects.all()).order_by(
                "allocated_officer_id", "reference"
            )
        )
    assert len(queries) == 1
    allocated = {row.pk: row.allocated_officer_id for row in rows}
    assert [allocated[referral.pk] for referral in referrals] == [gateway_officer.pk] * 3 + [
        None
    ] * 2
    assert all(row.allocated_at is not None for row in rows[:3])


def test_counts_per_officer_leave_out_records_the_reader_cannot_see(
    team, supervisor, gateway_officer
):
    visible = ReceivedReferralFactory(team=team)
    hidden = ReceivedReferralFactory(team=team)
    services.allocation_allocate(record=visible, officer=gateway_officer, by=gateway_officer)
    services.allocation_allocate(record=hidden, officer=gateway_officer, by=gateway_officer)
    hidden.is_restricted = True
    hidden.save()
    hidden.access_list.add(gateway_officer)

    counts = selectors.allocation_counts(
        user=supervisor, model=Referral, officers=[gateway_officer]
    )
    assert counts == {gateway_officer.pk: 1}


def test_allocatable_officers_are_the_teams_officers_who_can_work_on_the_record(
    referral, supervisor, gateway_officer, second_officer, colleague, outsider
):
    officers = selectors.allocatable_officers(record=referral)
    assert set(officers) == {supervisor, gateway_officer, second_officer}
