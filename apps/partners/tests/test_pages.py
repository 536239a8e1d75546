"""Managing the directory through its pages: creates once, bad input, edits, audit."""

import datetime
import re

import pytest
from django.urls import reverse

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.core.idempotency import TOKEN_FIELD
from apps.core.tests.forms import form_token, post_with_token
from apps.partners import services
from apps.partners.models import (
    Briefing,
    ContactRole,
    Engagement,
    InformationSharingAgreement,
    Organisation,
    PartnerSector,
    Provider,
    SessionType,
)
from apps.partners.tests.conftest import CONTACT_FAMILY
from apps.partners.tests.factories import (
    ProviderFactory,
    approved_provider,
    authority,
    specialism,
)
from apps.work.models import Task

pytestmark = pytest.mark.django_db


def date_fields(name: str, value: datetime.date) -> dict:
    return {f"{name}_0": value.day, f"{name}_1": value.month, f"{name}_2": value.year}


def school_form() -> dict:
    return {
        "name": "Larkspur Rise Primary School",
        "sector": PartnerSector.objects.get(code="school").pk,
        "street": "Larkspur Rise",
        "town": "Reading",
        "postcode": "rg1 1af",
        "lsoa_code": "E01016353",
        "urn": "990999",
    }


def test_an_officer_adds_an_organisation_placed_by_its_lsoa(signed_in, officer):
    client = signed_in(officer)

    response = post_with_token(client, reverse("partners:organisation_create"), school_form())

    organisation = Organisation.objects.get(urn=990999)
    assert response.url == organisation.get_absolute_url()
    assert organisation.postcode == "RG1 1AF"
    assert organisation.local_authority.name == "Reading"
    assert organisation.team == officer.team
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(organisation.pk))
    assert event.changes["name"]["new"] == "Larkspur Rise Primary School"


def test_bad_input_names_the_field_and_stores_nothing(signed_in, officer):
    client = signed_in(officer)
    data = {**school_form(), "name": "", "postcode": "nowhere", "lsoa_code": "E09999999"}

    response = post_with_token(client, reverse("partners:organisation_create"), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Enter name" in page
    assert "Enter a real UK postcode" in page
    assert "LSOA code must be a Thames Valley LSOA" in page
    assert not Organisation.objects.exists()


def test_a_double_submit_adds_the_organisation_once(signed_in, officer):
    client = signed_in(officer)
    url = reverse("partners:organisation_create")
    data = {**school_form(), TOKEN_FIELD: form_token(client.get(url))}

    client.post(url, data)
    repeat = client.post(url, data, follow=True)

    assert Organisation.objects.count() == 1
    assert "already submitted" in repeat.content.decode()


def edit_form(client, url: str) -> dict:
    """The edit page's hidden version and snapshot, as a browser would send them back."""
    page = client.get(url).content.decode()
    found = dict(re.findall(r'name="(version|snapshot)" value="([^"]*)"', page))
    found.update(
        dict(re.findall(r'<input type="hidden" name="(version|snapshot)" value="([^"]*)"', page))
    )
    return found


def school_edit(school, **changes) -> dict:
    return {
        "name": school.name,
        "sector": school.sector_id,
        "street": school.street,
        "town": school.town,
        "postcode": school.postcode,
        "local_authority": school.local_authority_id,
        "lsoa_code": "",
        "urn": school.urn or "",
        "ukprn": school.ukprn,
        "charity_number": school.charity_number,
        **changes,
    }


def test_an_edit_of_a_field_a_colleague_changed_meanwhile_is_refused(
    signed_in, officer, supervisor, directory
):
    school = directory["school"]
    client = signed_in(officer)
    url = reverse("partners:organisation_edit", args=[school.pk])
    hidden = edit_form(client, url)
    services.organisation_update(
        organisation=school, officer=supervisor, name="Kestrel Lane Infant School"
    )

    response = client.post(url, {**school_edit(school, name="My new name"), **hidden})

    assert "was changed by someone else to “Kestrel Lane Infant School”" in (
        response.content.decode()
    )
    school.refresh_from_db()
    assert school.name == "Kestrel Lane Infant School"


def test_a_colleagues_change_to_another_field_is_kept_beside_mine(
    signed_in, officer, supervisor, directory
):
    school = directory["school"]
    client = signed_in(officer)
    url = reverse("partners:organisation_edit", args=[school.pk])
    hidden = edit_form(client, url)
    opened = school_edit(school, name="Kestrel Park School")
    services.organisation_update(organisation=school, officer=supervisor, town="Tilehurst")

    response = client.post(url, {**opened, **hidden})

    assert response.status_code == 302
    school.refresh_from_db()
    assert (school.name, school.town) == ("Kestrel Park School", "Tilehurst")


def test_an_edit_records_the_old_and_new_values(signed_in, officer, directory):
    school = directory["school"]
    client = signed_in(officer)
    url = reverse("partners:organisation_edit", args=[school.pk])
    data = {**school_edit(school, name="Kestrel Park School"), **edit_form(client, url)}

    response = client.post(url, data)

    assert response.status_code == 302
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(school.pk)).get()
    assert event.changes["name"] == {
        "old": "Kestrel Lane Primary School",
        "new": "Kestrel Park School",
    }


def test_viewing_a_contact_is_recorded(signed_in, officer, directory):
    contact = directory["contact"]

    signed_in(officer).get(reverse("partners:contact_detail", args=[contact.pk]))

    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_id=str(contact.pk), actor=officer
    ).exists()


def test_contacts_shown_on_an_organisations_page_are_recorded(signed_in, officer, directory):
    signed_in(officer).get(reverse("partners:organisation_detail", args=[directory["school"].pk]))

    event = AuditEvent.objects.filter(action=AuditAction.SEARCH, actor=officer).latest("sequence")
    assert event.detail["references"] == [directory["contact"].reference]


def test_an_export_is_recorded_with_every_reference(signed_in, officer, directory):
    signed_in(officer).get(reverse("partners:contact_list"), {"export": "xlsx"})

    event = AuditEvent.objects.get(action=AuditAction.EXPORT, actor=officer)
    assert event.detail["references"] == [directory["contact"].reference]
    assert event.detail["format"] == "xlsx"


def test_a_contact_page_answers_has_this_person_been_trained(signed_in, officer, directory):
    response = signed_in(officer).get(
        reverse("partners:contact_detail", args=[directory["contact"].pk])
    )

    assert directory["briefing"].reference in response.content.decode()
    assert directory["briefing"].held_on.strftime("%-d %B %Y") in response.content.decode()


def test_a_vetted_contact_needs_a_vetting_expiry(signed_in, officer, directory):
    data = {
        "given_name": "Ada",
        "family_name": "Invented",
        "organisation": directory["school"].pk,
        "role": ContactRole.objects.get(code="designated-safeguarding-lead").pk,
        "vetting_level": "sc",
    }

    response = post_with_token(signed_in(officer), reverse("partners:contact_create"), data)

    assert "Enter the vetting expiry date" in response.content.decode()


def test_an_agreement_is_added_to_an_organisation(signed_in, officer, directory):
    school = directory["school"]
    data = {
        "title": "Safeguarding information sharing",
        "owner": officer.pk,
        **date_fields("signed_on", datetime.date(2026, 1, 5)),
        **date_fields("review_on", datetime.date(2026, 7, 5)),
        **date_fields("expires_on", datetime.date(2027, 1, 4)),
    }

    post_with_token(
        signed_in(officer), reverse("partners:agreement_create", args=[school.pk]), data
    )

    agreement = InformationSharingAgreement.objects.get(organisation=school)
    assert agreement.expires_on == datetime.date(2027, 1, 4)


def test_an_agreement_cannot_expire_before_it_was_signed(signed_in, officer, directory):
    school = directory["school"]
    data = {
        "title": "Backwards",
        "owner": officer.pk,
        **date_fields("signed_on", datetime.date(2026, 1, 5)),
        **date_fields("review_on", datetime.date(2026, 7, 5)),
        **date_fields("expires_on", datetime.date(2025, 1, 4)),
    }

    response = post_with_token(
        signed_in(officer), reverse("partners:agreement_create", args=[school.pk]), data
    )

    assert "Expiry date must be after the date it was signed" in response.content.decode()
    assert not InformationSharingAgreement.objects.exists()


def test_a_provider_is_added_and_checked_then_offered_by_the_picker(signed_in, officer):
    client = signed_in(officer)
    data = {
        "name": "Invented Bridges Mentoring",
        "specialisms": [specialism("mentoring").pk],
        "areas": [authority("Slough").pk],
        "status": "active",
        "capacity": "4",
    }
    post_with_token(client, reverse("partners:provider_create"), data)
    provider = Provider.objects.get(name="Invented Bridges Mentoring")
    picker = reverse("partners:provider_picker")
    assert (
        provider.name not in client.get(picker, {"area": authority("Slough").pk}).content.decode()
    )

    post_with_token(
        client,
        reverse("partners:provider_check_create", args=[provider.pk]),
        {
            "kind": "home_office",
            "outcome": "approved",
            **date_fields("checked_on", datetime.date.today()),
            **date_fields("expires_on", datetime.date.today() + datetime.timedelta(days=365)),
        },
    )

    found = client.get(picker, {"area": authority("Slough").pk})
    assert provider.name in found.content.decode()
    assert "4 of 4" in found.content.decode()


def test_a_provider_needs_a_specialism_and_an_area(signed_in, officer):
    response = post_with_token(
        signed_in(officer),
        reverse("partners:provider_create"),
        {"name": "Nothing Offered", "status": "active", "capacity": "1"},
    )

    assert "Select specialisms" in response.content.decode()
    assert not Provider.objects.exists()


def test_a_session_is_recorded_with_named_attendees(signed_in, officer, directory):
    data = {
        "title": "Prevent awareness for governors",
        "session_type": SessionType.objects.get(code="prevent-awareness").pk,
        "status": "delivered",
        **date_fields("held_on", datetime.date(2026, 3, 14)),
        "local_authority": authority("Reading").pk,
        "organisations": [directory["school"].pk],
        "attendees": [directory["contact"].pk],
        "staff_attendees": [officer.pk],
        "attendance": "12",
        "feedback_score": "4.5",
    }

    post_with_token(signed_in(officer), reverse("partners:briefing_create"), data)

    briefing = Briefing.objects.get(title="Prevent awareness for governors")
    assert list(briefing.attendees.all()) == [directory["contact"]]
    assert list(briefing.deliverers.all()) == [officer]
    page = signed_in(officer).get(briefing.get_absolute_url()).content.decode()
    assert "14 March 2026" in page
    assert CONTACT_FAMILY in page


def test_a_feedback_score_above_5_is_refused(signed_in, officer):
    data = {
        "title": "Too good",
        "session_type": SessionType.objects.get(code="cyber-choices").pk,
        "status": "delivered",
        **date_fields("held_on", datetime.date(2026, 3, 14)),
        "attendance": "12",
        "feedback_score": "7",
    }

    response = post_with_token(signed_in(officer), reverse("partners:briefing_create"), data)

    assert response.status_code == 200
    assert not Briefing.objects.exists()


def test_an_engagement_needs_someone_engaged_with(signed_in, officer):
    data = {"kind": "call", **date_fields("held_on", datetime.date(2026, 3, 1)), "purpose": "x"}

    response = post_with_token(signed_in(officer), reverse("partners:engagement_create"), data)

    assert "Select at least one organisation or contact" in response.content.decode()
    assert not Engagement.objects.exists()


def test_an_engagement_is_logged(signed_in, officer, directory):
    data = {
        "kind": "visit",
        **date_fields("held_on", datetime.date(2026, 3, 1)),
        "organisations": [directory["school"].pk],
        "contacts": [directory["contact"].pk],
        "purpose": "Prevent duty self-assessment visit",
        "outcome": "Policy to be refreshed",
    }

    response = post_with_token(signed_in(officer), reverse("partners:engagement_create"), data)

    engagement = Engagement.objects.get(purpose="Prevent duty self-assessment visit")
    assert response.url == engagement.get_absolute_url()
    assert list(engagement.officers.all()) == [officer]


def test_a_network_meeting_records_the_advice(signed_in, officer, directory):
    network = directory["network"]

    post_with_token(
        signed_in(officer),
        reverse("partners:network_meeting_create", args=[network.pk]),
        {
            **date_fields("held_on", datetime.date(2026, 2, 2)),
            "summary": "Community tension after an incident",
            "advice": "Brief faith leaders before the press release",
        },
    )

    assert network.meetings.get().advice == "Brief faith leaders before the press release"


def test_the_providers_list_shows_the_latest_check(signed_in, officer):
    approved_provider(name="Checked Provider", areas=["Reading"])
    ProviderFactory(name="Unchecked Provider")

    page = signed_in(officer).get(reverse("partners:provider_list")).content.decode()

    assert "Approved" in page
    assert "None recorded" in page


def test_a_follow_up_with_a_due_date_becomes_the_officers_task(signed_in, officer, directory):
    data = {
        "kind": "meeting",
        **date_fields("held_on", datetime.date(2026, 3, 1)),
        "organisations": [directory["school"].pk],
        "purpose": "Prevent lead network meeting",
        "follow_up": "Send the referral pathway leaflet",
        **date_fields("follow_up_due", datetime.date(2026, 3, 15)),
    }

    post_with_token(signed_in(officer), reverse("partners:engagement_create"), data)

    engagement = Engagement.objects.get(purpose="Prevent lead network meeting")
    task = Task.objects.get(assignee=officer)
    assert task.due_date == datetime.date(2026, 3, 15)
    assert task.record_reference == engagement.reference
    assert task.details == "Send the referral pathway leaflet"


def test_an_engagement_without_a_follow_up_date_sets_no_task(signed_in, officer, directory):
    data = {
        "kind": "call",
        **date_fields("held_on", datetime.date(2026, 3, 1)),
        "organisations": [directory["school"].pk],
        "purpose": "Check-in call",
    }

    post_with_token(signed_in(officer), reverse("partners:engagement_create"), data)

    assert not Task.objects.exists()


def test_an_engagement_is_corrected_on_its_edit_page(signed_in, officer, directory):
    engagement = directory["engagement"]
    client = signed_in(officer)
    url = reverse("partners:engagement_edit", args=[engagement.pk])
    data = {
        "kind": "visit",
        **date_fields("held_on", engagement.held_on),
        "organisations": [directory["school"].pk],
        "contacts": [],
        "purpose": "Termly Prevent lead meeting (on site)",
        **edit_form(client, url),
    }

    response = client.post(url, data)

    assert response.status_code == 302
    engagement.refresh_from_db()
    assert engagement.kind == "visit"
    assert list(engagement.contacts.all()) == []


def test_sessions_are_found_by_attendee_for_officers_only(signed_in, officer, analyst, directory):
    briefing = directory["briefing"]
    officer_page = signed_in(officer).get(
        reverse("partners:briefing_list"), {"attendee": CONTACT_FAMILY}
    )
    assert briefing.reference in officer_page.content.decode()
    assert "Attendee" in officer_page.content.decode()
    nobody = signed_in(officer).get(reverse("partners:briefing_list"), {"attendee": "Nobody"})
    assert briefing.reference not in nobody.content.decode()

    analyst_page = signed_in(analyst).get(reverse("partners:briefing_list"))
    assert "Attendee" not in analyst_page.content.decode()
