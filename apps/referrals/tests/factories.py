"""Referral factories, named after their Gateway stage. Synthetic data only."""

import datetime

import factory

from apps.accounts.tests.factories import TeamFactory
from apps.reference.models import ConcernType, ReferralSector
from apps.referrals.choices import Awareness, ReferralChannel, ReferralStatus
from apps.referrals.models import Referral
from apps.referrals.validation import PAGES


class ReceivedReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"PR-2026-{n + 1:05d}")
    team = factory.SubFactory(TeamFactory)
    date_received = factory.LazyFunction(lambda: datetime.date(2026, 11, 16))
    due_date = factory.LazyFunction(lambda: datetime.date(2026, 11, 23))
    channel = ReferralChannel.EMAIL
    subject_given_name = factory.Faker("first_name")
    subject_family_name = factory.Faker("last_name")
    subject_date_of_birth = datetime.date(2009, 4, 12)
    subject_postcode = "RG1 1AA"
    referrer_name = factory.Faker("name")
    referrer_organisation = "Oakfield Academy"
    sector = factory.LazyFunction(lambda: ReferralSector.objects.get(code="education"))
    concern = "Synthetic concern text for testing."
    concern_type = factory.LazyFunction(
        lambda: ConcernType.objects.get(scheme="2024/25", code="no-ideology")
    )
    person_aware = Awareness.NO
    parents_aware = Awareness.YES


class DeconflictionReferralFactory(ReceivedReferralFactory):
    status = ReferralStatus.DECONFLICTION


class AssessmentReferralFactory(ReceivedReferralFactory):
    status = ReferralStatus.ASSESSMENT
    live_investigation_check = "no_trace"


def referral_row(**overrides) -> dict:
    """One valid referral as an import row or API body."""
    row = {
        "source_reference": "SYN-2026-000001",
        "date_received": "2026-11-16",
        "channel": "E-mail",
        "given_name": "Jordan",
        "family_name": "Testperson",
        "date_of_birth": "2009-04-12",
        "gender": "Male",
        "address_line_1": "1 Example Street",
        "town": "Reading",
        "postcode": "rg1 1aa",
        "referrer_name": "Sam Referrer",
        "referrer_organisation": "Oakfield Academy",
        "sector": "Education",
        "concern": "The pupil has been sharing violent material with classmates.",
        "concern_type": "No ideology identified",
        "person_aware": "no",
        "parents_aware": "yes",
    }
    row.update(overrides)
    return row


def page_data(page: str, row: dict) -> dict:
    """What a person types on one page of the web form for a row: ISO dates as the
    GOV.UK date input's day, month and year boxes."""
    data = {}
    for name in PAGES[page]:
        value = row.get(name, "")
        if name in DATE_FIELDS:
            data |= date_boxes(name, value)
        else:
            data[name] = value
    return data


DATE_FIELDS = ("date_of_birth", "date_received")


def date_boxes(name: str, value: str) -> dict:
    """An ISO date ("2009-03-14") as the three boxes of a date input; blank stays blank."""
    year, month, day = value.split("-") if value else ("", "", "")
    return {f"{name}_0": day, f"{name}_1": month, f"{name}_2": year}
