"""Editing a person: audited, guarded against overwriting a colleague's change."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.core.concurrency import sign_snapshot
from apps.core.tests.forms import post_with_token
from apps.people import services
from apps.people.models import Person

pytestmark = pytest.mark.django_db


def details(person, **overrides):
    """The edit form as it was opened now, with `overrides` typed in."""
    data = {
        "version": person.version,
        "snapshot": sign_snapshot(person, services.EDITABLE_FIELDS),
        "given_name": person.given_name,
        "family_name": person.family_name,
        "gender": person.gender,
        "date_of_birth_0": person.date_of_birth.day,
        "date_of_birth_1": person.date_of_birth.month,
        "date_of_birth_2": person.date_of_birth.year,
    }
    data.update(overrides)
    return data


def test_officer_changes_details_and_the_change_is_audited(client, gateway_officer, person):
    client.force_login(gateway_officer)
    response = client.post(
        reverse("people:person_edit", args=[person.pk]),
        details(person, family_name="Newname", needs=["autism"]),
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.family_name == "Newname"
    assert person.needs == ["autism"]
    assert person.needs_recorded
    assert person.version == 2
    event = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert event.changes["family_name"]["new"] == "Newname"
    assert person.match_record["surname"] == "Newname"


def test_a_colleagues_change_to_another_field_is_kept_with_mine(
    client, gateway_officer, colleague, person
):
    client.force_login(gateway_officer)
    opened = details(person, family_name="Mine", nationality="Irish")
    services.person_update(
        person=person, officer=colleague, expected_version=person.version, given_name="Theirs"
    )
    response = client.post(reverse("people:person_edit", args=[person.pk]), opened)
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.given_name, person.family_name, person.nationality) == (
        "Theirs",
        "Mine",
        "Irish",
    )
    assert person.version == 3
    notices = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("Theirs are kept too: Given name" in notice for notice in notices)
    mine = AuditEvent.objects.filter(action=AuditAction.UPDATE, actor=gateway_officer).get()
    assert set(mine.changes) == {"family_name", "nationality"}


def test_a_change_to_the_same_field_is_refused_with_both_values_and_nothing_typed_lost(
    client, gateway_officer, colleague, person
):
    client.force_login(gateway_officer)
    url = reverse("people:person_edit", args=[person.pk])
    opened = details(person, family_name="Mine", gender="female", nationality="Irish")
    services.person_update(
        person=person,
        officer=colleague,
        expected_version=person.version,
        family_name="Theirs",
        gender="male",
        first_language="Welsh",
    )
    response = client.post(url, opened)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Family name was changed by someone else to “Theirs”" in page
    assert "You entered “Mine”" in page
    assert "Gender was changed by someone else to “Male”" in page
    assert "You entered “Female”" in page
    # What I typed is still in the form; the colleague's other change is shown, not undone.
    assert 'value="Mine"' in page
    assert 'value="Irish"' in page
    assert 'value="Welsh"' in page
    person.refresh_from_db()
    assert (person.family_name, person.nationality) == ("Theirs", "")

    # Saving again, having seen their value, writes mine and keeps their other change.
    form = response.context["form"]
    again = {**opened, "version": form.data["version"], "snapshot": form.data["snapshot"]}
    again["first_language"] = form.data["first_language"]
    assert client.post(url, again).status_code == 302
    person.refresh_from_db()
    assert (person.family_name, person.gender, person.nationality, person.first_language) == (
        "Mine",
        "female",
        "Irish",
        "Welsh",
    )


def test_a_snapshot_altered_in_the_browser_is_refused(client, gateway_officer, person):
    client.force_login(gateway_officer)
    forged = details(person, given_name="Forged", snapshot="not-a-signed-snapshot")
    response = client.post(reverse("people:person_edit", args=[person.pk]), forged)
    assert "This form could not be checked" in response.content.decode()
    assert Person.objects.get(pk=person.pk).given_name != "Forged"


def test_bad_input_is_refused_and_nothing_changes(client, gateway_officer, person):
    client.force_login(gateway_officer)
    response = client.post(
        reverse("people:person_edit", args=[person.pk]),
        details(person, given_name="", estimated_age="15"),
    )
    page = response.content.decode()
    assert "There is a problem" in page
    assert "not both" in page
    assert Person.objects.get(pk=person.pk).version == 1


def test_names_addresses_and_identifiers_are_added(client, gateway_officer, person):
    client.force_login(gateway_officer)
    post_with_token(
        client,
        reverse("people:person_name_add", args=[person.pk]),
        {"kind": "alias", "given_name": "Jay", "family_name": ""},
    )
    post_with_token(
        client,
        reverse("people:person_address_add", args=[person.pk]),
        {"line_1": "9 New Street", "postcode": "ox1 1aa", "is_current": "on"},
    )
    post_with_token(
        client,
        reverse("people:person_identifier_add", args=[person.pk]),
        {"kind": "pnc", "value": "26/123456A"},
    )
    response = post_with_token(
        client,
        reverse("people:person_identifier_add", args=[person.pk]),
        {"kind": "pnc", "value": "26/123456a"},
    )
    assert "already recorded" in response.content.decode()
    assert person.other_names.get().given_name == "Jay"
    assert person.addresses.get(is_current=True).postcode == "OX1 1AA"
    assert person.identifiers.count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE).count() == 3


@pytest.mark.parametrize("name", ["person_edit", "person_name_add", "person_address_add"])
def test_outsiders_get_404_and_view_only_roles_get_403(client, outsider, sio, person, name):
    client.force_login(outsider)
    assert client.get(reverse(f"people:{name}", args=[person.pk])).status_code == 404
    client.force_login(sio)
    assert client.get(reverse(f"people:{name}", args=[person.pk])).status_code == 403


def test_the_date_of_birth_is_a_govuk_date_input_with_its_messages(client, gateway_officer, person):
    client.force_login(gateway_officer)
    url = reverse("people:person_edit", args=[person.pk])
    page = client.get(url).content.decode()
    assert 'class="govuk-date-input"' in page
    assert f'value="{person.date_of_birth.year}"' in page
    response = client.post(url, details(person, date_of_birth_1="", date_of_birth_2="2999"))
    content = response.content.decode()
    assert 'href="#id_date_of_birth_1">Date of birth must include a month' in content
    response = client.post(url, details(person, date_of_birth_2="2999"))
    assert "Date of birth must be in the past" in response.content.decode()
    person.refresh_from_db()
    assert person.date_of_birth.year != 2999
