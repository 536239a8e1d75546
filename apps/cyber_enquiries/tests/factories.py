"""Cyber Prevent enquiry and campaign factories, named after their stage. Synthetic only."""

import datetime

import factory

from apps.accounts.tests.factories import TeamFactory
from apps.cyber_enquiries.choices import ContactMethod, EnquiryStatus
from apps.cyber_enquiries.models import (
    AgeBand,
    CampaignActivity,
    CyberEnquiry,
    EnquirerType,
)


class ReceivedEnquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CyberEnquiry
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"CE-2026-{n + 1:05d}")
    team = factory.SubFactory(TeamFactory, kind="cyber")
    received_on = factory.LazyFunction(lambda: datetime.date(2026, 11, 2))
    enquirer_type = factory.LazyFunction(lambda: EnquirerType.objects.get(code="school"))
    enquirer_organisation_name = "Oakfield Academy"
    contact_method = ContactMethod.EMAIL
    enquirer_contact = "Designated safeguarding lead, dsl@oakfield.example"
    age_band = factory.LazyFunction(lambda: AgeBand.objects.get(code="14-15"))
    concern = "A pupil boasted of taking a gaming server offline with a booter service."


class SuitableEnquiryFactory(ReceivedEnquiryFactory):
    status = EnquiryStatus.SUITABLE


class NotSuitableEnquiryFactory(ReceivedEnquiryFactory):
    status = EnquiryStatus.NOT_SUITABLE


class CampaignActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignActivity
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"CC-2026-{n + 1:05d}")
    team = factory.SubFactory(TeamFactory, kind="cyber")
    title = "Cyber Choices assembly resources"
    held_on = factory.LazyFunction(lambda: datetime.date(2026, 10, 5))
    description = "Leaflets and lesson plans left with the computing department."
