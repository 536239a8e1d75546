"""Gateway decision factories, named after their state. Synthetic data only."""

import factory

from apps.accounts.tests.factories import UserFactory
from apps.gateway.choices import DecisionStatus, Outcome
from apps.gateway.models import GatewayDecision
from apps.people.tests.factories import PersonFactory
from apps.referrals.choices import ReferralStatus
from apps.referrals.tests.factories import ReceivedReferralFactory


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
