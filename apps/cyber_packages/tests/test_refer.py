"""Opening a case for a subject: the normal intake, de-confliction at once, linked back."""

import pytest
from django.core.exceptions import ValidationError

from apps.cyber_packages.services import subject_refer
from apps.cyber_packages.tests.factories import NamedSubjectFactory, PendingSubjectFactory
from apps.referrals.models import Referral

pytestmark = pytest.mark.django_db

CONCERN = {
    "concern": "Paid for a booter service used against a school's network (synthetic).",
    "concern_type": "other",
    "computer_misuse_sections": ["s3"],
    "person_aware": "no",
    "parents_aware": "no",
}


def test_a_named_subject_becomes_a_cyber_referral_in_de_confliction(cyber_officer):
    subject = NamedSubjectFactory(package__operation__team=cyber_officer.team)
    referral = subject_refer(subject=subject, officer=cyber_officer, data=CONCERN)
    subject.refresh_from_db()
    assert subject.referral == referral
    assert referral.is_cyber
    assert referral.channel == "package"
    assert (referral.subject_given_name, referral.subject_family_name) == ("Tobias", "Quenby")
    assert referral.status == "deconfliction"
    with pytest.raises(ValidationError):
        subject_refer(subject=subject, officer=cyber_officer, data=CONCERN)
    assert Referral.objects.count() == 1


def test_a_subject_without_a_name_cannot_be_referred(cyber_officer):
    subject = PendingSubjectFactory(package__operation__team=cyber_officer.team)
    with pytest.raises(ValidationError) as refused:
        subject_refer(subject=subject, officer=cyber_officer, data=CONCERN)
    assert "given_name" in refused.value.message_dict
    assert not Referral.objects.exists()


def test_bad_concern_data_names_the_field_and_stores_nothing(cyber_officer):
    subject = NamedSubjectFactory(package__operation__team=cyber_officer.team)
    with pytest.raises(ValidationError) as refused:
        subject_refer(subject=subject, officer=cyber_officer, data={**CONCERN, "concern": ""})
    assert "concern" in refused.value.message_dict
    subject.refresh_from_db()
    assert subject.referral is None
    assert not Referral.objects.exists()
