"""The person index over the API: the pages' services, access and audit, and If-Match edits."""

import pytest

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.people import services
from apps.people.models import NotSamePerson, Person, PersonIdentifier
from apps.people.tests.factories import PersonFactory, RestrictedPersonFactory

pytestmark = pytest.mark.django_db


def url(person, tail: str = "") -> str:
    return f"/api/v1/people/{person.pk}/{tail}"


def patch(client, person, body, **headers):
    return client.patch(url(person), body, content_type="application/json", headers=headers)


def post(client, path, body):
    return client.post(path, body, content_type="application/json")


@pytest.fixture
def officer_client(client, gateway_officer):
    client.force_login(gateway_officer)
    return client


# Reading


def test_a_person_is_read_with_an_etag_and_the_reading_is_recorded(
    officer_client, gateway_officer, person
):
    response = officer_client.get(url(person))
    assert response.status_code == 200
    assert response["ETag"] == f'"{person.version}"'
    body = response.json()
    assert (body["reference"], body["version"]) == (person.reference, person.version)
    assert {"other_names", "addresses", "identifiers", "merges"} <= set(body)
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, actor=gateway_officer, object_id=str(person.pk)
    ).exists()


def test_a_search_finds_by_name_and_records_the_terms_and_references(
    officer_client, gateway_officer, team
):
    found = PersonFactory(team=team, given_name="Tomasz", family_name="Wren")
    PersonFactory(team=team, given_name="Other", family_name="Lark")
    response = officer_client.get("/api/v1/people/", {"q": "wren"})
    assert response.status_code == 200
    assert [row["reference"] for row in response.json()["results"]] == [found.reference]
    search = AuditEvent.objects.get(action=AuditAction.SEARCH, actor=gateway_officer)
    assert search.detail["references"] == [found.reference]
    assert "Tomasz" not in str(search.detail)


def test_a_search_without_terms_is_refused_naming_the_parameter(officer_client):
    response = officer_client.get("/api/v1/people/")
    assert response.status_code == 400
    assert list(response.json()) == ["q"]


def test_a_restricted_person_is_a_404_and_never_listed(officer_client, team, sio):
    hidden = RestrictedPersonFactory(team=team, family_name="Hiddenname", access_list=[sio])
    assert officer_client.get(url(hidden)).status_code == 404
    listed = officer_client.get("/api/v1/people/", {"q": "Hiddenname"}).json()["results"]
    assert listed == []
    assert patch(officer_client, hidden, {"phone": "1"}, **{"If-Match": '"1"'}).status_code == 404


def test_someone_from_another_team_gets_404(client, outsider, person):
    client.force_login(outsider)
    assert client.get(url(person)).status_code == 404


# Changing details: If-Match


def test_a_change_with_the_current_etag_is_saved_audited_and_given_a_new_etag(
    officer_client, gateway_officer, person
):
    etag = officer_client.get(url(person))["ETag"]
    response = patch(officer_client, person, {"family_name": "Newname"}, **{"If-Match": etag})
    assert response.status_code == 200
    assert response.json()["family_name"] == "Newname"
    assert response["ETag"] == '"2"'
    person.refresh_from_db()
    assert (person.family_name, person.version) == ("Newname", 2)
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, actor=gateway_officer)
    assert event.changes["family_name"]["new"] == "Newname"


def test_a_change_without_if_match_is_a_428_and_changes_nothing(officer_client, person):
    response = patch(officer_client, person, {"family_name": "Newname"})
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]
    assert Person.objects.get(pk=person.pk).family_name == person.family_name


def test_a_stale_etag_is_a_412_with_the_current_record(officer_client, colleague, person):
    services.person_update(person=person, officer=colleague, expected_version=1, phone="0118")
    response = patch(officer_client, person, {"family_name": "Mine"}, **{"If-Match": '"1"'})
    assert response.status_code == 412
    assert response["ETag"] == '"2"'
    assert response.json()["phone"] == "0118"
    assert Person.objects.get(pk=person.pk).family_name == person.family_name


@pytest.mark.parametrize("header", ["*", "1", '"one"'])
def test_an_if_match_that_is_not_an_etag_is_a_400_naming_the_header(officer_client, person, header):
    response = patch(officer_client, person, {"phone": "1"}, **{"If-Match": header})
    assert response.status_code == 400
    assert list(response.json()) == ["If-Match"]


def test_bad_input_is_a_400_naming_the_field(officer_client, person):
    response = patch(
        officer_client,
        person,
        {"gender": "unknown-code", "estimated_age": 400},
        **{"If-Match": '"1"'},
    )
    assert response.status_code == 400
    assert set(response.json()) == {"gender", "estimated_age"}
    assert Person.objects.get(pk=person.pk).version == 1


def test_put_needs_every_changeable_field(officer_client, person):
    response = officer_client.put(
        url(person),
        {"family_name": "Only"},
        content_type="application/json",
        headers={"If-Match": '"1"'},
    )
    assert response.status_code == 400
    assert "given_name" in response.json()


def test_a_view_only_role_gets_403(client, sio, person):
    client.force_login(sio)
    response = patch(client, person, {"phone": "1"}, **{"If-Match": '"1"'})
    assert response.status_code == 403
    assert Person.objects.get(pk=person.pk).phone == ""


# Names, addresses and identifiers


def test_names_addresses_and_identifiers_are_added_and_audited(officer_client, person):
    name = post(officer_client, url(person, "names/"), {"kind": "alias", "given_name": "Jay"})
    assert name.status_code == 201
    assert name.json()["kind_label"] == "Alias or other name"
    address = post(
        officer_client,
        url(person, "addresses/"),
        {"line_1": "9 New Street", "postcode": "ox1 1aa", "is_current": True},
    )
    assert address.status_code == 201
    assert address.json()["postcode"] == "OX1 1AA"
    identifier = post(
        officer_client, url(person, "identifiers/"), {"kind": "pnc", "value": "26/1A"}
    )
    assert identifier.status_code == 201
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE).count() == 3
    assert Person.objects.get(pk=person.pk).identifiers.count() == 1


def test_additions_with_bad_input_are_400s_naming_the_field(officer_client, person, team):
    assert list(post(officer_client, url(person, "names/"), {"kind": "alias"}).json()) == [
        "given_name"
    ]
    response = post(officer_client, url(person, "addresses/"), {"line_1": "1", "postcode": "X"})
    assert (response.status_code, list(response.json())) == (400, ["postcode"])
    PersonIdentifier.objects.create(person=PersonFactory(team=team), kind="pnc", value="26/9Z")
    response = post(officer_client, url(person, "identifiers/"), {"kind": "pnc", "value": "26/9z"})
    assert (response.status_code, list(response.json())) == (400, ["value"])


def test_an_identifier_is_removed_and_the_removal_audited(officer_client, gateway_officer, person):
    identifier = PersonIdentifier.objects.create(person=person, kind="pnc", value="26/2B")
    response = post(
        officer_client, url(person, "identifiers/remove/"), {"kind": "pnc", "value": "26/2b"}
    )
    assert response.status_code == 204
    assert not PersonIdentifier.objects.filter(pk=identifier.pk).exists()
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, actor=gateway_officer)
    assert event.changes["identifier"] == {"old": "pnc:26/2B", "new": None}


def test_an_identifier_is_found_for_removal_as_it_is_stored(officer_client, person):
    """Added as "01632 960 001" and "::0:1", stored as digits and in the address's standard
    form: removal finds them whichever way they are typed."""
    for kind, added, typed in [
        ("phone", "01632 960 001", "(01632) 960-001"),
        ("ip_address", "::0:1", "0:0:0:0:0:0:0:1"),
    ]:
        response = post(officer_client, url(person, "identifiers/"), {"kind": kind, "value": added})
        assert response.status_code == 201, response.content
        removed = post(
            officer_client, url(person, "identifiers/remove/"), {"kind": kind, "value": typed}
        )
        assert removed.status_code == 204, removed.content
    assert not person.identifiers.exists()
    refused = post(
        officer_client, url(person, "identifiers/remove/"), {"kind": "ip_address", "value": "x"}
    )
    assert (refused.status_code, list(refused.json())) == (400, ["value"])


def test_another_persons_identifier_cannot_be_removed_through_this_one(
    officer_client, person, team
):
    elsewhere = PersonIdentifier.objects.create(
        person=PersonFactory(team=team), kind="pnc", value="26/3C"
    )
    response = post(
        officer_client, url(person, "identifiers/remove/"), {"kind": "pnc", "value": "26/3C"}
    )
    assert (response.status_code, list(response.json())) == (400, ["value"])
    assert PersonIdentifier.objects.filter(pk=elsewhere.pk).exists()


def test_a_view_only_role_cannot_add_or_remove(client, sio, person):
    identifier = PersonIdentifier.objects.create(person=person, kind="pnc", value="26/4D")
    client.force_login(sio)
    assert post(
        client, url(person, "names/"), {"kind": "alias", "given_name": "J"}
    ).status_code == (403)
    body = {"kind": "pnc", "value": identifier.value}
    assert post(client, url(person, "identifiers/remove/"), body).status_code == 403


# Merge, un-merge and "not the same person"


def test_a_merge_and_its_undoing_use_the_merge_services_and_are_audited(
    officer_client, person, team
):
    other = PersonFactory(team=team, given_name="Danny")
    response = post(
        officer_client, url(person, "merge/"), {"other": str(other.pk), "reason": "Same school"}
    )
    assert response.status_code == 201
    merge = response.json()
    assert (merge["survivor"], merge["merged"], merge["undone"]) == (
        person.reference,
        other.reference,
        False,
    )
    assert Person.objects.get(pk=other.pk).merged_into_id == person.pk
    assert AuditEvent.objects.filter(action=AuditAction.MERGE).count() == 1

    assert merge["merged_id"] == str(other.pk)
    missing = post(officer_client, url(person, f"merges/{other.pk}/undo/"), {})
    assert (missing.status_code, list(missing.json())) == (400, ["reason"])
    undone = post(officer_client, url(person, f"merges/{other.pk}/undo/"), {"reason": "Twins"})
    assert undone.status_code == 200
    assert undone.json()["undone"] is True
    assert Person.objects.get(pk=other.pk).merged_into_id is None
    assert AuditEvent.objects.filter(action=AuditAction.UNMERGE).count() == 1
    never = post(officer_client, url(other, f"merges/{person.pk}/undo/"), {"reason": "No"})
    assert never.status_code == 404


def test_not_the_same_person_is_recorded_and_refuses_a_later_merge(officer_client, person, team):
    other = PersonFactory(team=team)
    body = {"other": str(other.pk), "reason": "Different dates of birth"}
    assert post(officer_client, url(person, "not-same/"), body).status_code == 201
    assert NotSamePerson.objects.count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.MATCH_DECISION).count() == 1
    refused = post(officer_client, url(person, "merge/"), body)
    assert refused.status_code == 400
    # A refusal about no one field comes under non_field_errors, as everywhere in the API.
    assert refused.json() == {
        "non_field_errors": ["These records were recorded as different people"]
    }


def test_a_merge_with_bad_input_names_the_field(officer_client, person):
    response = post(officer_client, url(person, "merge/"), {"other": "not-an-id", "reason": ""})
    assert response.status_code == 400
    assert set(response.json()) == {"other", "reason"}


def test_a_merge_with_someone_out_of_reach_is_a_404(officer_client, person, team, sio):
    hidden = RestrictedPersonFactory(team=team, access_list=[sio])
    body = {"other": str(hidden.pk), "reason": "Same"}
    assert post(officer_client, url(person, "merge/"), body).status_code == 404
    assert Person.objects.get(pk=hidden.pk).merged_into_id is None


def test_a_role_without_the_merge_capability_gets_403(client, sio, person, team):
    other = PersonFactory(team=team)
    client.force_login(sio)
    body = {"other": str(other.pk), "reason": "Same"}
    assert post(client, url(person, "merge/"), body).status_code == 403
