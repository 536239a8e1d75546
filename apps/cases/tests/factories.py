"""Case factories, named after their state. Synthetic data only."""

import datetime

import factory
from django.utils import timezone

from apps.accounts.tests.factories import TeamFactory, UserFactory
from apps.cases.choices import (
    CaseStatus,
    CaseType,
    ContactKind,
    ReferralLink,
    ReviewKind,
)
from apps.cases.models import (
    Case,
    CaseReferral,
    Contact,
    ContactVersion,
    Direction,
    ReoffendingCheck,
    Review,
)
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

    @factory.post_generation
    def originating(self, create, extracted, **kwargs):
        if create:
            CaseReferral.objects.create(
                case=self, referral=self.referral, link=ReferralLink.ORIGINATING
            )


class AssessmentCaseFactory(OpenCaseFactory):
    status = CaseStatus.ASSESSMENT


class SupportCaseFactory(OpenCaseFactory):
    status = CaseStatus.SUPPORT


class ReviewStageCaseFactory(OpenCaseFactory):
    status = CaseStatus.REVIEW


class ExitedCaseFactory(OpenCaseFactory):
    status = CaseStatus.EXITED
    ended_at = factory.LazyFunction(timezone.now)
    end_reason = "Vulnerability much reduced (synthetic)."
    exit_decided_by = "supervisor"


class ClosedCaseFactory(OpenCaseFactory):
    status = CaseStatus.CLOSED
    ended_at = factory.LazyFunction(timezone.now)


class OutstandingDirectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Direction

    case = factory.SubFactory(SupportCaseFactory)
    tactic = "Engagement visit with the family"
    rationale = "Synthetic rationale: understand the home setting."
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
    tasked_officer = factory.SubFactory(UserFactory)


class DueReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    case = factory.SubFactory(SupportCaseFactory)
    kind = ReviewKind.CASE_REVIEW
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class RecordedContactFactory(factory.django.DjangoModelFactory):
    """A contact with its first version."""

    class Meta:
        model = Contact
        skip_postgeneration_save = True

    case = factory.SubFactory(SupportCaseFactory)
    kind = ContactKind.ENGAGEMENT_VISIT

    @factory.post_generation
    def first_version(self, create, extracted, **kwargs):
        if create:
            ContactVersion.objects.create(
                contact=self,
                number=1,
                occurred_at=timezone.now() - datetime.timedelta(days=1),
                location="Community centre (synthetic)",
                summary=kwargs.get("summary", "Synthetic summary of the visit."),
                created_by=self.created_by,
            )


class DueCheckFactory(factory.django.DjangoModelFactory):
    """A re-offending check due 6 months after the intervention ended (Cyber Prevent)."""

    class Meta:
        model = ReoffendingCheck

    case = factory.SubFactory(ExitedCaseFactory, case_type=CaseType.CYBER_PREVENT)
    anchor = "intervention_end"
    anchored_on = datetime.date(2025, 1, 1)
    offset_months = 6
    due_on = datetime.date(2025, 7, 1)
