"""Every record another app keeps about a person is registered, and follows a merge."""

import pytest
from django.apps import apps
from django.db import models

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.cases.tests.factories import OpenCaseFactory
from apps.people import services
from apps.people.models import Person
from apps.people.registry import person_links
from apps.people.tests.factories import PersonFactory
from apps.referrals.tests.factories import ReceivedReferralFactory


def _foreign_keys_to_person() -> set[tuple[str, str]]:
    found = set()
    for model in apps.get_models():
        if model._meta.app_label == "people":
            continue  # people moves its own names, addresses and identifiers itself
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey) and field.related_model is Person:
                found.add((model._meta.label_lower, field.name))
    return found


def test_every_model_outside_people_that_points_at_a_person_is_registered():
    registered = {(link.model._meta.label_lower, link.field) for link in person_links()}
    missing = _foreign_keys_to_person() - registered
    assert not missing, (
        f"Register these in their app's ready() with people.registry.register_person_link: "
        f"{sorted(missing)}"
    )
    assert {"referrals.referral", "cases.case"} <= {label for label, _ in registered}


@pytest.mark.django_db
def test_merge_moves_every_registered_link_lists_them_and_unmerge_moves_them_back(
    gateway_officer, team
):
    survivor = PersonFactory(team=team, given_name="Ayo", family_name="Bankole")
    merged = PersonFactory(team=team, given_name="Ayodele", family_name="Bankole")
    referral = ReceivedReferralFactory(team=team, person=merged)
    case = OpenCaseFactory(team=team, person=merged)

    merge = services.person_merge(
        officer=gateway_officer, survivor=survivor, merged=merged, reason="Same school and DOB"
    )
    referral.refresh_from_db()
    case.refresh_from_db()
    assert (referral.person, case.person) == (survivor, survivor)
    event = AuditEvent.objects.get(action=AuditAction.MERGE)
    assert {"referrals", "cases"} <= set(event.detail["links"])
    assert "match_decisions" not in event.detail["links"]  # decisions stay with their record
    assert event.detail["moved"]["cases"] == [str(case.pk)]

    services.person_unmerge(officer=gateway_officer, merge=merge, reason="Different people")
    referral.refresh_from_db()
    case.refresh_from_db()
    assert (referral.person, case.person) == (merged, merged)
    undone = AuditEvent.objects.get(action=AuditAction.UNMERGE)
    assert set(undone.detail["links"]) == {"referrals", "cases"}


@pytest.mark.django_db
def test_match_keys_change_with_the_person_in_the_same_transaction(gateway_officer, team):
    person = PersonFactory(team=team, given_name="Tomasz", family_name="Wren")
    services.person_changed(person=person)
    keys_before = set(person.match_keys.values_list("key", flat=True))
    services.person_update(
        person=person, officer=gateway_officer, expected_version=person.version, family_name="Lark"
    )
    keys_after = set(person.match_keys.values_list("key", flat=True))
    assert keys_after != keys_before
    assert person.match_record["surname"] == "Lark"
