"""The enquiry pages: who may use them, bad input, the audit of every view and export, the
name searches that never find an enquiry, and conversion to a referral from the pages."""

import pytest
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.core.tests.forms import form_token, post_with_token
from apps.cyber_enquiries.choices import EnquiryStatus
from apps.cyber_enquiries.filters import EnquiryFilter
from apps.cyber_enquiries.models import AgeBand, CyberEnquiry, EnquirerType, SuitabilityDecision
from apps.cyber_enquiries.tests.factories import ReceivedEnquiryFactory, SuitableEnquiryFactory
from apps.people.models import Person
from apps.referrals.choices import ReferralStatus

pytestmark = pytest.mark.django_db

LIST = reverse("cyber_enquiries:enquiry_list")
CREATE = reverse("cyber_enquiries:enquiry_create")
MARKER = "Zyxenquirymarker"


def _form(**overrides) -> dict:
    data = {
        "received_on_0": "2",
        "received_on_1": "11",
        "received_on_2": "2026",
        "enquirer_type": EnquirerType.objects.get(code="school").pk,
        "enquirer_organisation_name": "Oakfield Academy",
        "contact_method": "email",
        "age_band": AgeBand.objects.get(code="16-17").pk,
        "concern": f"A student ran a port scan against the school network. {MARKER}",
        "skill_level": "intermediate",
        "vpn_use": "not_known",
        "act_understanding": "none",
        "autism": "not_known",
    }
    return {**data, **overrides}


def test_a_cyber_officer_records_an_enquiry_and_no_person_appears(signed_in, cyber_officer):
    client = signed_in(cyber_officer)
    response = post_with_token(client, CREATE, _form())

    enquiry = CyberEnquiry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == enquiry.get_absolute_url()
    assert not Person.objects.exists()
    page = client.get(enquiry.get_absolute_url())
    assert MARKER in page.content.decode()
    assert AuditEvent.objects.filter(action="view", object_id=str(enquiry.pk)).count() == 1


def test_bad_input_shows_the_error_summary_and_stores_nothing(signed_in, cyber_officer):
    client = signed_in(cyber_officer)
    response = post_with_token(client, CREATE, _form(concern="", age_band="", usernames="leet_kid"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "Enter the concern" in body
    assert "Select the young person&#x27;s age" in body
    assert "Only record usernames the enquirer offered" in body
    assert not CyberEnquiry.objects.exists()


def test_a_double_submit_records_one_enquiry(signed_in, cyber_officer):
    client = signed_in(cyber_officer)
    token = form_token(client.get(CREATE))
    client.post(CREATE, {**_form(), "submission_token": token})
    client.post(CREATE, {**_form(), "submission_token": token})
    assert CyberEnquiry.objects.count() == 1


@pytest.mark.parametrize("role", ["gateway_officer", "supervisor", "analyst", "panel_member"])
def test_roles_outside_cyber_prevent_are_refused(signed_in, request, role):
    enquiry = ReceivedEnquiryFactory()
    client = signed_in(request.getfixturevalue(role))
    for url in (LIST, CREATE, enquiry.get_absolute_url()):
        assert client.get(url).status_code in (403, 404), url
    assert client.get(LIST).status_code == 403


def test_anonymous_users_go_to_sign_in(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_another_cyber_teams_enquiry_is_absent_and_404(signed_in, cyber_officer):
    theirs = ReceivedEnquiryFactory(concern=MARKER)
    mine = ReceivedEnquiryFactory(team=cyber_officer.team)
    client = signed_in(cyber_officer)

    body = client.get(LIST).content.decode()
    assert mine.reference in body
    assert theirs.reference not in body
    export = client.get(LIST, {"export": "csv"}).content.decode()
    assert mine.reference in export
    assert theirs.reference not in export
    assert client.get(theirs.get_absolute_url()).status_code == 404


def test_a_listing_and_an_export_each_leave_one_audit_event(signed_in, cyber_supervisor):
    enquiry = ReceivedEnquiryFactory(team=cyber_supervisor.team)
    client = signed_in(cyber_supervisor)
    client.get(LIST, {"status": "received"})
    client.get(LIST, {"export": "xlsx"})
    search = AuditEvent.objects.get(action="search")
    export = AuditEvent.objects.get(action="export")
    assert enquiry.reference in search.detail["references"]
    assert export.detail["references"] == [enquiry.reference]


def test_an_invalid_filter_shows_the_error_summary(signed_in, cyber_officer):
    response = signed_in(cyber_officer).get(LIST, {"received_from": "last tuesday"})
    assert "govuk-error-summary" in response.content.decode()


def test_no_name_search_finds_an_enquiry(signed_in, cyber_officer, cyber_supervisor):
    """The enquiry has no name: the person search and referral search never reach it."""
    enquiry = ReceivedEnquiryFactory(
        team=cyber_officer.team,
        concern=f"{MARKER} Rowan Qwvexample: port scan",
        enquirer_contact=MARKER,
    )
    client = signed_in(cyber_supervisor)
    for url, terms in (
        (reverse("people:person_list"), {"q": MARKER}),
        (reverse("people:person_list"), {"q": "Rowan Qwvexample"}),
        (reverse("referrals:referral_list"), {"q": MARKER}),
        (reverse("referrals:referral_list"), {"q": enquiry.reference}),
    ):
        response = client.get(url, terms)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "port scan" not in body, url
        assert enquiry.get_absolute_url() not in body, url
    searches = AuditEvent.objects.filter(action="search")
    assert searches.count() == 4
    assert all(event.detail["result_count"] == 0 for event in searches)
    api = client.get("/api/v1/people/", {"q": "Qwvexample"})
    assert api.status_code == 200
    assert api.json()["count"] == 0
    assert not Person.objects.exists()
    assert "q" not in EnquiryFilter.base_filters


def test_a_decision_from_the_page(signed_in, cyber_officer):
    enquiry = ReceivedEnquiryFactory(team=cyber_officer.team)
    client = signed_in(cyber_officer)
    url = reverse("cyber_enquiries:enquiry_decide", args=[enquiry.pk])

    refused = client.post(url, {"outcome": "not_suitable", "rationale": "Fraud only"})
    assert "Select where the enquirer is signposted to" in refused.content.decode()
    assert not SuitabilityDecision.objects.exists()

    client.post(url, {"outcome": "suitable", "rationale": "Booter use: Cyber Choices"})
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.SUITABLE


def test_a_suitable_enquiry_becomes_a_referral_in_deconfliction(signed_in, cyber_officer):
    enquiry = SuitableEnquiryFactory(team=cyber_officer.team)
    client = signed_in(cyber_officer)
    url = reverse("cyber_enquiries:enquiry_convert", args=[enquiry.pk])
    data = {
        "date_received_0": "20",
        "date_received_1": "11",
        "date_received_2": "2026",
        "channel": "email",
        "given_name": "Rowan",
        "family_name": "Qwvexample",
        "referrer_name": "Alex Teacher",
        "sector": "education",
        "concern": "Port scanning the school network.",
        "concern_type": "no-ideology",
        "person_aware": "no",
        "parents_aware": "yes",
    }

    bad = post_with_token(client, url, {**data, "family_name": ""})
    assert "Enter the person&#x27;s family name" in bad.content.decode()
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.SUITABLE

    response = post_with_token(client, url, data)
    enquiry.refresh_from_db()
    referral = enquiry.referral
    assert enquiry.status == EnquiryStatus.CONVERTED
    assert referral.status == ReferralStatus.DECONFLICTION
    assert response["Location"] == reverse("gateway:deconfliction", args=[referral.pk])
    assert client.get(response["Location"]).status_code == 200
    page = client.get(referral.get_absolute_url()).content.decode()
    assert f"Came from Cyber Prevent anonymous enquiry {enquiry.reference}" in page
    assert enquiry.get_absolute_url() in page


def test_the_edit_page_changes_the_answers_and_audits_without_the_text(signed_in, cyber_officer):
    enquiry = ReceivedEnquiryFactory(team=cyber_officer.team)
    client = signed_in(cyber_officer)
    url = reverse("cyber_enquiries:enquiry_edit", args=[enquiry.pk])
    page = client.get(url).content.decode()
    version = page.split('name="version" value="')[1].split('"')[0]
    snapshot = page.split('name="snapshot" value="')[1].split('"')[0]
    response = client.post(
        url,
        {
            **_form(concern="Now also writing malware."),
            "version": version,
            "snapshot": snapshot,
        },
    )
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.concern == "Now also writing malware."
    event = AuditEvent.objects.get(action="update", object_id=str(enquiry.pk))
    assert "malware" not in str(event.changes)
    assert "concern" in event.changes
