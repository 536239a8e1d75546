"""Gateway factories, named after their state. Synthetic data only."""

import datetime

import factory
from django.utils import timezone

from apps.accounts.tests.factories import TeamFactory
from apps.gateway.choices import EnquiryDirection
from apps.gateway.models import Enquiry


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
