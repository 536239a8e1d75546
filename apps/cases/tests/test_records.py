"""Directions, contacts (amended, never overwritten), flags, transfer, restriction, panel
decisions and later referrals: the services and their pages."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import Notification
from apps.accounts.tests.factories import UserFactory, role
from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.cases import services
from apps.cases.models import Contact, Direction
from apps.cases.tests.factories import (
    OpenCaseFactory,
    OutstandingDirectionFactory,
    RecordedContactFactory,
    SupportCaseFactory,
)
from apps.core import access
from apps.core.tests.forms import post_with_token
from apps.referrals.tests.factories import ReceivedReferralFactory
from apps.work.models import Task
from apps.work.selectors import allocation_of

pytestmark = pytest.mark.django_db
SOON = timezone.localdate() + datetime.timedelta(days=7)


def _direction(case, sio, officer, **extra):
    return services.direction_record(
        case=case,
        officer=sio,
        tactic="Debrief interview",
        rationale="Synthetic rationale",
        due_on=extra.pop("due_on", SOON),
        priority="high",
        tasked_officer=officer,
    )


def test_the_sio_directs_a_tactic_and_the_officer_is_told(
    sio, colleague, team, django_capture_on_commit_callbacks
):
    case = SupportCaseFactory(team=team)
    with django_capture_on_commit_callbacks(execute=True):
        direction = _direction(case, sio, colleague)
    assert direction.status == "outstanding"
    assert Notification.objects.filter(recipient=colleague).exists()
    notice = Notification.objects.get(recipient=colleague)
    assert case.person.family_name not in notice.body + notice.subject


def test_only_the_sio_may_direct(colleague, team):
    with pytest.raises(PermissionDenied):
        _direction(SupportCaseFactory(team=team), colleague, colleague)


def test_a_direction_must_task_an_officer_who_can_work_on_the_case(sio, outside_officer, team):
    with pytest.raises(ValidationError) as error:
        _direction(SupportCaseFactory(team=team), sio, outside_officer)
    assert "tasked_officer" in error.value.message_dict


def test_delivery_not_done_needs_a_reason_and_done_finishes_the_direction(colleague, team):
    direction = OutstandingDirectionFactory(
        case=SupportCaseFactory(team=team), tasked_officer=colleague
    )
    with pytest.raises(ValidationError) as error:
        services.direction_deliver(
            direction=direction, officer=colleague, outcome="not_done", note=""
        )
    assert error.value.message_dict["note"] == ["Say why the direction was not done"]
    services.direction_deliver(
        direction=direction, officer=colleague, outcome="partly", note="Half"
    )
    assert direction.is_outstanding
    services.direction_deliver(direction=direction, officer=colleague, outcome="done", note="Done")
    direction.refresh_from_db()
    assert direction.status == "done"
    assert not direction.is_outstanding
    with pytest.raises(ValidationError):
        services.direction_deliver(direction=direction, officer=colleague, outcome="done", note="x")


def test_outstanding_directions_show_on_my_work_for_the_officer_and_the_sio(
    signed_in, sio, colleague, team
):
    case = SupportCaseFactory(team=team)
    _direction(case, sio, colleague)
    assert "Debrief interview" in signed_in(colleague).get(reverse("core:home")).content.decode()
    page = signed_in(sio).get(reverse("core:home")).content.decode()
    assert "Directions you gave, not yet delivered" in page
    assert "Debrief interview" in page


def test_the_direction_page_records_a_direction_once(signed_in, sio, colleague, team):
    case = SupportCaseFactory(team=team)
    client = signed_in(sio)
    url = reverse("cases:direction_create", args=[case.pk])
    data = {
        "tactic": "Family visit",
        "rationale": "Synthetic",
        "due_on_0": SOON.day,
        "due_on_1": SOON.month,
        "due_on_2": SOON.year,
        "priority": "high",
        "tasked_officer": str(colleague.pk),
    }
    response = post_with_token(client, url, data)
    assert response.status_code == 302
    assert Direction.objects.filter(case=case).count() == 1


def test_the_direction_page_names_a_missing_due_date(signed_in, sio, colleague, team):
    case = SupportCaseFactory(team=team)
    response = post_with_token(
        signed_in(sio),
        reverse("cases:direction_create", args=[case.pk]),
        {
            "tactic": "Visit",
            "rationale": "x",
            "priority": "high",
            "tasked_officer": str(colleague.pk),
        },
    )
    assert "Enter due date" in response.content.decode()
    assert not Direction.objects.exists()


def _contact(case, officer, **extra):
    return services.contact_record(
        case=case,
        officer=officer,
        kind="engagement_visit",
        occurred_at=extra.pop("occurred_at", timezone.now() - datetime.timedelta(hours=2)),
        location="Library (synthetic)",
        officers=[officer],
        other_attendees="Parent",
        summary="Original summary",
        follow_up=extra.pop("follow_up", ""),
        **extra,
    )


def test_an_amendment_is_a_new_version_and_the_earlier_text_stays(colleague, team):
    contact = _contact(SupportCaseFactory(team=team), colleague)
    services.contact_amend(
        contact=contact,
        officer=colleague,
        expected_number=1,
        reason="Wrong location",
        occurred_at=contact.versions.get().occurred_at,
        location="Youth centre (synthetic)",
        officers=[colleague],
        other_attendees="Parent",
        summary="Corrected summary",
        follow_up="",
    )
    versions = list(contact.versions.order_by("number").values_list("number", "summary", "reason"))
    assert versions == [(1, "Original summary", ""), (2, "Corrected summary", "Wrong location")]
    event = AuditEvent.objects.filter(
        action=AuditAction.UPDATE, justification="Wrong location"
    ).get()
    assert event.changes["summary"] == {"old": "Original summary", "new": "Corrected summary"}


def test_an_amendment_over_someone_elses_is_refused(colleague, team):
    contact = _contact(SupportCaseFactory(team=team), colleague)
    amend = dict(
        contact=contact,
        officer=colleague,
        reason="Fix",
        occurred_at=timezone.now() - datetime.timedelta(hours=1),
        location="",
        officers=[],
        other_attendees="",
        summary="Mine",
        follow_up="",
    )
    services.contact_amend(expected_number=1, **amend)
    with pytest.raises(ValidationError, match="Someone amended this contact"):
        services.contact_amend(expected_number=1, **amend)


def test_an_amendment_needs_a_reason(colleague, team):
    contact = _contact(SupportCaseFactory(team=team), colleague)
    with pytest.raises(ValidationError):
        services.contact_amend(
            contact=contact,
            officer=colleague,
            expected_number=1,
            reason=" ",
            occurred_at=timezone.now(),
            location="",
            officers=[],
            other_attendees="",
            summary="x",
            follow_up="",
        )


def test_earlier_versions_show_to_supervisors_only(signed_in, colleague, supervisor, team):
    contact = _contact(SupportCaseFactory(team=team), colleague)
    services.contact_amend(
        contact=contact,
        officer=colleague,
        expected_number=1,
        reason="Typo",
        occurred_at=timezone.now() - datetime.timedelta(hours=1),
        location="",
        officers=[],
        other_attendees="",
        summary="Corrected summary",
        follow_up="",
    )
    url = reverse("cases:contact_detail", args=[contact.case_id, contact.pk])
    officer_page = signed_in(colleague).get(url).content.decode()
    assert "Corrected summary" in officer_page
    assert "Original summary" not in officer_page
    supervisor_page = signed_in(supervisor).get(url).content.decode()
    assert "Original summary" in supervisor_page
    assert "Typo" in supervisor_page


def test_follow_up_actions_become_tasks_on_the_case(colleague, team):
    case = SupportCaseFactory(team=team)
    _contact(
        case,
        colleague,
        follow_up="Call the school\nBook a mentor",
        follow_up_assignee=colleague,
        follow_up_due=SOON,
    )
    assert sorted(Task.objects.filter(object_id=case.pk).values_list("title", flat=True)) == [
        "Book a mentor",
        "Call the school",
    ]


def test_follow_up_actions_need_someone_to_do_them(colleague, team):
    with pytest.raises(ValidationError):
        _contact(SupportCaseFactory(team=team), colleague, follow_up="Call the school")


def test_a_contact_in_the_future_is_refused(colleague, team):
    with pytest.raises(ValidationError):
        services.contact_record(
            case=SupportCaseFactory(team=team),
            officer=colleague,
            kind="call",
            occurred_at=timezone.now() + datetime.timedelta(days=1),
            location="",
            officers=[],
            other_attendees="",
            summary="x",
            follow_up="",
        )


def test_the_contact_page_records_a_contact_once(signed_in, colleague, team):
    case = SupportCaseFactory(team=team)
    today = timezone.localdate()
    data = {
        "kind": "call",
        "date_0": today.day,
        "date_1": today.month,
        "date_2": today.year,
        "time": "00:01",
        "summary": "Spoke to the parent (synthetic)",
    }
    client = signed_in(colleague)
    url = reverse("cases:contact_create", args=[case.pk])
    response = post_with_token(client, url, data)
    assert response.status_code == 302
    assert Contact.objects.filter(case=case).count() == 1


def test_the_contact_page_names_missing_fields(signed_in, colleague, team):
    case = SupportCaseFactory(team=team)
    response = post_with_token(
        signed_in(colleague), reverse("cases:contact_create", args=[case.pk]), {"kind": "call"}
    )
    body = response.content.decode()
    assert "Enter date" in body
    assert "Enter the time" in body
    assert "Enter summary" in body


def test_a_flag_with_expiry_shows_until_removed(signed_in, colleague, team):
    case = SupportCaseFactory(team=team)
    flag = services.case_flag_add(
        case=case, officer=colleague, kind="risk_to_officers", reason="Dog", expires_on=SOON
    )
    page = signed_in(colleague).get(case.get_absolute_url()).content.decode()
    assert "Risk to officers" in page
    services.case_flag_remove(flag=flag, officer=colleague, reason="Moved house")
    page = signed_in(colleague).get(case.get_absolute_url()).content.decode()
    assert 'data-testid="case-flags"' not in page


def test_a_flag_expiring_in_the_past_is_refused(colleague, team):
    with pytest.raises(ValidationError):
        services.case_flag_add(
            case=SupportCaseFactory(team=team),
            officer=colleague,
            kind="other",
            reason="x",
            expires_on=timezone.localdate() - datetime.timedelta(days=1),
        )


def test_a_supervisor_allocates_through_transfer_with_a_handover_note(supervisor, colleague, team):
    case = SupportCaseFactory(team=team)
    services.case_transfer(
        case=case,
        officer=supervisor,
        to_owner=colleague,
        to_team=None,
        to_region="",
        handover_note="Takes over the visits",
    )
    assert allocation_of(case).officer == colleague
    assert case.transfers.get().handover_note == "Takes over the visits"


def test_a_transfer_to_another_team_releases_the_allocation(
    supervisor, colleague, team, other_team
):
    case = SupportCaseFactory(team=team)
    services.case_transfer(
        case=case,
        officer=supervisor,
        to_owner=colleague,
        to_team=None,
        to_region="",
        handover_note="First",
    )
    offer = services.case_transfer(
        case=case,
        officer=supervisor,
        to_owner=None,
        to_team=other_team,
        to_region="North East",
        handover_note="Family moved",
    )
    receiving = UserFactory(role=role("supervisor"), team=other_team)
    services.case_transfer_accept(transfer=offer, officer=receiving)
    case.refresh_from_db()
    assert case.team == other_team
    assert allocation_of(case) is None
    assert not access.can(colleague, access.VIEW, case)


def test_an_officer_may_not_transfer(colleague, team):
    with pytest.raises(PermissionDenied):
        services.case_transfer(
            case=SupportCaseFactory(team=team),
            officer=colleague,
            to_owner=colleague,
            to_team=None,
            to_region="",
            handover_note="x",
        )


def test_the_sio_restricts_the_case_and_everything_in_it_follows(
    signed_in, sio, colleague, supervisor, team
):
    case = SupportCaseFactory(team=team)
    contact = RecordedContactFactory(case=case)
    services.case_restrict_by_sio(
        case=case, officer=sio, readers=[supervisor], reason="Live investigation"
    )
    client = signed_in(colleague)
    assert (
        client.get(reverse("cases:contact_detail", args=[case.pk, contact.pk])).status_code == 404
    )
    assert case.reference not in client.get(reverse("cases:case_list")).content.decode()
    assert signed_in(supervisor).get(case.get_absolute_url()).status_code == 200


def test_only_the_sio_may_restrict(colleague, team):
    with pytest.raises(PermissionDenied):
        services.case_restrict_by_sio(
            case=SupportCaseFactory(team=team), officer=colleague, readers=[], reason="x"
        )


def test_a_panel_that_does_not_adopt_must_have_considered_a_referral(supervisor, team):
    case = OpenCaseFactory(team=team)
    with pytest.raises(ValidationError) as error:
        services.panel_decision_record(
            case=case,
            officer=supervisor,
            decision="not_adopted",
            panel_date=timezone.localdate(),
            referral_considered=False,
            notes="x",
        )
    assert "referral_considered" in error.value.message_dict
    record = services.panel_decision_record(
        case=case,
        officer=supervisor,
        decision="not_adopted",
        panel_date=timezone.localdate(),
        referral_considered=True,
        notes="Referred to early help",
    )
    assert record.decision == "not_adopted"


def test_panel_decisions_are_for_channel_cases_and_supervisors(supervisor, colleague, team):
    with pytest.raises(ValidationError):
        services.panel_decision_record(
            case=OpenCaseFactory(team=team, case_type="plp"),
            officer=supervisor,
            decision="adopted",
            panel_date=timezone.localdate(),
            referral_considered=False,
            notes="x",
        )
    with pytest.raises(PermissionDenied):
        services.panel_decision_record(
            case=OpenCaseFactory(team=team),
            officer=colleague,
            decision="adopted",
            panel_date=timezone.localdate(),
            referral_considered=False,
            notes="x",
        )


def test_a_later_referral_about_the_same_person_is_attached(colleague, team):
    case = SupportCaseFactory(team=team)
    later = ReceivedReferralFactory(team=team, person=case.person)
    services.case_attach_referral(case=case, officer=colleague, referral=later, note="Repeat")
    assert set(case.case_referrals.values_list("link", flat=True)) == {"originating", "later"}
    other = ReceivedReferralFactory(team=team)
    with pytest.raises(ValidationError):
        services.case_attach_referral(case=case, officer=colleague, referral=other, note="")


def test_case_details_edit_refuses_a_stale_version(colleague, sio, team):
    case = SupportCaseFactory(team=team)
    services.case_update(case=case, officer=colleague, expected_version=1, niche_reference="NC1")
    with pytest.raises(ValidationError, match="Someone else changed"):
        services.case_update(
            case=case, officer=colleague, expected_version=1, channel_reference="CH"
        )


@pytest.mark.parametrize(
    ("occurred_at", "message"),
    [
        (datetime.datetime(504, 6, 28, 22, 26, tzinfo=datetime.UTC), "on or after 1 January 2000"),
        (timezone.now() + datetime.timedelta(days=1), "must not be in the future"),
    ],
)
def test_a_contact_amended_to_an_impossible_time_is_refused_and_not_saved(
    colleague, team, occurred_at, message
):
    contact = _contact(SupportCaseFactory(team=team), colleague)
    with pytest.raises(ValidationError, match=message):
        services.contact_amend(
            contact=contact,
            officer=colleague,
            expected_number=1,
            reason="Wrong date",
            occurred_at=occurred_at,
            location="",
            officers=[],
            other_attendees="",
            summary="Mine",
            follow_up="",
        )
    assert contact.versions.count() == 1


def test_a_contact_recorded_with_a_year_before_prevent_case_records_is_refused(colleague, team):
    with pytest.raises(ValidationError, match="on or after 1 January 2000"):
        _contact(
            SupportCaseFactory(team=team),
            colleague,
            occurred_at=datetime.datetime(1999, 12, 31, 12, tzinfo=datetime.UTC),
        )
