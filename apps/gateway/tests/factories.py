"""Gateway factories, named after their state. Synthetic data only."""

import datetime

import factory
from django.utils import timezone

from apps.accounts.tests.factories import TeamFactory, UserFactory
from apps.gateway.choices import DecisionStatus, EnquiryDirection, Outcome
from apps.gateway.models import Enquiry, GatewayDecision
from apps.people.tests.factories import PersonFactory
from apps.referrals.choices import ReferralStatus
from apps.referrals.tests.factories import ReceivedReferralFactory


class OpenEnquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enquiry

    reference = factory.Sequence(lambda n: f"EQ-2026-{n + 1:05d}")
    team = factory.SubFactory(TeamFactory)
    direction = EnquiryDirection.EXTERNAL
    received_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=2))
    enquirer = "Local authority Prevent lead"
    subject = "Synthetic enquiry about referral figures"


class AnsweredEnquiryFactory(OpenEnquiryFactory):
    response = "Figures sent."
    responded_at = factory.LazyFunction(timezone.now)


class AwaitingSignOffDecisionFactory(factory.django.DjangoModelFactory):
    """A proposed Channel decision about a known person; its referral waits for sign-off."""

    class Meta:
        model = GatewayDecision

    referral = factory.SubFactory(
        ReceivedReferralFactory,
        status=ReferralStatus.AWAITING_SIGN_OFF,
        person=factory.SubFactory(PersonFactory, team=factory.SelfAttribute("..team")),
        live_investigation_check="no_trace",
    )
    outcome = Outcome.CHANNEL
    rationale = "Synthetic rationale for testing."
    threshold_met = True
    status = DecisionStatus.AWAITING_SIGN_OFF
    proposed_by = factory.SubFactory(UserFactory)


class SignedOffDecisionFactory(AwaitingSignOffDecisionFactory):
    referral = factory.SubFactory(ReceivedReferralFactory, status=ReferralStatus.DECIDED)
    status = DecisionStatus.SIGNED_OFF


class ReturnedDecisionFactory(AwaitingSignOffDecisionFactory):
    referral = factory.SubFactory(ReceivedReferralFactory, status=ReferralStatus.ASSESSMENT)
    status = DecisionStatus.RETURNED
    sign_off_comment = "Ask the school for its view."
