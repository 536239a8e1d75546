"""Enquiries: anonymous (no Person, never found by name), decided through the workflow,
converted through the normal intake with de-confliction, disposed of with a tombstone."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import override_settings

from apps.audit.models import AuditEvent
from apps.cyber_enquiries import services
from apps.cyber_enquiries.choices import EnquiryStatus, SuitabilityOutcome
from apps.cyber_enquiries.models import (
    AgeBand,
    CyberEnquiry,
    CyberInterest,
    DisposedEnquiry,
    EnquirerType,
    SignpostingService,
    SuitabilityDecision,
)
from apps.cyber_enquiries.tests.factories import ReceivedEnquiryFactory, SuitableEnquiryFactory
from apps.people.models import Person
from apps.referrals.choices import ReferralStatus

pytestmark = pytest.mark.django_db


def _answers(**overrides) -> dict:
    answers = {
        "received_on": datetime.date(2026, 11, 2),
        "enquirer_type": EnquirerType.objects.get(code="parent-or-carer"),
        "contact_method": "phone",
        "enquirer_contact": "Parent, 01632 960001",
        "age_band": AgeBand.objects.get(code="14-15"),
        "concern": "My son says he can get into other players' accounts.",
        "interests": list(CyberInterest.objects.filter(code__in=["gaming", "coding"])),
        "skill_level": "advanced",
        "vpn_use": "yes",
        "autism": "self_identifies",
    }
    return {**answers, **overrides}


def _full_referral(**overrides) -> dict:
    data = {
        "date_received": "2026-11-20",
        "channel": "email",
        "given_name": "Rowan",
        "family_name": "Qwvexample",
        "date_of_birth": "2011-05-04",
        "referrer_name": "Alex Parent",
        "sector": "friends-and-family",
        "concern": "Accessing other players' accounts; booter service use.",
        "concern_type": "no-ideology",
        "person_aware": "yes",
        "parents_aware": "yes",
    }
    return {**data, **overrides}


def test_an_enquiry_records_the_answers_and_creates_no_person(cyber_officer):
    people_before = Person.objects.count()

    enquiry = services.enquiry_create(officer=cyber_officer, **_answers())

    assert enquiry.reference.startswith("CE-")
    assert enquiry.team == cyber_officer.team
    assert enquiry.status == EnquiryStatus.RECEIVED
    assert {item.code for item in enquiry.interests.all()} == {"gaming", "coding"}
    assert Person.objects.count() == people_before
    assert not any(
        field.name in ("person", "given_name", "family_name")
        for field in CyberEnquiry._meta.get_fields()
    )
    assert AuditEvent.objects.filter(action="create", object_id=str(enquiry.pk)).count() == 1


def test_usernames_are_kept_only_when_the_enquirer_offered_them(cyber_officer):
    with pytest.raises(ValidationError) as refused:
        services.enquiry_create(officer=cyber_officer, **_answers(usernames="gamer123"))
    assert "usernames" in refused.value.message_dict
    assert not CyberEnquiry.objects.exists()

    enquiry = services.enquiry_create(
        officer=cyber_officer, **_answers(usernames_offered=True, usernames="gamer123")
    )
    assert enquiry.usernames == "gamer123"


def test_an_enquiry_without_the_concern_is_refused_and_nothing_is_stored(cyber_officer):
    with pytest.raises(ValidationError) as refused:
        services.enquiry_create(officer=cyber_officer, **_answers(concern=""))
    assert "concern" in refused.value.message_dict
    assert not CyberEnquiry.objects.exists()


def test_a_ct_prevent_supervisor_may_not_record_an_enquiry(supervisor):
    with pytest.raises(PermissionDenied):
        services.enquiry_create(officer=supervisor, **_answers())
    assert not CyberEnquiry.objects.exists()


def test_a_gateway_officer_may_not_record_an_enquiry(gateway_officer):
    with pytest.raises(PermissionDenied):
        services.enquiry_create(officer=gateway_officer, **_answers())


def test_not_suitable_needs_signposting_and_is_recorded_with_its_rationale(cyber_officer):
    enquiry = ReceivedEnquiryFactory(team=cyber_officer.team)
    with pytest.raises(ValidationError) as refused:
        services.enquiry_decide(
            enquiry=enquiry,
            officer=cyber_officer,
            outcome=SuitabilityOutcome.NOT_SUITABLE,
            rationale="Fraud, not cyber-dependent crime.",
        )
    assert "signposted_to" in refused.value.message_dict

    decision = services.enquiry_decide(
        enquiry=enquiry,
        officer=cyber_officer,
        outcome=SuitabilityOutcome.NOT_SUITABLE,
        rationale="Fraud, not cyber-dependent crime.",
        signposted_to=SignpostingService.objects.get(code="action-fraud"),
    )

    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.NOT_SUITABLE
    assert decision.signposted_to.code == "action-fraud"
    event = AuditEvent.objects.get(action="transition", object_id=str(enquiry.pk))
    assert event.changes["status"] == {"old": "received", "new": "not_suitable"}


def test_more_information_then_suitable_keeps_both_decisions(cyber_officer, cyber_supervisor):
    enquiry = ReceivedEnquiryFactory(team=cyber_officer.team)
    services.enquiry_decide(
        enquiry=enquiry,
        officer=cyber_officer,
        outcome=SuitabilityOutcome.MORE_INFORMATION,
        rationale="We need to know what the booter was used against.",
        information_needed="Which servers, and when",
    )
    services.enquiry_decide(
        enquiry=enquiry,
        officer=cyber_supervisor,
        outcome=SuitabilityOutcome.SUITABLE,
        rationale="DDoS against a game server: a Cyber Choices case.",
    )
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.SUITABLE
    assert list(enquiry.decisions.values_list("outcome", flat=True)) == [
        "more_information",
        "suitable",
    ]


def test_a_decided_enquiry_cannot_be_decided_again(cyber_officer):
    enquiry = SuitableEnquiryFactory(team=cyber_officer.team)
    with pytest.raises(ValidationError):
        services.enquiry_decide(
            enquiry=enquiry,
            officer=cyber_officer,
            outcome=SuitabilityOutcome.SUITABLE,
            rationale="Again",
        )


def test_an_officer_of_another_cyber_team_may_not_decide(cyber_officer, make_user):
    other = make_user(
        "cyber_officer",
        username="other.cyber",
        team=ReceivedEnquiryFactory().team,
    )
    enquiry = ReceivedEnquiryFactory(team=cyber_officer.team)
    with pytest.raises(PermissionDenied):
        services.enquiry_decide(
            enquiry=enquiry,
            officer=other,
            outcome=SuitabilityOutcome.SUITABLE,
            rationale="Not my team's",
        )
    assert not SuitabilityDecision.objects.exists()


def test_conversion_goes_through_the_normal_intake_and_starts_deconfliction(cyber_officer):
    enquiry = SuitableEnquiryFactory(team=cyber_officer.team)
    people_before = Person.objects.count()

    referral = services.enquiry_convert(
        enquiry=enquiry, officer=cyber_officer, data=_full_referral()
    )

    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.CONVERTED
    assert enquiry.referral == referral
    assert referral.reference.startswith("PR-")
    assert referral.is_cyber
    assert referral.status == ReferralStatus.DECONFLICTION
    assert referral.person is None  # the Gateway officer decides who it is
    assert Person.objects.count() == people_before
    # The enquiry keeps its content and history.
    assert enquiry.concern.startswith("A pupil boasted")
    steps = list(
        AuditEvent.objects.filter(object_id=str(referral.pk)).values_list("action", flat=True)
    )
    assert sorted(steps) == ["create", "transition"]
    assert AuditEvent.objects.filter(
        object_id=str(enquiry.pk), action="transition", detail__referral=referral.reference
    ).exists()


def test_conversion_with_a_bad_referral_changes_nothing(cyber_officer):
    enquiry = SuitableEnquiryFactory(team=cyber_officer.team)
    with pytest.raises(ValidationError) as refused:
        services.enquiry_convert(
            enquiry=enquiry, officer=cyber_officer, data=_full_referral(given_name="")
        )
    assert "given_name" in refused.value.message_dict
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.SUITABLE
    assert enquiry.referral is None


def test_only_a_suitable_enquiry_is_converted(cyber_officer):
    enquiry = ReceivedEnquiryFactory(team=cyber_officer.team)
    with pytest.raises(ValidationError):
        services.enquiry_convert(enquiry=enquiry, officer=cyber_officer, data=_full_referral())


@override_settings(CYBER_ENQUIRY_RETENTION_DAYS=365)
def test_disposal_after_the_period_leaves_a_tombstone_and_an_audit_event(cyber_officer):
    old = ReceivedEnquiryFactory(team=cyber_officer.team, received_on=datetime.date(2025, 11, 1))
    recent = ReceivedEnquiryFactory(team=cyber_officer.team, received_on=datetime.date(2025, 11, 3))
    old_id, reference = str(old.pk), old.reference

    count = services.enquiries_dispose_due(today=datetime.date(2026, 11, 2))

    assert count == 1
    assert not CyberEnquiry.objects.filter(pk=old_id).exists()
    assert CyberEnquiry.objects.filter(pk=recent.pk).exists()
    tombstone = DisposedEnquiry.objects.get(reference=reference)
    assert tombstone.received_on == datetime.date(2025, 11, 1)
    assert tombstone.last_status == EnquiryStatus.RECEIVED
    assert tombstone.team == cyber_officer.team
    event = AuditEvent.objects.get(action="delete", object_id=old_id)
    assert event.object_reference == reference
    assert event.detail["reason"] == "Retention period ended without a referral"


@override_settings(CYBER_ENQUIRY_RETENTION_DAYS=30)
def test_the_period_is_a_setting_and_converted_enquiries_are_never_disposed_of(cyber_officer):
    enquiry = SuitableEnquiryFactory(team=cyber_officer.team, received_on=datetime.date(2026, 1, 5))
    services.enquiry_convert(enquiry=enquiry, officer=cyber_officer, data=_full_referral())
    not_yet = ReceivedEnquiryFactory(
        team=cyber_officer.team, received_on=datetime.date(2026, 10, 20)
    )

    assert services.enquiries_dispose_due(today=datetime.date(2026, 11, 2)) == 0
    assert services.enquiries_dispose_due(today=datetime.date(2026, 11, 20)) == 1
    assert CyberEnquiry.objects.filter(pk=enquiry.pk).exists()
    assert not CyberEnquiry.objects.filter(pk=not_yet.pk).exists()


def test_the_disposal_command_reports_how_many(cyber_officer, capsys):
    ReceivedEnquiryFactory(team=cyber_officer.team, received_on=datetime.date(2024, 1, 1))
    call_command("dispose_cyber_enquiries", "--date", "2026-11-02")
    assert "Disposed of 1 enquiry." in capsys.readouterr().out
    assert DisposedEnquiry.objects.count() == 1
