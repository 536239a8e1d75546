"""Restriction follows the person: through person_restrict, merges and un-merges.

Issue 7, item 1: a person merged into or out of a restricted person is restricted too,
with their open referrals and cases, each audited on its own record.
"""

import pytest

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.cases.models import Case
from apps.cases.tests.factories import OpenCaseFactory
from apps.matching import deconfliction
from apps.people import services
from apps.people.tests.factories import PersonFactory
from apps.people.tests.restriction_checks import (
    assert_person_hidden,
    assert_person_visible,
    assert_restricted_and_audited,
)
from apps.referrals.tests.factories import AssessmentReferralFactory, DeconflictionReferralFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def readers(sio, gateway_officer, named_supervisor):
    return [sio, gateway_officer, named_supervisor]


def trace(referral, *, officer, sio, supervisor):
    deconfliction.live_investigation_check_record(
        referral=referral,
        officer=officer,
        result="trace",
        sio=sio,
        supervisor=supervisor,
        note="OP-REF-0002",
    )


@pytest.fixture
def traced(team, gateway_officer, sio, named_supervisor):
    """A person restricted by a trace on their referral."""
    person = PersonFactory(team=team, given_name="Tobias", family_name="Pellowegrave")
    referral = DeconflictionReferralFactory(team=team, person=person)
    trace(referral, officer=gateway_officer, sio=sio, supervisor=named_supervisor)
    person.refresh_from_db()
    return person


@pytest.fixture
def other(team):
    """The same person under another record, with an open referral and an open case."""
    person = PersonFactory(team=team, given_name="Toby", family_name="Pellowgraves")
    AssessmentReferralFactory(team=team, person=person)
    OpenCaseFactory(team=team, person=person)
    return person


def open_records(person):
    return [
        *person.referrals.filter(status__in=["deconfliction", "assessment"]),
        *Case.objects.filter(person=person, status="open"),
    ]


def test_person_restrict_audits_the_access_list_by_username(team, gateway_officer, sio, person):
    services.person_restrict(
        person=person, officer=gateway_officer, readers=[sio, gateway_officer], reason="Trace"
    )
    person.refresh_from_db()
    assert person.is_restricted
    event = AuditEvent.objects.get(object_id=str(person.pk), action=AuditAction.UPDATE)
    assert event.justification == "Trace"
    assert event.changes == {
        "is_restricted": {"old": False, "new": True},
        "access_list": {"old": [], "new": sorted([sio.username, gateway_officer.username])},
    }


def test_restricting_a_person_restricts_their_open_referrals_but_not_decided_ones(
    team, gateway_officer, sio, person
):
    open_referral = AssessmentReferralFactory(team=team, person=person)
    decided = AssessmentReferralFactory(team=team, person=person, status="decided")
    services.person_restrict(person=person, officer=gateway_officer, readers=[sio], reason="Trace")
    assert_restricted_and_audited(open_referral, readers=[sio])
    decided.refresh_from_db()
    assert not decided.is_restricted


def test_merging_into_a_restricted_person_restricts_the_merged_record_and_what_moved(
    client, traced, other, gateway_officer, readers, not_on_the_list
):
    moving = open_records(other)
    services.person_merge(
        officer=gateway_officer, survivor=traced, merged=other, reason="Same DOB and school"
    )
    assert_restricted_and_audited(traced, other, *moving, readers=readers)
    assert_person_hidden(client, traced, users=not_on_the_list)
    assert_person_hidden(client, other, users=not_on_the_list)
    assert_person_visible(client, traced, users=readers)


def test_merging_a_restricted_person_into_another_restricts_the_survivor(
    client, traced, other, gateway_officer, readers, not_on_the_list
):
    survivors_own = open_records(other)
    services.person_merge(
        officer=gateway_officer, survivor=other, merged=traced, reason="Same DOB and school"
    )
    assert_restricted_and_audited(other, *survivors_own, readers=readers)
    assert_person_hidden(client, other, users=not_on_the_list)


def test_the_survivor_of_a_merge_gets_both_access_lists(
    team, traced, gateway_officer, sio, make_user, readers
):
    second_sio = make_user("sio", username="second.sio")
    elsewhere = PersonFactory(team=team, family_name="Pellowgraves")
    services.person_restrict(
        person=elsewhere, officer=gateway_officer, readers=[second_sio, gateway_officer], reason="x"
    )
    services.person_merge(officer=gateway_officer, survivor=traced, merged=elsewhere, reason="y")
    traced.refresh_from_db()
    assert set(traced.access_list.all()) == {*readers, second_sio}


def test_unmerging_keeps_the_split_out_record_restricted(
    client, traced, other, gateway_officer, readers, not_on_the_list
):
    moving = open_records(other)
    merge = services.person_merge(
        officer=gateway_officer, survivor=traced, merged=other, reason="Looked the same"
    )
    services.person_unmerge(officer=gateway_officer, merge=merge, reason="Different fathers")
    other.refresh_from_db()
    assert other.merged_into is None
    assert set(open_records(other)) == set(moving)
    assert_restricted_and_audited(other, *moving, readers=readers)
    assert_person_hidden(client, other, users=not_on_the_list)


def test_a_record_split_out_of_a_person_restricted_after_the_merge_is_restricted(
    client, team, other, gateway_officer, sio, named_supervisor, readers, not_on_the_list
):
    survivor = PersonFactory(team=team, given_name="Tobias", family_name="Pellowegrave")
    referral = DeconflictionReferralFactory(team=team, person=survivor)
    moving = open_records(other)
    merge = services.person_merge(
        officer=gateway_officer, survivor=survivor, merged=other, reason="Looked the same"
    )
    trace(referral, officer=gateway_officer, sio=sio, supervisor=named_supervisor)
    assert_restricted_and_audited(survivor, *moving, readers=readers)
    services.person_unmerge(officer=gateway_officer, merge=merge, reason="Different fathers")
    assert_restricted_and_audited(other, *moving, readers=readers)
    assert_person_hidden(client, other, users=not_on_the_list)
    assert AuditEvent.objects.filter(
        object_id=str(other.pk), action=AuditAction.UPDATE, justification__contains="Un-merge"
    ).exists()


def test_someone_who_has_left_does_not_stop_a_later_restriction(
    team, gateway_officer, sio, make_user, person
):
    former_sio = make_user("sio", username="former.sio")
    referral = AssessmentReferralFactory(team=team, person=person)
    services.person_restrict(
        person=person, officer=gateway_officer, readers=[former_sio], reason="Old trace"
    )
    former_sio.is_active = False
    former_sio.save()
    later = AssessmentReferralFactory(team=team, person=person)
    services.person_restrict(person=person, officer=gateway_officer, readers=[sio], reason="New")
    assert_restricted_and_audited(person, referral, later, readers=[sio])
    later.refresh_from_db()
    assert former_sio not in later.access_list.all()


def test_a_decided_referral_says_nothing_of_its_person_once_they_are_restricted(
    client, team, gateway_officer, sio, colleague, person
):
    decided = AssessmentReferralFactory(team=team, person=person, status="decided")
    client.force_login(colleague)
    assert person.reference in client.get(decided.get_absolute_url()).content.decode()
    services.person_restrict(person=person, officer=gateway_officer, readers=[sio], reason="Trace")
    page = client.get(decided.get_absolute_url()).content.decode()
    assert person.reference not in page
    client.force_login(sio)
    assert person.reference in client.get(decided.get_absolute_url()).content.decode()
