"""Case factories, named after their state. Synthetic data only."""

import factory

from apps.accounts.tests.factories import TeamFactory, UserFactory
from apps.cases.choices import CaseStatus, CaseType
from apps.cases.models import Case
from apps.gateway.models import GatewayDecision
from apps.people.tests.factories import PersonFactory
from apps.referrals.tests.factories import ReceivedReferralFactory


class SignedOffDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GatewayDecision

    referral = factory.SubFactory(ReceivedReferralFactory, status="decided")
    outcome = "channel"
    rationale = "Synthetic rationale for testing."
    threshold_met = True
    status = "signed_off"
    proposed_by = factory.SubFactory(UserFactory)


class OpenCaseFactory(factory.django.DjangoModelFactory):
    """A Channel case opened from a signed-off decision about `person`."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"CS-2026-{n + 1:05d}")
    case_type = CaseType.CHANNEL
    status = CaseStatus.OPEN
    team = factory.SubFactory(TeamFactory)
    person = factory.SubFactory(PersonFactory, team=factory.SelfAttribute("..team"))
    gateway_decision = factory.SubFactory(
        SignedOffDecisionFactory,
        referral__team=factory.SelfAttribute("...team"),
        referral__person=factory.SelfAttribute("...person"),
    )
    referral = factory.SelfAttribute("gateway_decision.referral")


class ClosedCaseFactory(OpenCaseFactory):
    status = CaseStatus.CLOSED
