"""Re-offending checks across the team's Cyber Prevent cases (the standard list: filters,
sort, pages, downloads, audit), and what a CT Prevent officer sees of a Cyber Prevent case:
only that it exists, on the person's page, never its parts."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.cases.choices import CaseType
from apps.cases.tests.factories import DueCheckFactory, SupportCaseFactory
from apps.cyber_enquiries.tests.factories import SuitableEnquiryFactory
from apps.cyber_impact.tests.factories import (
    CompletedCyberInterventionFactory,
    ConsentedInterviewFactory,
    OutcomeMeasureFactory,
    done_check,
)
from apps.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
URL = "/cyber/impact/checks/"
TODAY = timezone.localdate()


@pytest.fixture
def checks(cyber_case, cyber_officer):
    overdue = DueCheckFactory(case=cyber_case, due_on=TODAY - datetime.timedelta(days=3))
    done = done_check(cyber_case, offset_months=0, result="re_referral", officer=cyber_officer)
    return overdue, done


def test_the_officer_lists_the_teams_checks_with_who_did_them(signed_in, checks, cyber_officer):
    response = signed_in(cyber_officer).get(reverse("cyber_impact:check_list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Re-offending check 6 months after the intervention ended" in content
    assert "Overdue" in content
    assert cyber_officer.display_name in content
    assert "Re-referral" in content
    search = AuditEvent.objects.get(action=AuditAction.SEARCH)
    assert search.detail["scope"] == "cyber reoffending checks"
    assert search.detail["result_count"] == 2


def test_a_filter_narrows_and_a_bad_one_is_an_error(signed_in, checks, cyber_officer):
    client = signed_in(cyber_officer)

    def listed(**terms) -> int:
        client.get(URL, terms)
        return (
            AuditEvent.objects.filter(action=AuditAction.SEARCH)
            .latest("sequence")
            .detail["result_count"]
        )

    assert listed() == 2
    assert listed(overdue="yes") == 1
    assert listed(status="done", result="re_referral") == 1
    assert listed(result="arrest") == 0
    bad = client.get(URL, {"status": "lost"}).content.decode()
    assert "govuk-error-summary" in bad


def test_the_download_is_one_audited_export(signed_in, checks, cyber_officer, cyber_case):
    response = signed_in(cyber_officer).get(URL, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Case", "Check", "Due"]
    assert {row[0] for row in rows[1:]} == {cyber_case.reference}
    export = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert export.detail["result_count"] == 2
    assert len(export.detail["references"]) == 2


def test_other_teams_see_none_and_ct_officers_are_refused(
    signed_in, client, checks, other_cyber_officer, supervisor, colleague
):
    for user in (other_cyber_officer, supervisor):  # another Cyber team; a CT supervisor
        content = signed_in(user).get(URL).content.decode()
        assert "There are no re-offending checks." in content
    assert signed_in(colleague).get(URL).status_code == 403
    client.logout()
    anonymous = client.get(URL)
    assert anonymous.status_code == 302
    assert anonymous.url.startswith("/account/sign-in/")


def test_a_ct_prevent_officer_sees_only_that_a_cyber_case_exists(
    signed_in, cyber_team, team, colleague, cyber_officer
):
    """Across the Cyber Prevent pages and API: the person's page tells a CT Prevent officer a
    Cyber Prevent case exists (held by which team); every part of it is out of reach."""
    person = PersonFactory(team=team, given_name="Quorra", family_name="Bytewright")
    case = SupportCaseFactory(
        team=cyber_team,
        person=person,
        case_type=CaseType.CYBER_PREVENT,
        gateway_decision__outcome="cyber",
    )
    intervention = CompletedCyberInterventionFactory(case=case)
    measure = OutcomeMeasureFactory(intervention=intervention)
    interview = ConsentedInterviewFactory(case=case, contact__case=case)
    check = DueCheckFactory(case=case)
    enquiry = SuitableEnquiryFactory(team=cyber_team)
    client = signed_in(colleague)
    person_page = client.get(reverse("people:person_referrals", args=[person.pk])).content
    assert f"A Cyber Prevent case about this person is held by {cyber_team.name}" in (
        person_page.decode()
    )
    assert case.reference not in person_page.decode()
    for url in (
        reverse("cases:case_detail", args=[case.pk]),
        reverse("cases:check_list", args=[case.pk]),
        reverse("cyber_impact:case_impact", args=[case.pk]),
        interview.get_absolute_url(),
        measure.get_absolute_url(),
        intervention.get_absolute_url(),
        f"/api/v1/cases/{case.pk}/",
        f"/api/v1/interventions/{intervention.pk}/",
        f"/api/v1/reoffending-checks/{check.pk}/",
    ):
        assert client.get(url).status_code in (403, 404), url
    for url in (
        reverse("cyber_impact:interview_list"),
        reverse("cyber_impact:measure_list"),
        reverse("cyber_impact:check_list"),
        reverse("cyber_enquiries:enquiry_list"),
        enquiry.get_absolute_url(),
        "/api/v1/intelligence-interviews/",
        "/api/v1/outcome-measures/",
        "/api/v1/cyber/enquiries/",
    ):
        assert client.get(url).status_code == 403, url
    for url in ("/api/v1/cases/", "/api/v1/interventions/", "/api/v1/reoffending-checks/"):
        assert case.reference not in client.get(url).content.decode(), url
    # The Cyber Prevent officer sees it all.
    officer = signed_in(cyber_officer)
    assert officer.get(reverse("cyber_impact:case_impact", args=[case.pk])).status_code == 200
