"""Who a subject is: identifiers matched exactly against the person index, candidates with
their evidence, and a person linked or created only by an officer — never from an
identifier alone."""

import pytest
from django.core.exceptions import ValidationError

from apps.audit.models import AuditEvent
from apps.cyber_packages.choices import Identification
from apps.cyber_packages.selectors import identifier_holders, subject_candidates
from apps.cyber_packages.services import subject_identify, subject_update
from apps.cyber_packages.tests.factories import NamedSubjectFactory, PendingSubjectFactory
from apps.people.models import Person, PersonIdentifier
from apps.people.services import person_identifier_add
from apps.people.tests.factories import PersonFactory, RestrictedPersonFactory

pytestmark = pytest.mark.django_db


def test_identifiers_are_matched_exactly_in_their_normalised_form(cyber_officer):
    holder = PersonFactory(team=cyber_officer.team)
    person_identifier_add(
        person=holder, officer=cyber_officer, kind="email", value="Booter.Fan@Example.com"
    )
    near = PersonFactory(team=cyber_officer.team)
    person_identifier_add(
        person=near, officer=cyber_officer, kind="email", value="booter.fan2@example.com"
    )
    subject = PendingSubjectFactory(package__operation__team=cyber_officer.team)
    subject.identifiers.create(
        kind="email", supplied="BOOTER.FAN@example.COM", value="booter.fan@example.com"
    )

    found = identifier_holders(user=cyber_officer, subject=subject)

    assert [row["reference"] for row in found] == [holder.reference]
    assert found[0]["identifiers"] == ["E-mail address: booter.fan@example.com"]


def test_a_restricted_holder_off_the_access_list_is_never_shown(cyber_officer):
    holder = RestrictedPersonFactory(team=cyber_officer.team)
    PersonIdentifier.objects.create(person=holder, kind="username", value="stressme")
    subject = PendingSubjectFactory(package__operation__team=cyber_officer.team)
    subject.identifiers.create(kind="username", supplied="stressme", value="stressme")
    assert identifier_holders(user=cyber_officer, subject=subject) == []


def test_the_candidates_search_is_recorded_with_the_subjects_reference(cyber_officer):
    subject = NamedSubjectFactory(package__operation__team=cyber_officer.team)
    result = subject_candidates(user=cyber_officer, subject=subject)
    assert result["people"] == []
    event = AuditEvent.objects.get(action="search")
    assert event.detail["terms"] == {"subject": subject.reference}
    assert "Quenby" not in str(event.detail)


def test_no_person_is_created_for_a_subject_without_a_name(cyber_officer):
    subject = PendingSubjectFactory(
        package__operation__team=cyber_officer.team, email="a@example.com"
    )
    with pytest.raises(ValidationError) as refused:
        subject_identify(
            subject=subject, officer=cyber_officer, outcome="new_person", reason="Not known"
        )
    assert "name is established" in str(refused.value)
    assert not Person.objects.exists()


def test_no_person_yet_keeps_the_identifiers_on_the_subject_only(cyber_officer):
    subject = PendingSubjectFactory(
        package__operation__team=cyber_officer.team, email="a@example.com"
    )
    subject = subject_identify(
        subject=subject,
        officer=cyber_officer,
        outcome=Identification.NO_PERSON,
        reason="Only an e-mail address: asked the provider for subscriber details.",
    )
    assert subject.identification == Identification.NO_PERSON
    assert subject.person is None
    assert not Person.objects.exists()
    assert not PersonIdentifier.objects.exists()


def test_a_new_person_is_created_once_the_name_is_established(cyber_officer):
    subject = PendingSubjectFactory(
        package__operation__team=cyber_officer.team, email="A@Example.com"
    )
    subject = subject_update(
        subject=subject,
        officer=cyber_officer,
        expected_version=subject.version,
        given_name="Marnie",
        family_name="Oxendale",
    )
    subject = subject_identify(
        subject=subject,
        officer=cyber_officer,
        outcome=Identification.NEW_PERSON,
        reason="Subscriber details from the provider name her; no one in the index.",
    )
    person = subject.person
    assert (person.given_name, person.family_name) == ("Marnie", "Oxendale")
    assert list(person.identifiers.values_list("kind", "value")) == [("email", "a@example.com")]
    event = AuditEvent.objects.get(
        object_reference=subject.reference, action="update", changes__has_key="identification"
    )
    assert event.changes["identification"]["new"] == "new_person"
    assert event.detail["identifiers_added"] == ["email:a@example.com"]


def test_a_match_links_the_person_and_adds_the_identifiers(cyber_officer):
    person = PersonFactory(team=cyber_officer.team)
    subject = NamedSubjectFactory(
        package__operation__team=cyber_officer.team, email="x@example.com"
    )
    subject = subject_identify(
        subject=subject,
        officer=cyber_officer,
        outcome=Identification.MATCHED,
        person=person,
        reason="Same name, date of birth and postcode.",
    )
    assert subject.person == person
    assert person.identifiers.filter(kind="email", value="x@example.com").exists()


def test_a_match_needs_the_person_and_a_reason(cyber_officer):
    subject = NamedSubjectFactory(package__operation__team=cyber_officer.team)
    with pytest.raises(ValidationError) as refused:
        subject_identify(subject=subject, officer=cyber_officer, outcome="matched", reason=" ")
    assert set(refused.value.message_dict) == {"person", "reason"}
