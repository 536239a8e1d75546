"""A name, an address or an identifier sent twice is added once (one-time form tokens)."""

import pytest
from django.test import Client
from django.urls import reverse

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.core.tests.concurrency import run_together, slow_down
from apps.core.tests.forms import form_token
from apps.people import services
from apps.people.models import PersonAddress, PersonIdentifier, PersonName
from apps.people.tests.factories import PersonFactory

ADDITIONS = [
    (
        "people:person_name_add",
        {"kind": "alias", "given_name": "Jay", "family_name": "Examplename"},
        PersonName,
        "name",
    ),
    (
        "people:person_address_add",
        {"line_1": "9 New Street", "postcode": "OX1 1AA", "is_current": "on"},
        PersonAddress,
        "address",
    ),
    (
        "people:person_identifier_add",
        {"kind": "pnc", "value": "26/654321B"},
        PersonIdentifier,
        "identifier",
    ),
]


def updates(person):
    return AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(person.pk))


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "posted", "model", "noun"), ADDITIONS)
def test_an_addition_sent_twice_is_added_once(
    client, gateway_officer, team, name, posted, model, noun
):
    person = PersonFactory(team=team)
    before = model.objects.filter(person=person).count()
    client.force_login(gateway_officer)
    url = reverse(name, args=[person.pk])
    posted = {**posted, "submission_token": form_token(client.get(url))}
    first = client.post(url, posted)
    second = client.post(url, posted)
    assert first.url == second.url == person.get_absolute_url()
    assert model.objects.filter(person=person).count() == before + 1
    assert updates(person).count() == 1
    page = client.get(second.url).content.decode()
    assert f"This {noun} was already submitted, so it was not recorded again." in page


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "posted", "model", "noun"), ADDITIONS)
def test_an_addition_without_its_token_adds_nothing(
    client, gateway_officer, team, name, posted, model, noun
):
    person = PersonFactory(team=team)
    before = model.objects.filter(person=person).count()
    client.force_login(gateway_officer)
    response = client.post(reverse(name, args=[person.pk]), posted)
    assert response.status_code == 200
    assert "This page had expired, so nothing was saved" in response.content.decode()
    assert model.objects.filter(person=person).count() == before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_posts_of_one_identifier_form_add_it_once(
    gateway_officer, team, monkeypatch
):
    """Both pass the identifier check; the second waits on the token, then is sent on."""
    person = PersonFactory(team=team)
    client = Client()
    client.force_login(gateway_officer)
    url = reverse("people:person_identifier_add", args=[person.pk])
    posted = {"kind": "pnc", "value": "26/654321B", "submission_token": form_token(client.get(url))}
    # Hold the first addition open while the second request arrives.
    slow_down(monkeypatch, services, "person_identifier_add")

    def post():
        twin = Client()
        twin.cookies = client.cookies
        return twin.post(url, posted)

    responses = run_together(post, post)
    assert [response.status_code for response in responses] == [302, 302]
    assert {response.url for response in responses} == {person.get_absolute_url()}
    assert PersonIdentifier.objects.filter(person=person).count() == 1
