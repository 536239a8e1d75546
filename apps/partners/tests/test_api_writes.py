"""Partners API writes: the pages' services, permissions and audit; If-Match and idempotency."""

import datetime

import pytest

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.partners.models import Contact, Engagement, Organisation, Provider
from apps.partners.tests.conftest import CONTACT_EMAIL, CONTACT_FAMILY, CONTACT_PHONE
from apps.partners.tests.factories import OrganisationFactory, approved_provider
from apps.work.models import Task

pytestmark = pytest.mark.django_db
API = "/api/v1/partners"
JSON = "application/json"


def post(client, url, body, **headers):
    return client.post(url, body, content_type=JSON, headers=headers)


def patch(client, url, body, **headers):
    return client.patch(url, body, content_type=JSON, headers=headers)


ORGANISATION = {
    "name": "Invented Heights Academy",
    "sector": "school",
    "postcode": "rg1 1aa",
    "local_authority": "E06000038",
    "urn": 990001,
}


def test_an_officer_adds_an_organisation_and_the_create_is_audited(signed_in, officer):
    response = post(signed_in(officer), f"{API}/organisations/", ORGANISATION)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["name"], body["postcode"], body["local_authority"]) == (
        "Invented Heights Academy",
        "RG1 1AA",
        "Reading",
    )
    organisation = Organisation.objects.get(pk=body["id"])
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, actor=officer, object_id=str(organisation.pk)
    ).exists()


def test_the_same_idempotency_key_creates_one_organisation(signed_in, officer):
    client = signed_in(officer)
    first = post(client, f"{API}/organisations/", ORGANISATION, **{"Idempotency-Key": "org-1"})
    again = post(client, f"{API}/organisations/", ORGANISATION, **{"Idempotency-Key": "org-1"})
    changed = post(
        client,
        f"{API}/organisations/",
        {**ORGANISATION, "name": "Another"},
        **{"Idempotency-Key": "org-1"},
    )

    assert (first.status_code, again.status_code) == (201, 201)
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert Organisation.objects.count() == 1
    assert (changed.status_code, list(changed.json())) == (422, ["Idempotency-Key"])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"sector": "not-a-sector"}, "sector"),
        ({"postcode": "nowhere"}, "postcode"),
        ({"ukprn": "12"}, "ukprn"),
        ({"lsoa": "E00000000"}, "lsoa"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(signed_in, officer, change, field):
    response = post(signed_in(officer), f"{API}/organisations/", {**ORGANISATION, **change})

    assert response.status_code == 400
    assert field in response.json()
    assert not Organisation.objects.exists()


def test_a_duplicate_urn_is_a_400_from_the_service(signed_in, officer):
    OrganisationFactory(urn=990001)

    response = post(signed_in(officer), f"{API}/organisations/", ORGANISATION)

    assert response.status_code == 400
    assert "urn" in response.json()


@pytest.mark.parametrize("role", ["analyst", "case_officer", "gateway_officer"])
def test_roles_that_only_read_the_directory_may_not_add_to_it(signed_in, make_user, role):
    response = post(signed_in(make_user(role)), f"{API}/organisations/", ORGANISATION)

    assert response.status_code == 403
    assert not Organisation.objects.exists()


def test_a_panel_member_gets_nothing_of_the_directory(signed_in, panel_member, directory):
    client = signed_in(panel_member)
    school = directory["school"]

    assert post(client, f"{API}/organisations/", ORGANISATION).status_code == 403
    assert patch(client, f"{API}/organisations/{school.pk}/", {"town": "X"}).status_code == 403


def test_a_change_needs_if_match_and_a_stale_etag_gets_the_record_as_it_is(
    signed_in, officer, supervisor, directory
):
    school = directory["school"]
    url = f"{API}/organisations/{school.pk}/"
    client = signed_in(officer)
    assert client.get(url)["ETag"] == '"1"'

    assert patch(client, url, {"town": "Wokingham"}).status_code == 428
    done = patch(client, url, {"town": "Wokingham"}, **{"If-Match": '"1"'})
    assert (done.status_code, done["ETag"], done.json()["town"]) == (200, '"2"', "Wokingham")

    stale = patch(signed_in(supervisor), url, {"town": "Bracknell"}, **{"If-Match": '"1"'})
    assert (stale.status_code, stale["ETag"], stale.json()["town"]) == (412, '"2"', "Wokingham")
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(school.pk)).get()
    assert event.changes["town"]["new"] == "Wokingham"


def test_an_analyst_may_not_change_a_record(signed_in, analyst, directory):
    url = f"{API}/organisations/{directory['school'].pk}/"

    response = patch(signed_in(analyst), url, {"town": "X"}, **{"If-Match": '"1"'})

    assert response.status_code == 403


def test_contacts_are_added_and_changed_by_officers_only(signed_in, officer, analyst, directory):
    body = {
        "given_name": "Yannick",
        "family_name": "Inventedname",
        "organisation": directory["school"].reference,
        "role": "prevent-lead",
        "vetting_level": "sc",
        "vetting_expires_on": "2029-03-31",
    }
    created = post(signed_in(officer), f"{API}/contacts/", body)
    assert created.status_code == 201, created.json()
    assert created.json()["organisation"] == directory["school"].reference

    url = f"{API}/contacts/{created.json()['id']}/"
    changed = patch(signed_in(officer), url, {"phone": "01184960002"}, **{"If-Match": '"1"'})
    assert changed.json()["phone"] == "01184960002"

    refused = signed_in(analyst)
    assert post(refused, f"{API}/contacts/", body).status_code == 403
    assert patch(refused, url, {"phone": "1"}, **{"If-Match": '"2"'}).status_code == 403
    assert Contact.objects.filter(family_name="Inventedname").count() == 1


def test_a_vetted_contact_needs_its_expiry(signed_in, officer):
    body = {"given_name": "Y", "family_name": "Z", "role": "prevent-lead", "vetting_level": "ctc"}

    response = post(signed_in(officer), f"{API}/contacts/", body)

    assert (response.status_code, list(response.json())) == (400, ["vetting_expires_on"])


def test_an_agreement_is_recorded_on_the_organisation(signed_in, officer, directory):
    school = directory["school"]
    body = {
        "title": "Safeguarding information sharing",
        "owner": officer.username,
        "signed_on": "2026-04-01",
        "review_on": "2027-04-01",
        "expires_on": "2028-03-31",
    }
    url = f"{API}/organisations/{school.pk}/agreements/"
    client = signed_in(officer)

    created = post(client, url, body, **{"Idempotency-Key": "isa-1"})
    again = post(client, url, body, **{"Idempotency-Key": "isa-1"})
    bad = post(client, url, {**body, "expires_on": "2026-01-01"})

    assert created.status_code == 201
    assert again.json()["id"] == created.json()["id"]
    assert school.agreements.count() == 1
    assert (bad.status_code, list(bad.json())) == (400, ["expires_on"])
    assert client.get(url).json()["results"][0]["title"] == "Safeguarding information sharing"


def test_a_provider_is_added_with_its_areas_and_checked(signed_in, officer):
    body = {
        "name": "Invented Mentoring Collective",
        "specialisms": ["mentoring"],
        "areas": ["E06000038"],
        "capacity": 8,
        "owner": officer.username,
    }
    client = signed_in(officer)
    created = post(client, f"{API}/providers/", body)
    assert created.status_code == 201, created.json()
    assert created.json()["areas"] == ["E06000038"]
    assert created.json()["check_outcome"] is None
    provider = Provider.objects.get(pk=created.json()["id"])

    check = post(
        client,
        f"{API}/providers/{provider.pk}/checks/",
        {
            "kind": "due_diligence",
            "checked_on": str(datetime.date.today()),
            "outcome": "approved",
            "expires_on": str(datetime.date.today() + datetime.timedelta(days=365)),
        },
    )
    assert check.status_code == 201
    assert check.json()["reviewer"] == officer.username
    shown = client.get(f"{API}/providers/{provider.pk}/").json()
    assert shown["check_outcome"] == "approved"

    emptied = patch(client, f"{API}/providers/{provider.pk}/", {"areas": []}, **{"If-Match": '"1"'})
    assert (emptied.status_code, list(emptied.json())) == (400, ["areas"])
    changed = patch(
        client, f"{API}/providers/{provider.pk}/", {"capacity": 3}, **{"If-Match": '"1"'}
    )
    assert (changed.json()["capacity"], changed.json()["check_outcome"]) == (3, "approved")


def test_a_providers_owner_must_be_an_officer_of_the_team(signed_in, officer, outsider):
    provider = approved_provider(areas=["Reading"], specialisms=["mentoring"])

    response = patch(
        signed_in(officer),
        f"{API}/providers/{provider.pk}/",
        {"owner": outsider.username},
        **{"If-Match": '"1"'},
    )

    assert (response.status_code, list(response.json())) == (400, ["owner"])


def test_a_network_and_its_meeting(signed_in, officer, directory):
    client = signed_in(officer)
    created = post(
        client,
        f"{API}/networks/",
        {
            "kind": "advisory_group",
            "name": "Invented advisory group",
            "members": [directory["contact"].reference],
        },
    )
    assert created.status_code == 201, created.json()
    assert created.json()["member_count"] == 1
    url = f"{API}/networks/{created.json()['id']}/"

    meeting = post(
        client, f"{url}meetings/", {"held_on": "2026-05-12", "summary": "Reviewed the plan"}
    )
    assert meeting.status_code == 201
    assert client.get(url).json()["meeting_count"] == 1
    bad = post(client, f"{url}meetings/", {"summary": "No date"})
    assert (bad.status_code, list(bad.json())) == (400, ["held_on"])


def test_a_session_records_its_attendance(signed_in, officer, directory):
    client = signed_in(officer)
    created = post(
        client,
        f"{API}/briefings/",
        {
            "title": "Prevent awareness for governors",
            "session_type": "prevent-awareness",
            "held_on": "2026-03-14",
            "attendance": 0,
        },
    )
    assert created.status_code == 201, created.json()
    url = f"{API}/briefings/{created.json()['id']}/"

    changed = patch(
        client,
        url,
        {
            "status": "delivered",
            "attendance": 18,
            "attendees": [directory["contact"].reference],
            "organisations": [directory["school"].reference],
            "feedback_score": "4.5",
        },
        **{"If-Match": '"1"'},
    )

    assert changed.status_code == 200, changed.json()
    assert (changed.json()["named_attendees"], changed.json()["attendance"]) == (1, 18)
    bad = patch(client, url, {"feedback_score": "7"}, **{"If-Match": '"2"'})
    assert (bad.status_code, list(bad.json())) == (400, ["feedback_score"])


def test_an_engagement_with_a_follow_up_makes_a_task(signed_in, officer, directory):
    created = post(
        signed_in(officer),
        f"{API}/engagements/",
        {
            "kind": "visit",
            "held_on": "2026-02-03",
            "organisations": [directory["school"].reference],
            "contacts": [directory["contact"].reference],
            "purpose": "Termly visit",
            "follow_up": "Book the staff briefing",
            "follow_up_due": "2026-03-01",
        },
    )

    assert created.status_code == 201, created.json()
    engagement = Engagement.objects.get(pk=created.json()["id"])
    assert Task.objects.filter(assignee=officer, title=f"Follow up {engagement.reference}").exists()


def test_an_engagement_needs_someone_engaged_with(signed_in, officer):
    response = post(
        signed_in(officer),
        f"{API}/engagements/",
        {"kind": "call", "held_on": "2026-02-03", "purpose": "A call"},
    )

    assert (response.status_code, list(response.json())) == (400, ["organisations"])


def test_an_analyst_never_sees_a_contacts_details_in_any_answer(signed_in, analyst, directory):
    client = signed_in(analyst)
    answers = [
        client.get(f"{API}/engagements/"),
        client.get(f"{API}/engagements/{directory['engagement'].pk}/"),
        client.get(f"{API}/networks/{directory['network'].pk}/"),
        client.get(f"{API}/briefings/{directory['briefing'].pk}/"),
        client.get(f"{API}/contacts/"),
        post(client, f"{API}/engagements/", {"contacts": [directory["contact"].reference]}),
    ]

    for answer in answers:
        text = answer.content.decode()
        for detail in (CONTACT_FAMILY, CONTACT_PHONE, CONTACT_EMAIL):
            assert detail not in text


def test_an_officer_cannot_name_a_contact_the_role_may_not_see(signed_in, make_user, directory):
    # A case officer may read the directory but not add to it: the write is refused first.
    response = post(
        signed_in(make_user("case_officer")),
        f"{API}/networks/",
        {"kind": "advisory_group", "name": "X", "members": [directory["contact"].reference]},
    )

    assert response.status_code == 403
