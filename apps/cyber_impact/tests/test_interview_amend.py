"""Intelligence interviews are amended, never overwritten: a correction is a new version with
its reason, the earlier text visible to supervisors and in the audit trail; field by field over
a colleague's change on the page, If-Match on the API."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.core.concurrency import sign_snapshot
from apps.cyber_impact import services
from apps.cyber_impact.models import IntelligenceInterview, InterviewVersion
from apps.cyber_impact.tests.factories import ConsentedInterviewFactory

pytestmark = pytest.mark.django_db
FIRST = "Talked about booter services (synthetic)."


@pytest.fixture
def interview(cyber_case, cyber_officer):
    return ConsentedInterviewFactory(
        case=cyber_case, created_by=cyber_officer, summary=FIRST, contact__case=cyber_case
    )


def amend(interview, officer, **values):
    return services.interview_amend(
        interview=interview,
        officer=officer,
        expected_version=interview.version,
        reason=values.pop("reason", "Typed wrongly"),
        **values,
    )


def form(interview, **overrides) -> dict:
    """The amend form as it was opened now, with `overrides` typed in."""
    data = {
        "version": interview.version,
        "snapshot": sign_snapshot(interview, services.INTERVIEW_FIELDS),
        "disposal": interview.disposal,
        "disposal_date_0": interview.disposal_date.day,
        "disposal_date_1": interview.disposal_date.month,
        "disposal_date_2": interview.disposal_date.year,
        "consent_given_by": interview.consent_given_by,
        "appropriate_adult": interview.appropriate_adult,
        "summary": interview.summary,
        "reason": "Corrected after reading the notes again",
    }
    data.update(overrides)
    return data


def test_an_amendment_is_a_new_version_and_the_first_text_is_kept(interview, cyber_officer):
    amend(interview, cyber_officer, summary="Talked about a DDoS-for-hire site (synthetic).")
    interview.refresh_from_db()
    assert interview.summary == "Talked about a DDoS-for-hire site (synthetic)."
    versions = list(InterviewVersion.objects.filter(interview=interview).order_by("number"))
    assert [(version.number, version.summary) for version in versions] == [
        (1, FIRST),
        (2, "Talked about a DDoS-for-hire site (synthetic)."),
    ]
    assert versions[1].reason == "Typed wrongly"
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(interview.pk))
    assert event.changes["summary"] == {
        "old": FIRST,
        "new": "Talked about a DDoS-for-hire site (synthetic).",
    }
    assert event.justification == "Typed wrongly"
    assert event.detail["version"] == 2


def test_the_case_contact_is_amended_with_it(interview, cyber_officer):
    amend(interview, cyber_officer, appropriate_adult="Their mother (synthetic)")
    contact = interview.contact
    latest = contact.versions.order_by("-number").first()
    assert latest.number == 2
    assert latest.other_attendees == "Their mother (synthetic)"
    assert interview.reference in latest.reason


def test_an_amendment_needs_a_reason_and_changes_nothing_without_one(interview, cyber_officer):
    with pytest.raises(ValidationError) as error:
        amend(interview, cyber_officer, reason=" ", summary="Changed")
    assert "reason" in error.value.message_dict
    interview.refresh_from_db()
    assert interview.summary == FIRST
    assert not InterviewVersion.objects.exists()


def test_a_disposal_after_the_interview_is_refused(interview, cyber_officer):
    later = interview.interviewed_at.date().replace(year=interview.interviewed_at.year + 1)
    with pytest.raises(ValidationError) as error:
        amend(interview, cyber_officer, disposal_date=later)
    assert "disposal_date" in error.value.message_dict
    assert not InterviewVersion.objects.exists()


def test_the_officer_amends_on_the_page_and_supervisors_see_the_earlier_version(
    signed_in, interview, cyber_officer, cyber_supervisor
):
    client = signed_in(cyber_officer)
    url = reverse("cyber_impact:interview_amend", args=[interview.pk])
    assert client.get(url).status_code == 200
    saved = client.post(url, form(interview, summary="Corrected summary (synthetic)."))
    assert saved.status_code == 302
    page = client.get(interview.get_absolute_url()).content.decode()
    assert "Corrected summary (synthetic)." in page
    assert 'data-testid="interview-version"' in page
    assert 'data-testid="interview-earlier"' not in page  # officers see the current text
    supervisor_page = signed_in(cyber_supervisor).get(interview.get_absolute_url())
    content = supervisor_page.content.decode()
    assert 'data-testid="interview-earlier"' in content
    assert FIRST in content


def test_a_colleagues_change_to_another_field_is_kept_with_mine(
    signed_in, interview, cyber_officer, cyber_supervisor
):
    client = signed_in(cyber_officer)
    url = reverse("cyber_impact:interview_amend", args=[interview.pk])
    opened = form(interview, appropriate_adult="Their father (synthetic)")
    amend(interview, cyber_supervisor, summary="Theirs (synthetic).")
    response = client.post(url, opened)
    assert response.status_code == 302
    interview.refresh_from_db()
    assert (interview.summary, interview.appropriate_adult) == (
        "Theirs (synthetic).",
        "Their father (synthetic)",
    )
    notices = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("Theirs are kept too" in notice for notice in notices)
    assert InterviewVersion.objects.filter(interview=interview).count() == 3


def test_a_change_to_the_same_field_is_refused_with_both_values(
    signed_in, interview, cyber_officer, cyber_supervisor
):
    client = signed_in(cyber_officer)
    url = reverse("cyber_impact:interview_amend", args=[interview.pk])
    opened = form(interview, summary="Mine (synthetic).")
    amend(interview, cyber_supervisor, summary="Theirs (synthetic).")
    response = client.post(url, opened)
    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "Theirs (synthetic)." in content
    assert "Mine (synthetic)." in content
    interview.refresh_from_db()
    assert interview.summary == "Theirs (synthetic)."


def test_a_missing_reason_on_the_page_is_named(signed_in, interview, cyber_officer):
    url = reverse("cyber_impact:interview_amend", args=[interview.pk])
    response = signed_in(cyber_officer).post(url, form(interview, reason="", summary="X"))
    assert "Give the reason for the amendment" in response.content.decode()
    assert not InterviewVersion.objects.exists()


def test_who_may_not_amend(signed_in, interview, colleague, analyst, other_cyber_officer):
    url = reverse("cyber_impact:interview_amend", args=[interview.pk])
    assert signed_in(colleague).get(url).status_code in (403, 404)
    assert signed_in(analyst).get(url).status_code == 403
    assert signed_in(other_cyber_officer).get(url).status_code == 404


def test_the_api_needs_if_match_and_a_reason(signed_in, interview, cyber_officer):
    client = signed_in(cyber_officer)
    url = f"/api/v1/intelligence-interviews/{interview.pk}/"
    change = {"summary": "Corrected over the API (synthetic).", "reason": "Typed wrongly"}
    assert client.patch(url, change, content_type="application/json").status_code == 428
    stale = client.patch(url, change, content_type="application/json", HTTP_IF_MATCH='"99"')
    assert stale.status_code == 412
    etag = client.get(url)["ETag"]
    no_reason = client.patch(
        url, {"summary": "No reason"}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert no_reason.status_code == 400
    assert "reason" in no_reason.json()
    saved = client.patch(url, change, content_type="application/json", HTTP_IF_MATCH=etag)
    assert saved.status_code == 200, saved.json()
    assert saved.json()["summary"] == "Corrected over the API (synthetic)."
    assert saved.json()["earlier_versions"] == []  # officers: the current text only
    assert IntelligenceInterview.objects.get().version == interview.version + 1
    assert InterviewVersion.objects.count() == 2


def test_supervisors_read_the_earlier_versions_over_the_api(
    signed_in, interview, cyber_officer, cyber_supervisor
):
    amend(interview, cyber_officer, summary="Second (synthetic).")
    body = signed_in(cyber_supervisor).get(f"/api/v1/intelligence-interviews/{interview.pk}/")
    earlier = body.json()["earlier_versions"]
    assert [version["summary"] for version in earlier] == [FIRST]


def test_a_ct_prevent_officer_cannot_amend_over_the_api(signed_in, interview, colleague):
    response = signed_in(colleague).patch(
        f"/api/v1/intelligence-interviews/{interview.pk}/",
        {"summary": "x", "reason": "y"},
        content_type="application/json",
        HTTP_IF_MATCH=f'"{interview.version}"',
    )
    assert response.status_code in (403, 404)
    interview.refresh_from_db()
    assert interview.summary == FIRST
